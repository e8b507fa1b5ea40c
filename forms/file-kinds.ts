/**
 * The kinds of file a `file` field may accept, each with the one MIME type its
 * content is recognised as (server/services/attachments.ts detects it from the
 * bytes, never from the name) and the extension a stored name must carry.
 */
export const fileKinds = {
  pdf: { mime: 'application/pdf', extension: 'pdf' },
  png: { mime: 'image/png', extension: 'png' },
  jpeg: { mime: 'image/jpeg', extension: 'jpg' },
  gif: { mime: 'image/gif', extension: 'gif' },
  webp: { mime: 'image/webp', extension: 'webp' },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  odt: { mime: 'application/vnd.oasis.opendocument.text', extension: 'odt' },
  ods: { mime: 'application/vnd.oasis.opendocument.spreadsheet', extension: 'ods' },
  zip: { mime: 'application/zip', extension: 'zip' },
} as const;

export type FileKind = keyof typeof fileKinds;
// Pure: the embed, which needs only the limits below, must not carry the table.
export const fileKindNames = /* @__PURE__ */ Object.keys(fileKinds) as [FileKind, ...FileKind[]];

/** Limits of a file field when its definition sets none (DESIGN: 10 MB, one file). */
export const defaultMaxFiles = 1;
export const defaultMaxSize = 10 * 1024 * 1024;
/** The most a definition may allow per file. */
export const largestMaxSize = 25 * 1024 * 1024;
