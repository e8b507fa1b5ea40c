// Helpers shared by the component tests. The server is the real one started by
// web-test-runner.config.mjs; its address comes in through window.GUICHET_API.
import { waitUntil } from '@open-wc/testing';
import { en } from '../../components/locales/en.ts';
import type { FormDefinition } from '../../forms/index.ts';

declare global {
  interface Window {
    GUICHET_API: string;
    GUICHET_SIGN_IN_API: string;
  }
}

export const API: string = window.GUICHET_API;
/** The same server with GUICHET_LOGIN_URL set to `signInTemplate`. */
export const SIGN_IN_API: string = window.GUICHET_SIGN_IN_API;
export const signInTemplate = 'https://uni.example/Shibboleth.sso/Login?target={return}';

/** A call to the real API as a dev person, the way a test sets the scene. */
export async function apiAs<T>(user: string | undefined, path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const headers = new Headers(init.headers);
  if (user) headers.set('X-Guichet-Dev-User', user);
  if (init.body) headers.set('Content-Type', 'application/json');
  const response = await fetch(`${API}${path}`, { ...init, headers });
  return { status: response.status, body: (await response.json()) as T };
}

export async function definitionOf(formId: string): Promise<FormDefinition> {
  return (await apiAs<FormDefinition>(undefined, `/api/forms/${formId}`)).body;
}

export interface Created {
  ticket: { number: string; state: string };
  accessToken: string;
}

/** Creates a ticket through the API, as the confirmation mail's reader would have one. */
export async function createTicket(user: string, formId: string, data: Record<string, unknown>): Promise<Created> {
  const { status, body } = await apiAs<Created>(user, `/api/forms/${formId}/submissions`, {
    method: 'POST',
    headers: { 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify({ data, lang: 'en' }),
  });
  if (status !== 201) throw new Error(`could not create a ticket: ${status} ${JSON.stringify(body)}`);
  return body;
}

export const validSoftwareOrder = {
  software: 'matlab',
  os: 'linux',
  inventoryNumber: 'INV-123456',
  budgetHolderEmail: 'budget.holder@example.edu',
  licences: '2',
};

export function root(el: HTMLElement): ShadowRoot {
  return el.shadowRoot!;
}

/** Waits until an English component has loaded its form, or says why it shows none. */
export async function loaded(el: HTMLElement): Promise<void> {
  await waitUntil(
    () => {
      if (root(el).querySelector('form')) return true;
      const status = root(el).querySelector('[role="status"]')?.textContent?.trim();
      return !!status && status !== en.loading;
    },
    'the form did not load',
    { timeout: 5000 },
  );
}

/** Types values the way the browser reports them: a value, then `input` and `change` events from the control. */
export function fill(el: HTMLElement, values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) {
    const control = root(el).querySelector<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(`[name="${name}"]`);
    if (!control) throw new Error(`no control named ${name}`);
    control.value = value;
    control.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    control.dispatchEvent(new Event('change', { bubbles: true }));
  }
}

/** Replaces window.fetch for one test; the returned function puts the real one back. */
export function interceptFetch(wrapper: (real: typeof fetch, request: Request) => Promise<Response>): () => void {
  const real = window.fetch;
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => wrapper(real, new Request(input, init));
  return () => {
    window.fetch = real;
  };
}

/** A POST as a dev person (an agent's action, the admin's sweep), with the JSON content type every POST needs. */
export function postAs<T>(user: string | undefined, path: string, body: unknown = {}): Promise<{ status: number; body: T }> {
  return apiAs<T>(user, path, { method: 'POST', body: JSON.stringify(body) });
}

/** Moves the shared server clock forward (ISO-8601 duration) and returns the new time; `PT0S` just reads it. */
export async function advanceClock(duration: string): Promise<Date> {
  const { status, body } = await postAs<{ now: string }>(undefined, '/api/dev/clock', { advance: duration });
  if (status !== 200) throw new Error(`could not move the clock: ${status} ${JSON.stringify(body)}`);
  return new Date(body.now);
}

/** The ticket as its requester reads it through the API. */
export async function readTicket<T = Record<string, unknown>>(number: string, token: string): Promise<T> {
  const { status, body } = await apiAs<T>(undefined, `/api/tickets/${number}?lang=en`, { headers: { Authorization: `Bearer ${token}` } });
  if (status !== 200) throw new Error(`could not read ${number}: ${status}`);
  return body;
}

/**
 * A week later and a sweep by the admin: the ticket (idle, or due to close)
 * is closed and its closure mail sent. Returns the fragment of the mail's
 * reopen link, `#ticket=…&token=…`.
 */
export async function closeBySweep(number: string): Promise<string> {
  await advanceClock('P7D');
  const sweep = await postAs<{ closed: { number: string }[] }>('gina', '/api/admin/sweep');
  if (sweep.status !== 200) throw new Error(`sweep failed: ${sweep.status}`);
  const link = new RegExp(`/pages/reopen(#ticket=${number}&token=[^\\s"<>)\\]]+)`);
  let hash: string | undefined;
  await waitUntil(
    async () => {
      const { body: mails } = await apiAs<{ text: string }[]>(undefined, '/api/dev/mail');
      hash = mails.map((m) => link.exec(m.text)?.[1]).find(Boolean);
      return !!hash;
    },
    `no closure mail for ${number}`,
    { timeout: 5000, interval: 100 },
  );
  return hash!;
}

/** The component's own text, without the whitespace templates put around it. */
export const textOf = (el: HTMLElement, selector: string): string => root(el).querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/**
 * The budget holder of a software order approves through the link of their mail (dev outbox), as the approval
 * page's plain form posts it; resolves once the agents see the queue's step as the current one.
 */
export async function budgetHolderApproves(number: string): Promise<void> {
  let token: string | null | undefined;
  await waitUntil(
    async () => {
      const { body: mails } = await apiAs<{ subject: string; text: string }[]>(undefined, '/api/dev/mail');
      const link = mails.filter((m) => m.subject.includes(number)).map((m) => /https?:\/\/\S+\/approval\?\S+/.exec(m.text)?.[0]).find(Boolean);
      token = link && new URL(link).searchParams.get('token');
      return !!token;
    },
    `no approval mail for ${number}`,
    { timeout: 5000, interval: 100 },
  );
  // A plain form post, as the approval page sends it: its answer is the page's, not for this origin to read.
  await fetch(`${API}/approval?lang=en`, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: token!, decision: 'approve' }) });
  await waitUntil(
    async () => (await apiAs<{ approval: unknown }>('eva', `/api/agent/tickets/${number}`)).body.approval !== null,
    `the budget holder's approval of ${number} did not land`,
    { timeout: 5000, interval: 100 },
  );
}
