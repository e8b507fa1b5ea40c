import type { Lang } from '../lang.ts';
import { de } from './de.ts';
import { en } from './en.ts';
import { fr } from './fr.ts';
import type { ValidationMessages } from './messages.ts';

export const validationMessages: Record<Lang, ValidationMessages> = { fr, en, de };
export type { ValidationMessages };
