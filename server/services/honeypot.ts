import type { Lang } from '../../forms/lang.ts';
import { GuichetError } from '../errors.ts';
import { everyLanguage } from '../words/index.ts';

/**
 * The honeypot: a member of the submission body, beside `data` (not inside:
 * `data` is checked by the form's compiled schema, shared with the browser,
 * where an unknown key is a `validation` error naming it). The form renders it as an input
 * named `website` that people never see or reach; robots that fill every
 * input fill it.
 */
export const honeypotField = 'website';

const message = everyLanguage('request').honeypot;

export function isFilled(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/**
 * A filled honeypot: no ticket. A `validation` error with a neutral message for the payload as
 * a whole (`fields[""]`), not a fake ticket: a fake success would hide the trap
 * from robots a little longer, but would tell a person whose browser filled the
 * field that their request was sent when it was not.
 */
export function honeypotError(lang: Lang): GuichetError {
  return new GuichetError('validation', { message, fields: { '': [message[lang]] } });
}
