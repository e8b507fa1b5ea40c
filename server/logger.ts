import { type DestinationStream, type Logger, pino } from 'pino';
import { currentRequestId } from './request-scope.ts';

/**
 * What pino censors wherever a log line carries it (docs/contract.md: tokens are never
 * logged; logs hold no secrets and no mail bodies). The code logs ids, numbers
 * and counts, not requests; this list is the net under that habit, for a
 * request, a header map or an object logged whole by mistake.
 */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-guichet-dev-user"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'cookie',
  'accessToken',
  'token',
  'secret',
  'password',
  'altcha',
  'body',
  'text',
  'html',
  '*.authorization',
  '*.cookie',
  '*.accessToken',
  '*.token',
  '*.secret',
  '*.password',
  '*.altcha',
  '*.body',
  '*.text',
  '*.html',
];

/** A line written while serving a request carries its id (request-scope.ts), whoever wrote it. */
function requestOfTheLine(): { reqId?: string } {
  const reqId = currentRequestId();
  return reqId === undefined ? {} : { reqId };
}

/** The process's JSON logger: level from LOG_LEVEL (or `level`), with the redactions above. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: redactedPaths, censor: '[redacted]' }, mixin: requestOfTheLine };
  return destination ? pino(options, destination) : pino(options);
}
