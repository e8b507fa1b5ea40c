import type { Lang } from '../../forms/lang.ts';

const locales: Record<Lang, string> = { fr: 'fr-CH', en: 'en-GB', de: 'de-CH' };

// Building a formatter costs far more than using one; the sweep formats thousands of dates.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** A date and time as a requester reads it, in the service's time zone: "lundi 23 novembre 2026 à 18:00". */
export function formatInstant(instant: Date | string, lang: Lang, timeZone: string): string {
  const key = `${lang}|${timeZone}`;
  let formatter = formatters.get(key);
  if (!formatter) formatters.set(key, (formatter = new Intl.DateTimeFormat(locales[lang], { dateStyle: 'full', timeStyle: 'short', timeZone })));
  return formatter.format(new Date(instant));
}
