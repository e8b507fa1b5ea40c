import { Readable } from 'node:stream';
import Busboy, { type BusboyInstance } from '@fastify/busboy';
import { GuichetError } from '../errors.ts';
import { everyLanguage } from '../words/index.ts';

/** What a multipart submission may hold, from its form's definition. */
export interface MultipartLimits {
  /** The most bytes of the one text part (`payload`). */
  textBytes: number;
  /** The form's file fields and the most files each takes. */
  maxFiles: ReadonlyMap<string, number>;
}

export interface MultipartParts {
  /** The `payload` part, if it came. */
  payload: string | undefined;
  files: { fieldId: string; name: string; bytes: Uint8Array }[];
}

const requestWords = everyLanguage('request');

const tooManyParts = new GuichetError('too_large', {
  message: requestWords.tooManyParts,
});

/** The escapes the HTML standard's multipart/form-data encoding puts in a file name (a line break, a quote), undone. */
const htmlNameEscapes: Record<string, string> = { '%0a': '\n', '%0d': '\r', '%22': '"' };
const unescapeName = (name: string) => name.replace(/%0[ad]|%22/gi, (escape) => htmlNameEscapes[escape.toLowerCase()]!);

const malformed = (en: string) =>
  new GuichetError('bad_request', { message: requestWords.malformed(en) });

/**
 * Reads a multipart body as it streams in (busboy: linear, bounded), and
 * stops at the first part past what the form allows: the `payload` text and
 * one part per file its fields take. A file field's maxFiles + 1st part ends
 * the reading there, with that part kept (empty) so the file check names the
 * limit; any part past the total is a 413. The rest of the body is read
 * and dropped, unparsed.
 */
export function readMultipart(request: Request, limits: MultipartLimits): Promise<MultipartParts> {
  const totalFiles = [...limits.maxFiles.values()].reduce((sum, n) => sum + n, 0);
  const parts: MultipartParts = { payload: undefined, files: [] };
  const perField = new Map<string, number>();
  return new Promise<MultipartParts>((resolve, reject) => {
    let parser: BusboyInstance;
    try {
      parser = new Busboy({
        headers: { 'content-type': request.headers.get('content-type') ?? '' },
        limits: { parts: totalFiles + 2, fields: 1, files: totalFiles + 1, fieldSize: limits.textBytes, fieldNameSize: 200, headerPairs: 20 },
      });
    } catch {
      reject(malformed('multipart/form-data without a boundary'));
      return;
    }
    const source = request.body ? Readable.fromWeb(request.body as import('node:stream/web').ReadableStream<Uint8Array>) : Readable.from([]);
    let settled = false;
    const pending: Promise<unknown>[] = [];
    const stop = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      // The rest is read and dropped (the body limit bounds it), so the client, still sending, hears the answer.
      source.unpipe(parser);
      source.resume();
      outcome();
    };
    parser.on('field', (name, value, _nameTruncated, valueTruncated) => {
      if (name !== 'payload') return stop(() => reject(malformed(`part “${name.slice(0, 50)}”: only payload and files`)));
      if (valueTruncated) return stop(() => reject(new GuichetError('too_large')));
      parts.payload = value;
    });
    parser.on('file', (fieldId, stream, sentName) => {
      const filename = unescapeName(sentName);
      const count = (perField.get(fieldId) ?? 0) + 1;
      perField.set(fieldId, count);
      const max = limits.maxFiles.get(fieldId);
      if (max !== undefined && count > max) {
        stream.resume();
        parts.files.push({ fieldId, name: filename, bytes: new Uint8Array(0) });
        return stop(() => resolve(parts));
      }
      if (parts.files.length >= totalFiles) {
        stream.resume();
        return stop(() => reject(tooManyParts));
      }
      // Its place is taken now: the files keep the order they were sent in.
      const file = { fieldId, name: filename, bytes: new Uint8Array(0) };
      parts.files.push(file);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      pending.push(
        new Promise<void>((done) =>
          stream.on('end', () => {
            file.bytes = new Uint8Array(Buffer.concat(chunks));
            done();
          }),
        ),
      );
    });
    parser.on('partsLimit', () => stop(() => reject(tooManyParts)));
    parser.on('filesLimit', () => stop(() => reject(tooManyParts)));
    parser.on('fieldsLimit', () => stop(() => reject(malformed('one payload part'))));
    parser.on('error', (error: unknown) => stop(() => reject(error instanceof GuichetError ? error : malformed('not multipart/form-data'))));
    parser.on('finish', () => {
      if (settled) return;
      settled = true;
      Promise.all(pending).then(() => resolve(parts), reject);
    });
    source.on('error', (error) => stop(() => reject(error instanceof GuichetError ? error : malformed('the body ended early'))));
    source.pipe(parser);
  });
}
