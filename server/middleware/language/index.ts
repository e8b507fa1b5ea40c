import type { MiddlewareHandler } from 'hono';
import { firstSupportedLang, isLang, type Lang } from '../../../forms/lang.ts';
import type { AppEnv } from '../context.ts';

export function acceptLanguage(header: string | undefined): Lang | undefined {
  return header ? firstSupportedLang(header.split(',')) : undefined;
}

/** The request's language: `?lang`, else Accept-Language, else the default. */
export function chooseLanguage(defaultLang: Lang): MiddlewareHandler<AppEnv> {
  return async function chooseLanguage(c, next) {
    const query = c.req.query('lang');
    c.set('langFromQuery', isLang(query));
    c.set('lang', isLang(query) ? query : (acceptLanguage(c.req.header('accept-language')) ?? defaultLang));
    await next();
  };
}
