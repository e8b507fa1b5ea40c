import { html, nothing, type TemplateResult } from 'lit';
import type { Lang } from '../../forms/lang.ts';
import type { TicketEvent } from '../../server/wire/tickets.ts';
import { ApiError } from './api.ts';
import { instant } from './format.ts';
import type { Translation } from './localize.ts';

/** Why a component shows nothing else; the words are picked at render time, in the current language. */
export type Problem = 'missing' | 'invalid' | 'signin' | 'network' | { message: string };

/** Every failure as an ApiError; status 0 when the server could not be reached. */
const asApiError = (error: unknown): ApiError => (error instanceof ApiError ? error : new ApiError(0, 'network'));

/** A failed read as the reader understands it. */
export function problemOf(error: unknown): Problem {
  const { status, serverMessage } = asApiError(error);
  if (status === 401) return 'signin';
  // A wrong or expired token is a 404 (no enumeration); 403 means the same to the reader.
  if (status === 404 || status === 403) return 'invalid';
  return status && serverMessage ? { message: serverMessage } : 'network';
}

export const problemText = (t: Translation, problem: Problem): string =>
  typeof problem === 'object'
    ? problem.message
    : { missing: t.statusMissing, invalid: t.statusInvalid, signin: t.signInToSee, network: t.networkError }[problem];

/** A failed write, in words: the server's own (already in the request's language) when it gave some. */
export function errorText(t: Translation, error: unknown): string {
  const { status, serverMessage } = asApiError(error);
  return status ? (serverMessage ?? t.genericError) : t.networkError;
}

/** The polite region that says a component is loading or why it shows nothing; empty otherwise. */
export const notice = (text: string | undefined, alert: boolean): TemplateResult =>
  html`<div role="status" part="message" class=${text ? (alert ? 'message alert' : 'message') : ''}>${text ?? nothing}</div>`;

/** One entry of a ticket's public history. */
export const eventItem = (lang: Lang, event: TicketEvent): TemplateResult =>
  html`<li>
    <div class="event-head">
      <span class="event-type">${event.label}</span>
      ${event.author ? html`<span class="muted">${event.author}</span>` : nothing} <span class="muted">${instant(lang, event.at)}</span>
    </div>
    ${event.body ? html`<p class="event-body">${event.body}</p>` : nothing}
  </li>`;

/** A text control's value, trimmed; '' when absent. */
export const formText = (data: FormData, name: string): string => String(data.get(name) ?? '').trim();

export interface TextForm {
  /** The form's class, and the textarea's id and name. */
  name: string;
  /** The textarea's label; without one, the form is its button alone. */
  label?: string;
  button: string;
  busy: boolean;
  /** The last failure, announced by the alert region. */
  alert: string;
  required?: boolean;
  onSubmit: (event: SubmitEvent) => void;
  /** Controls before the textarea (the rating). */
  before?: unknown;
}

/**
 * A form around one textarea (or none) and a native submit button, disabled
 * while it sends; a failure shows in its alert region and what was typed stays.
 */
export const textForm = (t: Translation, f: TextForm): TemplateResult =>
  html`<form part="form" class=${f.name} @submit=${f.onSubmit}>
    ${f.before ?? nothing}
    ${f.label
      ? html`<label part="label" for=${f.name}>${f.label}</label>
          <textarea part="input" id=${f.name} name=${f.name} rows="4" ?required=${f.required} ?disabled=${f.busy}></textarea>`
      : nothing}
    <div role="alert" part="alert" class=${f.alert ? 'message alert' : ''}>${f.alert}</div>
    <button part="submit-button" class="submit" type="submit" ?disabled=${f.busy}>${f.busy ? t.submitting : f.button}</button>
  </form>`;
