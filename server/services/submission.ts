import { createHash } from 'node:crypto';
import { validate } from '../../forms/compile.ts';
import type { Lang } from '../../forms/lang.ts';
import type { Catalogue } from '../catalogue.ts';
import type { Clock } from '../clock.ts';
import { GuichetError } from '../errors.ts';
import { checkEligibility } from '../identity/eligibility.ts';
import type { Person } from '../identity/person.ts';
import { linkDays, type MailComposer } from '../mail/compose.ts';
import { signTicketLink } from '../mail/link-tokens.ts';
import type { TicketFeed } from './ticket-feed.ts';
import type { AttachmentStore } from '../store/attachment-files.ts';
import type { AttachmentRow, TicketRow } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import { type AcceptedFile, checkFiles, newAttachmentId, refuseOversizedFiles, type SentFile } from './attachments.ts';
import { draftTicket } from './new-ticket.ts';
import type { Approvals } from './approvals.ts';
import { createTokenSeal } from './sealed-token.ts';
import type { Submitted } from '../wire/forms.ts';

export interface SubmissionDeps {
  store: Store;
  clock: Clock;
  catalogue: Catalogue;
  mails: MailComposer;
  /** GUICHET_SECRET: the idempotency record keeps the access token sealed under a key derived from it. */
  secret: string;
  /** The language of mails to queues (GUICHET_DEFAULT_LANG). */
  serviceLang: Lang;
  feed: TicketFeed;
  attachments: AttachmentStore;
  /** The form's approval steps start with the ticket. */
  approvals: Approvals;
  /** Called once the ticket's transaction committed with mail in the outbox. */
  mailQueued(): void;
}

export interface SubmissionRequest {
  formId: string;
  person: Person;
  data: unknown;
  lang: Lang;
  idempotencyKey: string;
  /**
   * An anonymous requester whose address a confirmation link proved
   * (services/anonymous.ts): they have no affiliations to check, the form's
   * `anonymous: true` admitted them.
   */
  emailConfirmed?: boolean;
  /** The file parts of a multipart submission (none for JSON). */
  files?: readonly SentFile[];
}

/** What the requester receives for a submission: the ticket and the token that opens it (the route's answer). */
export type SubmissionReceipt = Submitted;

/** A new ticket (`created`), or the first one again for a retried Idempotency-Key (`replayed`). */
export interface SubmissionResult {
  outcome: 'created' | 'replayed';
  receipt: SubmissionReceipt;
}

/** The idempotency record keeps the first answer this long, its token sealed (sealed-token.ts; docs/contract.md, "Tickets and tokens"). */
const idempotencyHours = 24;

/** The first answer as the idempotency record keeps it: no live token at rest. */
interface RecordedBody {
  ticket: SubmissionReceipt['ticket'];
  /** Absent from records an earlier version wrote (migration 0011 removed their clear token). */
  sealedAccessToken?: string;
}

/**
 * What identifies a request under its Idempotency-Key: the data as sent, the
 * language and every file's field, name and content. A retry sends the same
 * bytes, so the same hash.
 */
function hashRequest(request: SubmissionRequest): string {
  const hash = createHash('sha256').update(JSON.stringify([request.data ?? null, request.lang]));
  for (const file of request.files ?? []) hash.update(JSON.stringify([file.fieldId, file.name])).update(createHash('sha256').update(file.bytes).digest());
  return hash.digest('base64url');
}

