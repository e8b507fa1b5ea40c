import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { fileLimits } from '../../../forms/files.ts';
import type { Catalogue } from '../../catalogue.ts';
import { GuichetError } from '../../errors.ts';
import type { AppEnv } from '../context.ts';

const submissionPath = /^\/api\/forms\/([^/]+)\/submissions$/;
const multipart = /^multipart\/form-data\b/i;

function formIdOf(path: string): string | undefined {
  const encoded = submissionPath.exec(path)?.[1];
  try {
    return encoded === undefined ? undefined : decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

/**
 * The most a request body may hold, counted as it streams in (a lying
 * Content-Length does not help): `jsonBytes` everywhere, except a multipart
 * submission to a form with file fields, which may add every file its fields
 * allow (maxFiles × maxSize each), and raw mail, which has its own limit on
 * its route.
 */
export function createBodyLimits(catalogue: Catalogue, jsonBytes: number): MiddlewareHandler<AppEnv> {
  const onError = () => {
    throw new GuichetError('too_large');
  };
  const json = bodyLimit({ maxSize: jsonBytes, onError });
  const submissions = new Map<string, MiddlewareHandler>();
  for (const { form } of catalogue.forms.values()) {
    const files = form.fields.filter((f) => f.type === 'file').reduce((sum, f) => sum + fileLimits(f).maxFiles * fileLimits(f).maxSize, 0);
    if (files > 0) submissions.set(form.id, bodyLimit({ maxSize: jsonBytes + files, onError }));
  }
  return function limitBodies(c, next) {
    if (c.req.path === '/api/inbound/email') return next();
    const formId = multipart.test(c.req.header('content-type') ?? '') ? formIdOf(c.req.path) : undefined;
    return ((formId !== undefined && submissions.get(formId)) || json)(c, next);
  };
}
