import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The request a piece of work runs for, so that every log line written on its
 * behalf — a service's as well as the access line — carries its id, while
 * services never see the HTTP context. The request-id middleware enters it
 * (middleware/observe); the logger reads it (logger.ts).
 */
const scope = new AsyncLocalStorage<{ reqId: string }>();

export function inRequest<T>(reqId: string, work: () => T): T {
  return scope.run({ reqId }, work);
}

/** Work a request only set off (mail delivery it woke) belongs to no request: its lines carry no id. */
export function outsideRequests<T>(work: () => T): T {
  return scope.exit(work);
}

export function currentRequestId(): string | undefined {
  return scope.getStore()?.reqId;
}
