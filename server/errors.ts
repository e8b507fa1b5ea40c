import type { Lang } from '../forms/lang.ts';
import { everyLanguage, type ServerWords } from './words/index.ts';

type Words = Record<Lang, string>;

/**
 * The one catalogue of errors (docs/contract.md, "Errors"). A code is never reused for another
 * meaning; the message is the default (server/words), a thrower may give a more precise one.
 */
const errorStatus = {
  bad_request: 400,
  too_large: 413,
  unauthenticated: 401,
  not_eligible: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  validation: 422,
  idempotency_mismatch: 422,
  unreadable_mail: 422,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
} as const satisfies Record<keyof ServerWords['errors'], number>;

const messages = everyLanguage('errors');

export const errorCatalogue = Object.fromEntries(
  Object.entries(errorStatus).map(([code, status]) => [code, { status, message: messages[code as keyof typeof errorStatus] }]),
) as { [C in keyof typeof errorStatus]: { status: (typeof errorStatus)[C]; message: Words } };

export type ErrorCode = keyof typeof errorCatalogue;

/** An error answer lists at most this many issues, and counts the rest: a flood of bad keys must not grow the answer with it. */
export const maxListedIssues = 20;

/** Issues joined for a message: the first `maxListedIssues`, then how many more there were. */
export function listIssues(issues: readonly string[]): string {
  const listed = issues.slice(0, maxListedIssues).join('; ');
  return issues.length > maxListedIssues ? `${listed}; and ${issues.length - maxListedIssues} more` : listed;
}

export interface GuichetErrorDetails {
  /** A more precise message than the catalogue's, in every language. */
  message?: Words;
  fields?: Record<string, string[]>;
  reason?: string;
  retryAfterSeconds?: number;
  /** Further members of the error object, e.g. `lockedBy` on a 409 or `loginUrl` on a 401. */
  extra?: Record<string, unknown>;
}

/** The one error type services throw; `onError` in app.ts turns it into the contract's shape. */
export class GuichetError extends Error {
  override name = 'GuichetError';
  constructor(
    readonly code: ErrorCode,
    readonly details: GuichetErrorDetails = {},
  ) {
    super(details.message?.en ?? errorCatalogue[code].message.en);
  }

  get status(): number {
    return errorCatalogue[this.code].status;
  }

  body(lang: Lang): { error: { code: ErrorCode; message: string; fields?: Record<string, string[]>; moreFields?: number; reason?: string } } {
    const { fields, reason, extra } = this.details;
    const entries = fields ? Object.entries(fields) : [];
    return {
      error: {
        code: this.code,
        message: (this.details.message ?? errorCatalogue[this.code].message)[lang],
        ...(fields ? { fields: Object.fromEntries(entries.slice(0, maxListedIssues)) } : {}),
        // How many fields with a problem were left out of `fields`.
        ...(entries.length > maxListedIssues ? { moreFields: entries.length - maxListedIssues } : {}),
        ...(reason ? { reason } : {}),
        ...extra,
      },
    };
  }
}
