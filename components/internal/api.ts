import ky, { HTTPError, type KyInstance, type Options } from 'ky';
import type { Lang } from '../../forms/lang.ts';
import type { Eligibility, Pending, Submitted } from '../../server/wire/forms.ts';
import type { RequesterTicket, RequesterTickets } from '../../server/wire/tickets.ts';

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
    /** On a 401: the institution's login page, `{return}` standing for the page to come back to (GUICHET_LOGIN_URL). */
    readonly loginUrl?: string,
  ) {
    super(serverMessage ?? `${status} ${code}`);
  }
}

/** What a submission sends besides the field values (docs/api.md, POST /api/forms/{formId}/submissions). */
export interface SubmissionExtras {
  /** The honeypot's value: empty unless a robot filled it. */
  website: string;
  requester?: { email: string; name: string };
  altcha?: string;
}

export interface ApiOptions {
  /** Base URL of the Guichet server, without the `/api` path (a trailing slash is dropped). */
  base: string;
  lang: Lang;
  /** Dev mode only: the demo person to act as (`X-Guichet-Dev-User`). */
  devUser?: string | null | undefined;
}

/** What every component's attributes say about the server: `api` and, in dev mode, `dev-user`. */
export interface ApiHost {
  api?: string | undefined;
  devUser?: string | undefined;
}

/** The client for a component: its `api` (default: this script's origin), its language, its dev person. */
export const apiFor = (host: ApiHost, lang: Lang) => createApi({ base: host.api || defaultApiBase(), lang, devUser: host.devUser });

/** The magic link's token; without one the signed-in owner's credentials (cookie) decide. */
const bearer = (token: string | undefined): Options => (token ? { headers: { Authorization: `Bearer ${token}` } } : {});

/** A stream that stays silent this long is dead (a proxy that buffers, a sleeping laptop); the server sends a heartbeat every 25 s. */
const liveSilenceMilliseconds = 60_000;

// Retrying a POST is safe only because the submission carries an idempotency
// key: the server answers a repeated key with the first ticket (docs/contract.md, "Tickets and tokens").
const submitRetry = {
  limit: 2,
  methods: ['get', 'post'],
  statusCodes: [408, 502, 503, 504],
  afterStatusCodes: [503],
  maxRetryAfter: 10_000,
  retryOnTimeout: true,
} satisfies Options['retry'];

/** The few calls the requester-facing components make (docs/api.md, "Forms and submissions" and "Requesters"). */
export function createApi({ base, lang, devUser }: ApiOptions) {
  base = base.replace(/\/+$/, '');
  const client: KyInstance = ky.create({
    prefixUrl: `${base}/api`,
    credentials: 'include',
    timeout: 20_000,
    headers: devUser ? { 'X-Guichet-Dev-User': devUser } : {},
    searchParams: { lang },
  });

  return {
    base,
    form: (formId: string) => call(() => client.get(formPath(formId)).json<unknown>()),
    eligibility: (formId: string) => call(() => client.get(`${formPath(formId)}/eligibility`).json<Eligibility>()),
    /** One `idempotencyKey` per submit attempt; ky's retries of that attempt reuse it. */
    /** `multipart` turns the JSON body into a multipart one with files (components/internal/attachments.ts). */
    submit: (formId: string, data: unknown, extras: SubmissionExtras, idempotencyKey: string, multipart?: (json: object) => FormData) =>
      call(() =>
        client
          .post(`${formPath(formId)}/submissions`, {
            ...(multipart ? { body: multipart({ ...extras, data, lang }) } : { json: { ...extras, data, lang } }),
            // A multipart body is CORS-simple: this header makes it one a foreign page cannot forge (docs/contract.md, "Origins, credentials and forgery").
            headers: { 'Idempotency-Key': idempotencyKey, 'X-Guichet-Request': '1' },
            retry: submitRetry,
          })
          .json<Submitted | Pending>(),
      ),
    /** The click on the mailed link's page; a repeat answers the same ticket, so it may be retried. */
    confirm: (formId: string, token: string) =>
      call(() => client.post(`${formPath(formId)}/confirmations`, { json: { token }, retry: submitRetry }).json<Submitted>()),
    ticket: (number: string, token?: string) => call(() => client.get(ticketPath(number), bearer(token)).json<RequesterTicket>()),
    /** `message`, `reopen` or `feedback`; never retried: none of them is idempotent. */
    write: <T = RequesterTicket>(number: string, token: string | undefined, action: 'messages' | 'reopen' | 'feedback', json: object) =>
      call(() => client.post(`${ticketPath(number)}/${action}`, { ...bearer(token), json }).json<T>()),
    /** The bytes of an attachment, with the magic link's token or the owner's credentials. */
    attachment: (number: string, token: string | undefined, id: string) => call(() => client.get(`${ticketPath(number)}/attachments/${encodeURIComponent(id)}`, bearer(token)).blob()),
    mine: () => call(() => client.get('me/tickets').json<RequesterTickets>()),
    /** Everything kept about the signed-in person, as a zip (their own credentials). */
    myData: () => call(() => client.get('me/export').blob()),
    /**
     * Follows `GET …/live` (server-sent events) until the stream ends, fails or
     * `signal` aborts, calling `onTicket` for every `ticket` event. Read with
     * fetch rather than EventSource, which cannot send the Authorization header:
     * the token must never go into a URL (docs/contract.md, "Live streams").
     */
    live: (number: string, token: string | undefined, signal: AbortSignal, onTicket: (ticket: RequesterTicket) => void) =>
      call(async () => readTicketEvents(await client.get(`${ticketPath(number)}/live`, { ...bearer(token), signal, timeout: false, retry: 0 }), onTicket)),
  };
}

