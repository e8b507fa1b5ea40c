import { randomBytes } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { isShown } from '../../forms/compile.ts';
import { acceptedKinds, fileErrors, fileLimits } from '../../forms/files.ts';
import { fileMessages } from '../../forms/locales/files.ts';
import type { FormDefinition } from '../../forms/definition.ts';
import { type FileKind, fileKinds } from '../../forms/file-kinds.ts';
import type { Lang } from '../../forms/lang.ts';
import { GuichetError } from '../errors.ts';
import type { AttachmentRow } from '../store/schema.ts';
import type { Attachment } from '../wire/tickets.ts';

/** A file part as it arrived: the name and bytes are the sender's, nothing else of theirs is kept. */
export interface SentFile {
  fieldId: string;
  name: string;
  bytes: Uint8Array;
}

/** A file that passed every check, with the type its content proved and the name it will be offered under. */
export interface AcceptedFile {
  fieldId: string;
  name: string;
  type: string;
  bytes: Uint8Array;
}

export const attachmentView = (row: AttachmentRow): Attachment => ({ id: row.id, fieldId: row.field_id, name: row.name, type: row.type, size: row.size });

export const newAttachmentId = () => randomBytes(16).toString('base64url');

/**
 * A file larger than its field allows is refused as a whole request (`too_large`),
 * before its content is even looked at.
 */
export function refuseOversizedFiles(form: FormDefinition, files: readonly SentFile[], lang: Lang): void {
  const fields = new Map<string, string[]>();
  for (const file of files) {
    const field = form.fields.find((f) => f.id === file.fieldId && f.type === 'file');
    if (!field) continue;
    const { maxSize } = fileLimits(field);
    if (file.bytes.byteLength > maxSize) fields.set(field.id, [fileMessages[lang].fileTooLarge(Math.round((maxSize / 1048576) * 10) / 10)]);
  }
  if (fields.size > 0) throw new GuichetError('too_large', { fields: Object.fromEntries(fields) });
}

/**
 * Checks the files against the definition (presence, count, size) and each
 * file's content against the kinds its field accepts. The content decides:
 * the name's extension and the declared Content-Type are never trusted.
 * Files of a field that showIf hides are dropped, like its values.
 */
export async function checkFiles(
  form: FormDefinition,
  values: Record<string, unknown>,
  files: readonly SentFile[],
  lang: Lang,
): Promise<{ accepted: AcceptedFile[]; errors: Record<string, string[]> }> {
  // Part names are the sender's: Maps, so "__proto__" or "toString" is just a name.
  const sizes = new Map<string, { size: number }[]>();
  for (const file of files) {
    const sizesOfField = sizes.get(file.fieldId);
    if (sizesOfField) sizesOfField.push({ size: file.bytes.byteLength });
    else sizes.set(file.fieldId, [{ size: file.bytes.byteLength }]);
  }
  const errors = new Map(Object.entries(fileErrors(form, values, sizes, lang)));
  const accepted: AcceptedFile[] = [];
  for (const file of files) {
    const field = form.fields.find((f) => f.id === file.fieldId && f.type === 'file');
    if (!field || !isShown(form, field, values) || errors.has(field.id)) continue;
    const detected = await fileTypeFromBuffer(file.bytes);
    const kind = field.accept?.find((k) => fileKinds[k].mime === detected?.mime);
    if (kind) accepted.push({ fieldId: field.id, name: storedName(file.name, kind), type: fileKinds[kind].mime, bytes: file.bytes });
    else errors.set(field.id, [fileMessages[lang].fileType(acceptedKinds(field))]);
  }
  return { accepted: errors.size > 0 ? [] : accepted, errors: Object.fromEntries(errors) };
}

/** Characters that have no place in a file name: controls, line breaks, and the marks that reorder text. */
const unsafe = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/**
 * The name a file is shown and downloaded under: the sender's last path
 * segment, without controls, at most 200 characters, ending in the extension
 * of the kind its content proved (a PNG named `run.exe` becomes `run.exe.png`).
 */
export function storedName(sent: string, kind: FileKind): string {
  const extension = fileKinds[kind].extension;
  const base = (sent.normalize('NFC').split(/[\\/]/).pop() ?? '').replace(unsafe, '').trim().replace(/^\.+/, '').slice(0, 200);
  if (!base) return `attachment.${extension}`;
  const own = /\.([^.]+)$/.exec(base)?.[1]?.toLowerCase();
  return own === extension || own === kind ? base : `${base}.${extension}`;
}

/** A size as people read it: "820 B", "12 KB", "4.5 MB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1048576) return `${Math.round(bytes / 1024)} KB`;
  return `${Math.round((bytes / 1048576) * 10) / 10} MB`;
}
