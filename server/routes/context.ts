import type { Context } from 'hono';
import { isLang, type Lang } from '../../forms/lang.ts';
import type { AppEnv } from '../middleware/context.ts';

export type { AppEnv };

export function languageOf(c: Context<AppEnv>, bodyLang?: string): Lang {
  if (!c.get('langFromQuery') && isLang(bodyLang)) return bodyLang;
  return c.get('lang');
}
