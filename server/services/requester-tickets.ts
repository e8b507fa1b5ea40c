import type { Lang } from '../../forms/lang.ts';
import type { Catalogue } from '../catalogue.ts';
import type { Clock } from '../clock.ts';
import { GuichetError } from '../errors.ts';
import type { Person } from '../identity/person.ts';
import { verifyTicketLink } from '../mail/link-tokens.ts';
import type { AttachmentStore } from '../store/attachment-files.ts';
import type { ApprovalStepRow, AttachmentRow, EventRow, TicketRow } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import { attachmentView } from './attachments.ts';
import { eventLabels, stateLabels, type TicketState } from './states.ts';
import { reopenUntil } from './reopen-window.ts';
import type { RateLimits } from './rate-limits.ts';
import type { RequesterWrites } from './requester-writes.ts';
import { tokenMatches } from './tokens.ts';
import { type ServerWords, everyLanguage, serverWords } from '../words/index.ts';
import type { Approvals } from './approvals.ts';
import type { RequesterTicket } from '../wire/tickets.ts';

const approvalWords = everyLanguage('approval');

/** The bytes of one attachment and what a download says about them. */
export interface AttachmentDownload {
  name: string;
  type: string;
  bytes: Uint8Array;
}

export interface TicketAccess {
  number: string;
  token: string | undefined;
  person: Person | undefined;
  /** The client address, for the rate limits on writes and failed look-ups. */
  address?: string | undefined;
}

/** What happens next, by state, in the requester's language. */
const nextSteps: Partial<Record<TicketState, (words: ServerWords, queue: string) => string>> = {
  new: (words, queue) => words.requester.waitingFor(queue),
  open: (words, queue) => words.requester.workingOn(queue),
};

const systemAuthor = 'Guichet';

export interface RequesterTicketsDeps {
  store: Store;
  attachments: AttachmentStore;
  catalogue: Catalogue;
  secret: string;
  clock: Clock;
  writes: RequesterWrites;
  limits?: RateLimits;
  approvals?: Approvals;
}

