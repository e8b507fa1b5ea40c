import ky, { HTTPError, type KyInstance, type Options } from 'ky';
import type { Lang } from '../../forms/index.ts';

/** The module's own origin: by default the embed talks to the server it was loaded from. */
export const defaultApiBase = (): string => new URL(import.meta.url).origin;

/** A failed call: `status` 0 when the server could not be reached at all. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    /** The server's `error.message`, already in the request's language; absent when there is none. */
    readonly serverMessage?: string,
    readonly fields?: Record<string, string[]>,
    readonly reason?: string,
  ) {
    super(serverMessage ?? `${status} ${code}`);
  }
}

export interface Eligibility {
  eligible: boolean;
  reason?: string;
  message?: string;
}

export interface Submitted {
  ticket: { number: string; state: string; formId: string; createdAt: string };
  accessToken: string;
}

export interface TicketEvent {
  at: string;
  type: string;
  author?: string | { name?: string } | null;
  body?: string;
}

export interface RequesterTicket {
  number: string;
  formId: string;
  title: string;
  data: Record<string, unknown>;
  state: string;
  stateLabel: string;
  createdAt: string;
  nextStep?: string;
  events: TicketEvent[];
}

export interface ApiOptions {
  /** Base URL of the Guichet server, without the `/api` path. */
  base: string;
  lang: Lang;
  /** Dev mode only: the demo person to act as (`X-Guichet-Dev-User`). */
  devUser?: string | null | undefined;
}

// Retrying a POST is safe only because the submission carries an idempotency
// key: the server answers a repeated key with the first ticket (API.md).
const submitRetry = {
  limit: 2,
  methods: ['get', 'post'],
  statusCodes: [408, 502, 503, 504],
  afterStatusCodes: [503],
  maxRetryAfter: 10_000,
  retryOnTimeout: true,
} satisfies Options['retry'];

/** The few calls the requester-facing components make (API.md, "Forms" and "Requester"). */
export function createApi({ base, lang, devUser }: ApiOptions) {
  const client: KyInstance = ky.create({
    prefixUrl: base.replace(/\/+$/, '') + '/api',
    credentials: 'include',
    timeout: 20_000,
    headers: devUser ? { 'X-Guichet-Dev-User': devUser } : {},
    searchParams: { lang },
  });

  const call = async <T>(request: () => Promise<T>): Promise<T> => {
    try {
      return await request();
    } catch (error) {
      throw await toApiError(error);
    }
  };

  return {
    base,
    form: (formId: string) => call(() => client.get(`forms/${encodeURIComponent(formId)}`).json<unknown>()),
    eligibility: (formId: string) =>
      call(() => client.get(`forms/${encodeURIComponent(formId)}/eligibility`).json<Eligibility>()),
    /** One `idempotencyKey` per submit attempt; ky's retries of that attempt reuse it. */
    submit: (formId: string, data: unknown, idempotencyKey: string) =>
      call(() =>
        client
          .post(`forms/${encodeURIComponent(formId)}/submissions`, {
            json: { data, lang },
            headers: { 'Idempotency-Key': idempotencyKey },
            retry: submitRetry,
          })
          .json<Submitted>(),
      ),
    ticket: (number: string, token: string) =>
      call(() =>
        client
          .get(`tickets/${encodeURIComponent(number)}`, { headers: { Authorization: `Bearer ${token}` } })
          .json<RequesterTicket>(),
      ),
  };
}

export type Api = ReturnType<typeof createApi>;

async function toApiError(error: unknown): Promise<ApiError> {
  if (!(error instanceof HTTPError)) return new ApiError(0, 'network');
  const { status } = error.response;
  let body: { error?: { code?: string; message?: string; fields?: Record<string, string[]>; reason?: string } } = {};
  try {
    body = await error.response.json();
  } catch {
    // Not our JSON (a proxy's HTML error page): the status alone decides.
  }
  const e = body.error ?? {};
  return new ApiError(status, e.code ?? String(status), e.message || undefined, e.fields, e.reason);
}

/** A v4 UUID; `crypto.randomUUID` exists only in secure contexts, and intranet pages are not always https. */
export function uuid(): string {
  if (typeof crypto.randomUUID === 'function' && globalThis.isSecureContext) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
