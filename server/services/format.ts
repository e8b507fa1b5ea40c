import type { Lang } from '../../forms/lang.ts';

const locales: Record<Lang, string> = { fr: 'fr-CH', en: 'en-GB', de: 'de-CH' };

/** A date and time as a requester reads it, in the service's time zone: "lundi 23 novembre 2026 à 18:00". */
export function formatInstant(instant: Date | string, lang: Lang, timeZone: string): string {
  return new Intl.DateTimeFormat(locales[lang], { dateStyle: 'full', timeStyle: 'short', timeZone }).format(new Date(instant));
}
