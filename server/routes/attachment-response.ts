import type { Context } from 'hono';
import type { AttachmentDownload } from '../services/requester-tickets.ts';

/** RFC 5987 `ext-value` characters: encodeURIComponent leaves these few that it may not hold. */
const encodeFilename = (name: string) => encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * An attachment as a download, never as a page: the browser saves it under its
 * (percent-encoded, so header-safe) name, does not guess another type, and
 * would run nothing in it even if opened.
 */
export function sendAttachment(c: Context, file: AttachmentDownload): Response {
  // The route documents this answer with schemas.ts's attachmentDownload.
  return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': file.type,
    'Content-Disposition': `attachment; filename*=UTF-8''${encodeFilename(file.name)}`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': 'sandbox',
    'Cache-Control': 'private, no-store',
  });
}
