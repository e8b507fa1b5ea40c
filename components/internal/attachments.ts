// The attachment UI, a chunk of its own (dist/embed/guichet-attachments-<hash>.js):
// only a form with a file field or a ticket with attachments loads it, so
// every other page keeps the embed within its 30 KB budget.
import { html, type TemplateResult } from 'lit';
import { isShown, type Validation } from '../../forms/compile.ts';
import type { FieldDefinition, FormDefinition } from '../../forms/definition.ts';
import { fileErrors, fileLimits } from '../../forms/files.ts';
import type { Lang } from '../../forms/lang.ts';
import type { Attachment } from '../../server/wire/tickets.ts';
import type { Api } from './api.ts';

/** The values' check, with the files' added (presence, count, size: the server also checks their content). */
export function withFiles(result: Validation, form: FormDefinition, values: Record<string, unknown>, files: ReadonlyMap<string, readonly File[]>, lang: Lang): Validation {
  const errors = fileErrors(form, values, files, lang);
  return Object.keys(errors).length ? { ok: false, errors: { ...(result.ok ? {} : result.errors), ...errors } } : result;
}

/** A file input's `accept`: extensions, a hint for the picker only (the server reads the content); the MIME table would cost ~0.2 KB gzip. */
export const accept = (field: FieldDefinition): string | undefined => field.accept?.map((kind) => `.${kind}${kind === 'jpeg' ? ',.jpg' : ''}`).join();

/**
 * The files chosen in the fields `values` show, as the multipart body's maker
 * (the JSON body as the `payload` part, each file a part named after its
 * field); none chosen, none: the body stays JSON.
 */
export function multipart(form: FormDefinition, values: Record<string, unknown>, chosen: ReadonlyMap<string, readonly File[]>): ((json: object) => FormData) | undefined {
  const files = form.fields.filter((f) => f.type === 'file' && isShown(form, f, values)).flatMap((f) => (chosen.get(f.id) ?? []).map((file) => [f.id, file] as const));
  if (!files.length) return undefined;
  return (json) => {
    const body = new FormData();
    body.append('payload', JSON.stringify(json));
    for (const [field, file] of files) body.append(field, file);
    return body;
  };
}

/** Whether a file input takes several files. */
export const multiple = (field: FieldDefinition): boolean => field.type === 'file' && fileLimits(field).maxFiles > 1;

/** The list's heading and the button that saves an attachment (its name follows, for screen readers). */
const words: Record<Lang, { heading: string; download: string }> = {
  fr: { heading: 'Pièces jointes', download: 'Télécharger' },
  en: { heading: 'Attachments', download: 'Download' },
  de: { heading: 'Anhänge', download: 'Herunterladen' },
};

/** Fetches the file with the ticket's token (never put in a URL), then saves it through a short-lived object URL. */
async function download(api: Api, number: string, token: string | undefined, attachment: Attachment): Promise<void> {
  const url = URL.createObjectURL(await api.attachment(number, token, attachment.id));
  const link = Object.assign(document.createElement('a'), { href: url, download: attachment.name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The files sent with a request, each with its size and a download button. */
export function attachmentList(lang: Lang, attachments: readonly Attachment[], api: Api, number: string, token: string | undefined): TemplateResult {
  const t = words[lang];
  return html`<h3>${t.heading}</h3>
    <ul part="attachments">
      ${attachments.map(
        (a) => html`<li>
          ${a.name} (${new Intl.NumberFormat(lang, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 }).format(Math.ceil(a.size / 1024))})
          <button part="download-button" type="button" aria-label=${`${t.download} ${a.name}`} @click=${() => void download(api, number, token, a)}>${t.download}</button>
        </li>`,
      )}
    </ul>`;
}
