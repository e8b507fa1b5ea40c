import type { Lang } from '../forms/lang.ts';

type Words = Record<Lang, string>;

/**
 * The one catalogue of errors (docs/contract.md, "Errors"). A code is never reused for another
 * meaning; the message is the default, a thrower may give a more precise one.
 */
export const errorCatalogue = {
  bad_request: {
    status: 400,
    message: { fr: 'La requête est mal formée.', en: 'The request is malformed.', de: 'Die Anfrage ist fehlerhaft.' },
  },
  too_large: {
    status: 413,
    message: { fr: 'La requête est trop volumineuse.', en: 'The request is too large.', de: 'Die Anfrage ist zu gross.' },
  },
  unauthenticated: {
    status: 401,
    message: {
      fr: 'Veuillez vous connecter pour continuer.',
      en: 'Please sign in to continue.',
      de: 'Bitte melden Sie sich an, um fortzufahren.',
    },
  },
  not_eligible: {
    status: 403,
    message: {
      fr: 'Vous ne pouvez pas utiliser ce formulaire.',
      en: 'You cannot use this form.',
      de: 'Sie können dieses Formular nicht verwenden.',
    },
  },
  forbidden: {
    status: 403,
    message: { fr: 'Action non autorisée.', en: 'This action is not allowed.', de: 'Diese Aktion ist nicht erlaubt.' },
  },
  not_found: {
    status: 404,
    message: {
      fr: 'Introuvable, ou le lien n’est plus valable.',
      en: 'Not found, or the link is no longer valid.',
      de: 'Nicht gefunden, oder der Link ist nicht mehr gültig.',
    },
  },
  conflict: {
    status: 409,
    message: {
      fr: 'Cette action n’est pas possible dans l’état actuel.',
      en: 'This action is not possible in the current state.',
      de: 'Diese Aktion ist im aktuellen Zustand nicht möglich.',
    },
  },
  validation: {
    status: 422,
    message: {
      fr: 'Certains champs doivent être corrigés.',
      en: 'Some fields need to be corrected.',
      de: 'Einige Felder müssen korrigiert werden.',
    },
  },
  idempotency_mismatch: {
    status: 422,
    message: {
      fr: 'Cette clé d’idempotence a déjà servi pour une autre demande : envoyez une nouvelle clé pour une nouvelle demande.',
      en: 'This Idempotency-Key was already used for a different request: send a new key for a new request.',
      de: 'Dieser Idempotency-Key wurde bereits für eine andere Anfrage verwendet: Senden Sie für eine neue Anfrage einen neuen Schlüssel.',
    },
  },
  unreadable_mail: {
    status: 422,
    message: {
      fr: 'Ce courriel ne peut pas être lu.',
      en: 'This mail cannot be read.',
      de: 'Diese Mail kann nicht gelesen werden.',
    },
  },
  rate_limited: {
    status: 429,
    message: {
      fr: 'Trop de requêtes. Réessayez dans un moment.',
      en: 'Too many requests. Please try again in a moment.',
      de: 'Zu viele Anfragen. Bitte versuchen Sie es gleich noch einmal.',
    },
  },
  unavailable: {
    status: 503,
    message: {
      fr: 'Le service est momentanément indisponible. Réessayez dans un moment.',
      en: 'The service is temporarily unavailable. Please try again in a moment.',
      de: 'Der Dienst ist vorübergehend nicht verfügbar. Bitte versuchen Sie es gleich noch einmal.',
    },
  },
  internal: {
    status: 500,
    message: {
      fr: 'Une erreur inattendue s’est produite. Votre demande n’a pas été perdue : réessayez.',
      en: 'An unexpected error occurred. Nothing was lost: please try again.',
      de: 'Ein unerwarteter Fehler ist aufgetreten. Es ging nichts verloren: Bitte versuchen Sie es noch einmal.',
    },
  },
} as const satisfies Record<string, { status: number; message: Words }>;

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
