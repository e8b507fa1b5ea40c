import { html, type TemplateResult } from 'lit';
import type { FieldDefinition } from '../../forms/definition.ts';
import type { Lang } from '../../forms/lang.ts';

/** `full`: with the weekday, for what happens next ("closes on Friday 13 March 2026 at 18:00"); else the date and time of what happened. */
const styles = {
  full: { dateStyle: 'full', timeStyle: 'short' },
  long: { dateStyle: 'long', timeStyle: 'short' },
  /** A calendar date from a form's date field (`YYYY-MM-DD`, read at midnight UTC). */
  date: { dateStyle: 'long', timeZone: 'UTC' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

/** An instant in the reader's language and time zone; a value that is not a date is shown as sent. */
export function formatInstant(lang: Lang, iso: string, style: keyof typeof styles = 'long'): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat(lang, styles[style]).format(date);
}

/** The same, as a `<time>` element, so assistive technology and scripts can read the exact instant. */
export const instant = (lang: Lang, iso: string, style?: keyof typeof styles): TemplateResult =>
  html`<time datetime=${iso}>${formatInstant(lang, iso, style)}</time>`;

/** A submitted value as the requester chose it: option labels, dates and numbers in the reader's language. */
export function formatValue(words: { yes: string; no: string }, lang: Lang, value: unknown, field: FieldDefinition | undefined): string {
  if (Array.isArray(value)) return value.map((v) => formatValue(words, lang, v, field)).join(', ');
  if (typeof value === 'boolean') return value ? words.yes : words.no;
  if (typeof value === 'number') return new Intl.NumberFormat(lang).format(value);
  const option = field?.options?.find((o) => o.value === value);
  if (option) return option.label[lang];
  if (field?.type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(String(value))) return formatInstant(lang, `${value}T00:00:00Z`, 'date');
  return value == null ? '' : String(value);
}
