/** The languages every user-facing string exists in. */
export const languages = ['fr', 'en', 'de'] as const;
export type Lang = (typeof languages)[number];

/** A user-facing text in every supported language. */
export type Localized = Record<Lang, string>;

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/**
 * First supported language of an Accept-Language header or navigator.languages,
 * in the order given (q-values are ignored: browsers list in preference order).
 */
export function firstSupportedLang(candidates: readonly string[]): Lang | undefined {
  for (const candidate of candidates) {
    const primary = candidate.trim().split(/[-_;]/)[0]?.toLowerCase();
    if (isLang(primary)) return primary;
  }
  return undefined;
}
