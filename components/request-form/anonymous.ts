// An anonymous requester's controls and the ALTCHA widget's loader: a chunk of
// the embed (dist/embed/guichet-anonymous-<hash>.js) that only a form open to
// anonymous requesters loads, so every other page keeps within the 30 KB budget.
import { html, nothing, type TemplateResult } from 'lit';
import type { FieldErrors } from '../../forms/compile.ts';
import type { Lang } from '../../forms/lang.ts';
import { loadAltcha, onAltchaWorkerFailure } from '../internal/altcha.ts';
import type { Translation } from '../internal/localize.ts';
import { anonymousWords } from './anonymous-words.ts';
import { altchaKey, requesterEmail, requesterName } from './requester-keys.ts';

/** Calls `blocked` when the check's worker does not start on this page; returns what stops listening. */
export const whenAltchaBlocked = onAltchaWorkerFailure;

/** Loads the ALTCHA widget from the server at `base` and adopts its stylesheet in `root`. */
export function showAltcha(root: ShadowRoot, base: string): void {
  loadAltcha(base).then(
    (sheet) => {
      if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    },
    () => console.warn(`guichet:W005 ${base}/embed/altcha.js did not load`),
  );
}

/**
 * Who an anonymous requester is, and the ALTCHA check (its error under it,
 * from the server's 422). The widget's payload input is named `altcha`, its
 * default, and it speaks the form's language (the server adds fr and de).
 * `altchaBlocked`: its worker did not start here, which the visitor is told.
 */
export function requesterControls(t: Translation, errors: FieldErrors, lang: Lang, challenge: string, altchaBlocked: boolean): TemplateResult {
  const input = (id: string, type: string, label: string, required: boolean) =>
    html`<div part="field" class="field${errors[id] ? ' invalid' : ''}">
      <label part="label" for=${id}>${label} ${required ? html`<span class="required" aria-hidden="true">*</span>` : nothing}</label>
      <input
        part="input"
        type=${type}
        id=${id}
        name=${id}
        autocomplete=${type === 'email' ? 'email' : 'name'}
        ?required=${required}
        aria-invalid=${errors[id] ? 'true' : nothing}
        aria-describedby="${id}__error"
      />
      <div part="error-text" class="error" id="${id}__error">${errors[id]?.join(' ') ?? nothing}</div>
    </div>`;
  return html`${input(requesterName, 'text', t.requesterName, false)} ${input(requesterEmail, 'email', t.requesterEmail, true)}
    <div part="field" class="field${errors[altchaKey] ? ' invalid' : ''}">
      <altcha-widget id=${altchaKey} tabindex="-1" language=${lang} challenge=${challenge}></altcha-widget>
      <div part="error-text" class="error" id="${altchaKey}__error">${errors[altchaKey]?.join(' ') ?? nothing}</div>
      ${altchaBlocked ? html`<p part="error-text" class="error" id="${altchaKey}__blocked" role="alert">${anonymousWords[lang].altchaBlocked}</p>` : nothing}
    </div>`;
}