export function createSubmissions(deps: SubmissionDeps) {
  const { store, clock, catalogue } = deps;
  const tokens = createTokenSeal(deps.secret);

  /** The first answer for the key, if the request is the one it answered; another request under the same key is refused. */
  async function replay(scope: string, key: string, requestHash: string, from: Pick<Store, 'findIdempotentResponse'> = store): Promise<SubmissionResult | undefined> {
    const stored = await from.findIdempotentResponse(scope, key, clock.now().toISOString());
    if (!stored) return undefined;
    if (stored.requestHash && stored.requestHash !== requestHash) throw new GuichetError('idempotency_mismatch');
    const { ticket, sealedAccessToken } = stored.body as RecordedBody;
    // A token sealed under a secret since rotated (or none kept) cannot be given back: a signed link to the same ticket stands in for it.
    const token = (sealedAccessToken && tokens.open(sealedAccessToken)) || signTicketLink(deps.secret, ticket.number, new Date(clock.now().getTime() + linkDays * 86_400_000));
    return { outcome: 'replayed', receipt: { ticket, accessToken: token } };
  }

  return async function submit(request: SubmissionRequest): Promise<SubmissionResult> {
    const compiled = catalogue.form(request.formId);
    if (!compiled) throw new GuichetError('not_found');
    const { form } = compiled;
    const person = request.person;
    const eligibility = request.emailConfirmed && form.anonymous ? ({ eligible: true } as const) : checkEligibility(form, person);
    if (!eligibility.eligible) throw new GuichetError('not_eligible', { reason: eligibility.reason, message: eligibility.message });

    // The key is scoped to the form and the person: another person's key can never reveal a ticket.
    const scope = `${form.id}:${person.id}`;
    const requestHash = hashRequest(request);
    const earlier = await replay(scope, request.idempotencyKey, requestHash);
    if (earlier) return earlier;

    const files = request.files ?? [];
    refuseOversizedFiles(form, files, request.lang);
    const validation = validate(compiled, request.data, request.lang);
    const shownBy = validation.ok ? validation.values : typeof request.data === 'object' && request.data !== null ? (request.data as Record<string, unknown>) : {};
    const checked = await checkFiles(form, shownBy, files, request.lang);
    if (!validation.ok || Object.keys(checked.errors).length > 0) {
      const errors = new Map<string, string[]>(Object.entries(validation.ok ? {} : validation.errors));
      for (const [id, messages] of Object.entries(checked.errors)) errors.set(id, [...(errors.get(id) ?? []), ...messages]);
      throw new GuichetError('validation', { fields: Object.fromEntries(errors) });
    }

    // Before the transaction too: a directory may be slow to name an approver.
    const approvers = await deps.approvals.resolve(form, person, validation.values, request.lang);

    // Written before the transaction, so no database lock waits on the disk; removed again if it does not commit.
    const stored: { file: AcceptedFile; key: string }[] = [];
    try {
      for (const file of checked.accepted) stored.push({ file, key: await deps.attachments.put(file.bytes) });
      const now = clock.now();
      const at = now.toISOString();
      const expires = new Date(now.getTime() + idempotencyHours * 3_600_000).toISOString();
      const created = (ticket: TicketRow): SubmissionReceipt['ticket'] => ({ number: ticket.number, state: 'new', formId: form.id, createdAt: at });
      // The ticket, its event, its mails, its attachments and its idempotency record commit together (Store.createTicket).
      const draft = draftTicket(
        {
          formId: form.id,
          formVersion: form.version,
          queueId: form.queue,
          requester: person,
          lang: request.lang,
          data: validation.values,
          attachments: stored.map(({ file }) => ({ name: file.name, size: file.bytes.byteLength })),
        },
        now,
        { mails: deps.mails, serviceLang: deps.serviceLang },
        (ticket, accessToken) => ({
          attachments: stored.map(({ file, key }, position): AttachmentRow => ({
            id: newAttachmentId(),
            ticket_id: ticket.id,
            position,
            field_id: file.fieldId,
            name: file.name,
            type: file.type,
            size: file.bytes.byteLength,
            storage_key: key,
            created_at: at,
          })),
          idempotency: {
            scope,
            key: request.idempotencyKey,
            response: { outcome: 'created', body: { ticket: created(ticket), sealedAccessToken: tokens.seal(accessToken) } satisfies RecordedBody, requestHash },
            now: at,
            expiresAt: expires,
          },
        }),
      );
      // A form with approval steps starts its first one in the same transaction (the approver's mail included).
      const steps = form.workflow?.steps;
      const ticket = steps ? await store.transaction(async (tx) => deps.approvals.open(tx, await tx.createTicket(draft), form, approvers, now)) : await store.createTicket(draft);
      const result: SubmissionResult = { outcome: 'created', receipt: { ticket: created(ticket), accessToken: draft.accessToken } };
      deps.mailQueued();
      deps.feed.publish({ number: result.receipt.ticket.number, queueId: form.queue });
      return result;
    } catch (error) {
      await Promise.all(stored.map(({ key }) => deps.attachments.remove(key)));
      // Two concurrent attempts with one key: the loser's transaction rolled back whole; answer with the winner's ticket.
      // Read in a transaction: it sees a winner committing at this very moment, and answers once that is durable.
      const winner = await store.transaction((tx) => replay(scope, request.idempotencyKey, requestHash, tx));
      if (winner) return winner;
      throw error;
    }
  };
}
