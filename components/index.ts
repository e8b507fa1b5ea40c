// The one embeddable entry: importing it defines every requester-facing tag.
// jitless first: zod must be configured before forms/ builds its schemas.
import './internal/jitless.ts';

export { default as GuichetRequestForm } from './request-form/request-form.ts';
export { default as GuichetTicketStatus } from './ticket-status/ticket-status.ts';
export { default as GuichetMyRequests } from './my-requests/my-requests.ts';
export { default as GuichetReopen } from './reopen/reopen.ts';
export type { SubmittedDetail } from './request-form/request-form.component.ts';
export type { ReopenedDetail } from './reopen/reopen.component.ts';