/**
 * Reads a live stream (server-sent events) until it ends or stays silent too
 * long, calling `onTicket` with the data of every `ticket` event.
 */
export async function readTicketEvents<T>(response: Response, onTicket: (data: T) => void): Promise<void> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let buffer = '';
  try {
    for (;;) {
      clearTimeout(timer);
      timer = setTimeout(() => void reader.cancel(), liveSilenceMilliseconds);
      const { value, done } = await reader.read();
      if (done) return;
      // Events end with a blank line; comments (`: heartbeat`) and other events are skipped. Our server
      // sends each ticket as one line of JSON, so one `data:` line per event is all this reads.
      // https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
      const blocks = (buffer + value).replace(/\r\n?/g, '\n').split('\n\n');
      buffer = blocks.pop()!;
      for (const block of blocks) {
        const data = /^data: ?(.*)$/m.exec(block)?.[1];
        if (data && /^event: ?ticket$/m.test(block)) onTicket(JSON.parse(data) as T);
      }
    }
  } finally {
    clearTimeout(timer);
  }
}

const formPath = (id: string) => `forms/${encodeURIComponent(id)}`;
const ticketPath = (number: string) => `tickets/${encodeURIComponent(number)}`;

export type Api = ReturnType<typeof createApi>;

/** Runs one request to the server; whatever fails comes out as an `ApiError`. */
export async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw await toApiError(error);
  }
}

export async function toApiError(error: unknown): Promise<ApiError> {
  if (!(error instanceof HTTPError)) return new ApiError(0, 'network');
  const { status } = error.response;
  let body: { error?: { code?: string; message?: string; fields?: Record<string, string[]>; loginUrl?: string } } = {};
  try {
    body = await error.response.json();
  } catch {
    // Not our JSON (a proxy's HTML error page): the status alone decides.
  }
  const e = body.error ?? {};
  return new ApiError(status, e.code ?? String(status), e.message || undefined, e.fields, typeof e.loginUrl === 'string' ? e.loginUrl : undefined);
}

/** A v4 UUID; `crypto.randomUUID` exists only in secure contexts, and intranet pages are not always https. */
export function uuid(): string {
  if (globalThis.isSecureContext) return crypto.randomUUID();
  // A blob URL ends with a fresh random UUID, in any context (https://w3c.github.io/FileAPI/#unicodeBlobURL).
  const url = URL.createObjectURL(new Blob());
  URL.revokeObjectURL(url);
  return url.slice(-36);
}
