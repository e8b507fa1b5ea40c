import type { Lang, Localized } from '../../forms/lang.ts';
import { de } from './de.ts';
import { en } from './en.ts';
import { fr } from './fr.ts';
import type { ServerWords } from './shape.ts';

export type { ServerWords } from './shape.ts';

/** The server's words in each language (one file per language, one shape). */
export const serverWords: Readonly<Record<Lang, ServerWords>> = { fr, en, de };

/** A section of the words as the services use them: each word in every language at once, a sentence's function giving every language. */
export type InEveryLanguage<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => string ? (...args: A) => Localized : T[K] extends string ? Localized : InEveryLanguage<T[K]>;
};

function gather(values: Record<Lang, unknown>): unknown {
  const { fr: sample } = values;
  if (typeof sample === 'string') return values;
  if (typeof sample === 'function') {
    return (...args: unknown[]) => ({
      fr: (values.fr as (...a: unknown[]) => string)(...args),
      en: (values.en as (...a: unknown[]) => string)(...args),
      de: (values.de as (...a: unknown[]) => string)(...args),
    });
  }
  const sections = values as Record<Lang, Record<string, unknown>>;
  return Object.fromEntries(Object.keys(sections.fr).map((key) => [key, gather({ fr: sections.fr[key], en: sections.en[key], de: sections.de[key] })]));
}

/** One section of the words, each in every language: `everyLanguage('lifecycle').notAgent` is `{ fr, en, de }`. */
export function everyLanguage<K extends keyof ServerWords>(section: K): InEveryLanguage<ServerWords[K]> {
  return gather({ fr: fr[section], en: en[section], de: de[section] }) as InEveryLanguage<ServerWords[K]>;
}
