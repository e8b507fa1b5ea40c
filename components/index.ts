// Every requester-facing tag, defined on import: for the component tests and
// for bundlers that take the sources. Pages load the built entry instead,
// dist/embed/guichet.js (embed-entry.ts), which fetches each tag's code when
// the tag appears. jitless first: zod must be configured before forms/ builds
// its schemas.
import './internal/jitless.ts';

export { default as GuichetRequestForm } from './request-form/request-form.ts';
export { default as GuichetTicketStatus } from './ticket-status/ticket-status.ts';
export { default as GuichetMyRequests } from './my-requests/my-requests.ts';
export { default as GuichetReopen } from './reopen/reopen.ts';
export type { SubmittedDetail } from './request-form/request-form.component.ts';
export type { ReopenedDetail } from './reopen/reopen.component.ts';
