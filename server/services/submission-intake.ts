import type { Logger } from 'pino';
import type { Lang } from '../../forms/lang.ts';
import type { Catalogue } from '../catalogue.ts';
import { GuichetError } from '../errors.ts';
import type { Person } from '../identity/person.ts';
import { everyLanguage } from '../words/index.ts';
import type { AnonymousSubmissions, PendingResult } from './anonymous.ts';
import type { SentFile } from './attachments.ts';
import { honeypotError, honeypotField, isFilled } from './honeypot.ts';
import type { RateLimits } from './rate-limits.ts';
import type { createSubmissions, SubmissionResult } from './submission.ts';

export interface SubmissionIntakeDeps {
  catalogue: Catalogue;
  limits: RateLimits;
  submit: ReturnType<typeof createSubmissions>;
  anonymous: AnonymousSubmissions;
  logger: Logger;
}

/** A submission as it arrives: from a signed-in person, or from nobody on a form open to anonymous requesters. */
export interface IncomingSubmission {
  formId: string;
  /** Absent without an identity: only a form with `anonymous: true` takes the submission then. */
  person: Person | undefined;
  /** The client's address, counted by the rate limits (absent when the app is not served by the Node adapter). */
  clientAddress: string | undefined;
  data: unknown;
  lang: Lang;
  idempotencyKey: string;
  /** `requester` of the body: who an anonymous requester is. */
  requester?: { email?: unknown; name?: unknown } | undefined;
  /** The ALTCHA widget's payload (anonymous requesters). */
  altcha?: unknown;
  /** The honeypot member of the body (services/honeypot.ts). */
  [honeypotField]?: unknown;
  files?: readonly SentFile[];
}

const anonymousFiles = everyLanguage('request').anonymousFiles;

/**
 * Every submission's way in: the rate limits count it, the honeypot refuses
 * robots, then a signed-in person's submission becomes a ticket and an
 * anonymous one waits for its address's confirmation.
 */
export function createSubmissionIntake(deps: SubmissionIntakeDeps) {
  const { catalogue, limits } = deps;
  return {
    async receive(request: IncomingSubmission): Promise<SubmissionResult | PendingResult> {
      const { formId, person, lang, idempotencyKey } = request;
      const anonymousEmail = !person && typeof request.requester?.email === 'string' ? request.requester.email.trim().toLowerCase() : undefined;
      // Every attempt counts, refused ones too: a flood costs the flooder, not the service.
      await limits.write({ address: request.clientAddress, requester: person ? `person:${person.id}` : anonymousEmail && `email:${anonymousEmail}` });
      if (isFilled(request[honeypotField])) {
        deps.logger.info({ formId }, 'honeypot filled: submission refused');
        throw honeypotError(lang);
      }
      const files = request.files ?? [];
      if (person) return deps.submit({ formId, person, data: request.data, lang, idempotencyKey, files });
      const compiled = catalogue.form(formId);
      if (!compiled) throw new GuichetError('not_found');
      if (!compiled.form.anonymous) throw new GuichetError('unauthenticated');
      if (files.length > 0) throw new GuichetError('bad_request', { message: anonymousFiles });
      return deps.anonymous.pend({ formId, data: request.data, lang, idempotencyKey, requester: request.requester, altcha: request.altcha });
    },

    /** The click on a confirmation link; a wrong token counts against the address as a failed look-up of a ticket token does. */
    async confirm(formId: string, token: string, clientAddress: string | undefined): Promise<SubmissionResult> {
      await limits.write({ address: clientAddress });
      try {
        return await deps.anonymous.confirm(formId, token);
      } catch (error) {
        if (error instanceof GuichetError && error.code === 'not_found') await limits.lookupFailed(clientAddress);
        throw error;
      }
    },
  };
}

export type SubmissionIntake = ReturnType<typeof createSubmissionIntake>;
