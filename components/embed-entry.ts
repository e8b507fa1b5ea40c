// The one embeddable entry, dist/embed/guichet.js: a few hundred bytes that
// register every requester-facing tag; each component's code loads when its
// tag first appears in the page (internal/autoload.ts). The form compiler and
// zod come with the request form only.
import { autoload } from './internal/autoload.ts';

autoload({
  'guichet-request-form': () => import('./request-form/request-form.ts'),
  'guichet-ticket-status': () => import('./ticket-status/ticket-status.ts'),
  'guichet-my-requests': () => import('./my-requests/my-requests.ts'),
  'guichet-reopen': () => import('./reopen/reopen.ts'),
});

export type { SubmittedDetail } from './request-form/request-form.component.ts';
export type { ReopenedDetail } from './reopen/reopen.component.ts';