export function createRequesterTickets(deps: RequesterTicketsDeps) {
  const { store, catalogue } = deps;

  /**
   * The ticket, if the token or the signed-in owner grants it. A wrong token and
   * an unknown number answer the same `not_found`, so numbers cannot be probed.
   */
  async function authorise(access: TicketAccess, write = false): Promise<TicketRow> {
    const alone = async (number: string) => {
      const ticket = await store.findTicketByNumber(number);
      return ticket && { ticket };
    };
    return (await authorised(access, alone, write)).ticket;
  }

  /** `authorise`, with what `find` reads alongside the ticket (a status read takes its events in the same query). */
  async function authorised<T extends { ticket: TicketRow }>(access: TicketAccess, find: (number: string) => Promise<T | undefined>, write = false): Promise<T> {
    // The ticket's token outranks the person: a token's holder is whoever the requester gave it to.
    const { token, person } = access;
    const holder = token !== undefined ? ({ by: 'token', token } as const) : person ? ({ by: 'person', person } as const) : undefined;
    if (!holder) throw new GuichetError('unauthenticated');
    const found = /^\d{4}-\d{6}$/.test(access.number) ? await find(access.number) : undefined;
    const ticket = found?.ticket;
    const granted =
      ticket !== undefined &&
      (holder.by === 'token'
        ? tokenMatches(holder.token, ticket.access_token_hash) || verifyTicketLink(deps.secret, ticket.number, holder.token, deps.clock.now())
        : holder.person.id === ticket.requester_id);
    if (!found || !granted) {
      // Guessing tokens or probing numbers: past the address's limit of failures, `rate_limited` (a right token is never refused).
      await deps.limits?.lookupFailed(access.address);
      throw new GuichetError('not_found');
    }
    // A write counts against the address and against whoever holds this ticket: its token, or its signed-in owner.
    if (write) await deps.limits?.write({ address: access.address, requester: holder.by === 'token' ? `ticket:${ticket.number}` : `person:${holder.person.id}` });
    return found;
  }

  function reopening(ticket: TicketRow): { canReopen: boolean; reopenUntil?: string } {
    const until = ticket.state === 'closed' ? reopenUntil(ticket, catalogue) : undefined;
    if (!until) return { canReopen: false };
    return { canReopen: deps.clock.now().getTime() < until.getTime(), reopenUntil: until.toISOString() };
  }

  async function view(ticket: TicketRow, events: EventRow[], lang: Lang): Promise<RequesterTicket> {
    const [attachments, steps] = await Promise.all([store.attachmentsOf(ticket.id), store.approvalStepsOf(ticket.id)]);
    return describe(ticket, events, attachments, lang, steps);
  }

  function describe(ticket: TicketRow, events: EventRow[], attachments: AttachmentRow[], lang: Lang, steps: readonly ApprovalStepRow[] = []): RequesterTicket {
    const form = catalogue.form(ticket.form_id)?.form;
    const queue = catalogue.queues.get(ticket.queue_id);
    const state = ticket.state as TicketState;
    const approvalSteps = steps.length > 0 && deps.approvals ? deps.approvals.requesterView(ticket, steps, lang) : undefined;
    const awaited = ticket.awaiting_approver_since && state !== 'closed' ? approvalSteps?.find((s) => s.state === 'current' && s.outside) : undefined;
    const next = awaited ? approvalWords.requesterAwaiting(awaited.name)[lang] : nextSteps[state]?.(serverWords[lang], queue?.name[lang] ?? ticket.queue_id);
    return {
      number: ticket.number,
      formId: ticket.form_id,
      title: form?.title[lang] ?? ticket.form_id,
      data: JSON.parse(ticket.data) as Record<string, unknown>,
      state,
      stateLabel: stateLabels[state]?.[lang] ?? state,
      lang: ticket.lang as Lang,
      createdAt: ticket.created_at,
      updatedAt: ticket.updated_at,
      lastActivityAt: ticket.last_activity_at,
      ...(ticket.auto_close_at ? { autoCloseAt: ticket.auto_close_at } : {}),
      ...(ticket.closed_at ? { closedAt: ticket.closed_at } : {}),
      ...(ticket.close_reason ? { closeReason: ticket.close_reason } : {}),
      ...reopening(ticket),
      ...(next ? { nextStep: next } : {}),
      ...(approvalSteps ? { approvalSteps } : {}),
      events: events.map((e) => ({
        at: e.at,
        type: e.type,
        label: eventLabels[e.type]?.[lang] ?? e.type,
        author: e.author_kind === 'system' ? systemAuthor : (e.author_name ?? systemAuthor),
        ...(e.body !== null ? { body: e.body } : {}),
      })),
      attachments: attachments.map(attachmentView),
    };
  }

  return {
    async read(access: TicketAccess, lang: Lang): Promise<RequesterTicket> {
      const { ticket, events, attachments, steps } = await authorised(access, (number) => store.ticketAsRequesterSees(number));
      return describe(ticket, events, attachments, lang, steps);
    },
    /** A message from the requester (see RequesterWrites.message for what it does to the state). */
    async addMessage(access: TicketAccess, body: string, lang: Lang): Promise<RequesterTicket> {
      const { ticket } = await deps.writes.message(await authorise(access, true), body, 'web');
      return view(ticket, await store.eventsOf(ticket.id, { publicOnly: true }), lang);
    },

    async reopen(access: TicketAccess, body: string | null, lang: Lang): Promise<RequesterTicket> {
      const { ticket } = await deps.writes.reopen(await authorise(access, true), body);
      return view(ticket, await store.eventsOf(ticket.id, { publicOnly: true }), lang);
    },

    async feedback(access: TicketAccess, rating: number | null, comment: string | null, lang: Lang): Promise<RequesterTicket> {
      const { ticket } = await deps.writes.feedback(await authorise(access, true), rating, comment);
      return view(ticket, await store.eventsOf(ticket.id, { publicOnly: true }), lang);
    },

    /** One attachment of a ticket, granted exactly as the ticket is; another ticket's id is not found. */
    async attachment(access: TicketAccess, attachmentId: string): Promise<AttachmentDownload> {
      return download(store, deps.attachments, await authorise(access), attachmentId);
    },

    async listMine(person: Person, lang: Lang): Promise<RequesterTicket[]> {
      const tickets = await store.ticketsOfRequester(person.id, 200);
      return Promise.all(tickets.map(async (t) => view(t, await store.eventsOf(t.id, { publicOnly: true }), lang)));
    },
  };
}

/** The bytes of `attachmentId` if it belongs to `ticket`. */
export async function download(store: Store, files: AttachmentStore, ticket: TicketRow, attachmentId: string): Promise<AttachmentDownload> {
  const row = await store.findAttachment(ticket.id, attachmentId);
  const bytes = row && (await files.get(row.storage_key));
  if (!row || !bytes) throw new GuichetError('not_found');
  return { name: row.name, type: row.type, bytes };
}
