// End-to-end support: the real server process, a real Chromium, and the few
// helpers a test needs to watch what a person would see.
//
// Run:  npm run build && node --import tsx --test test/e2e/*.test.ts
// (CHROME_PATH overrides /usr/bin/chromium). The embed must be built first:
// the server serves dist/embed/, and building it here would hide a broken
// build. Each test file starts its own server on a free port with a fresh
// data folder, so files are independent and may run in parallel.

import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { startServerProcess } from '../support/server-process.ts';
import type { RequesterTicket } from '../../server/wire/tickets.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const builtModules = [path.join(repoRoot, 'dist/embed/guichet.js'), path.join(repoRoot, 'dist/agent/guichet-agent.js')];

export interface RunningServer {
  /** Base URL, `http://localhost:<port>`, the same as GUICHET_PUBLIC_URL. */
  url: string;
  dataDir: string;
  /** Everything the process printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/** Starts the server (test/support/server-process.ts) in dev mode on a free port with a fresh data folder; `extraEnv` adds GUICHET_* settings. */
export async function startServer(extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const missing = builtModules.find((file) => !existsSync(file));
  if (missing) throw new Error(`${path.relative(repoRoot, missing)} is missing: run \`npm run build\` before the end-to-end tests.`);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'guichet-e2e-'));
  try {
    // `localhost`, as a person types it: the demo's cookies are set for that name.
    const server = await startServerProcess(dataDir, { ...extraEnv, GUICHET_MODE: 'dev' }, { host: 'localhost' });
    return {
      url: server.url,
      dataDir,
      output: server.output,
      stop: async () => {
        await server.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

export interface ServerAndBrowser {
  server: RunningServer;
  browser: Browser;
}

/**
 * One server process and one Chromium for all the tests of the calling file:
 * started in its `before` hook, closed in its `after` hook. Read `server` and
 * `browser` inside the tests, once the hook has set them.
 */
export function sharedServerAndBrowser(): ServerAndBrowser {
  const shared = {} as ServerAndBrowser;
  before(async () => {
    shared.server = await startServer();
    shared.browser = await launchBrowser();
  });
  after(async () => {
    await shared.browser?.close();
    await shared.server?.stop();
  });
  return shared;
}

export interface DemoPage {
  context: BrowserContext;
  page: Page;
  /** CSP violations seen so far in any frame of any page of the context. */
  cspViolations: string[];
  /** Uncaught page errors seen so far. */
  pageErrors: string[];
  close(): Promise<void>;
}

export interface DemoOptions {
  /** The demo person, as if chosen earlier in the switcher. */
  person?: string;
  /** The browser's time zone (IANA), e.g. `Europe/Zurich` to read times as a person on campus does; default: the machine's. */
  timezoneId?: string;
}

/**
 * A fresh browser context on the demo site. `person` sets the demo identity
 * cookie up front (as if chosen earlier in the switcher); without it the
 * visitor is anonymous until the test picks someone.
 */
export async function openDemo(browser: Browser, server: RunningServer, options: DemoOptions = {}): Promise<DemoPage> {
  const context = await browser.newContext({
    baseURL: server.url,
    locale: 'fr-CH',
    viewport: { width: 1200, height: 900 },
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
  });
  context.setDefaultTimeout(10_000);
  if (options.person) {
    await context.addCookies([{ name: 'guichet_dev_user', value: options.person, url: server.url }]);
  }
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];
  // Two witnesses: the DOM event (blocked URI and directive, per frame that
  // runs scripts) and the console (also covers sandboxed frames).
  await context.exposeBinding('__guichetE2eCsp', ({ frame }, report: string) => cspViolations.push(`${frame.url()}: ${report}`));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`;
      (window as unknown as { __guichetE2eCsp(r: string): void }).__guichetE2eCsp(report);
    });
  });
  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (/content[- ]security[- ]policy/i.test(message.text())) cspViolations.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  };
  context.on('page', watch);
  const page = await context.newPage();
  return { context, page, cspViolations, pageErrors, close: () => context.close() };
}

/**
 * Retries `probe` until it returns a truthy value, like an `expect.poll`:
 * for what no locator can wait on (a mail arriving, an API answer).
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false>,
  { timeout = 10_000, interval = 200, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) {
      const why = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${why})`);
    }
    await delay(interval);
  }
}

/** The text of the elements a field's aria-describedby points to (help and error), inside its shadow root. */
export function describedBy(field: Locator): Promise<string> {
  return field.evaluate((el) => {
    const root = el.getRootNode() as Document | ShadowRoot;
    return (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => root.getElementById(id)?.textContent?.trim() ?? '')
      .join(' | ');
  });
}

/** A screenshot for a failed test, kept out of the repository; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = path.join(tmpdir(), 'guichet-e2e-artifacts');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name.replace(/[^a-z0-9-]+/gi, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
  return file;
}

/**
 * Runs a test body on a fresh demo page; on failure the error carries a
 * screenshot path, the page errors and the end of the server's output.
 */
export async function onDemo(
  browser: Browser,
  server: RunningServer,
  name: string,
  options: DemoOptions,
  body: (demo: DemoPage) => Promise<void>,
): Promise<void> {
  const demo = await openDemo(browser, server, options);
  try {
    await body(demo);
  } catch (error) {
    const shot = await screenshot(demo.page, name);
    const err = error as Error;
    err.message +=
      `\n  screenshot: ${shot}` +
      (demo.pageErrors.length ? `\n  page errors: ${demo.pageErrors.join('\n    ')}` : '') +
      `\n  server output (end):\n${server.output().split('\n').slice(-30).join('\n')}`;
    throw err;
  } finally {
    await demo.close();
  }
}

/** Reads a form definition shipped with the repository (labels, messages). */
export async function formDefinition(id: string): Promise<FormDefinitionData> {
  return JSON.parse(await readFile(path.join(repoRoot, 'forms/definitions', `${id}.json`), 'utf8')) as FormDefinitionData;
}

type Localized = { fr: string; en: string; de: string };
export interface FormDefinitionData {
  id: string;
  title: Localized;
  fields: {
    id: string;
    label: Localized;
    patternMessage?: Localized;
    options?: { value: string; label: Localized; details?: Record<string, string> }[];
  }[];
}

/** A mail of the dev outbox (GET /api/dev/mail). */
export interface DevMail {
  id: string | number;
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  sentAt: string;
}

/** The dev outbox as the API gives it, oldest first. */
export async function devMails(server: RunningServer): Promise<DevMail[]> {
  const response = await fetch(`${server.url}/api/dev/mail`);
  if (!response.ok) throw new Error(`GET /api/dev/mail answered ${response.status}`);
  return (await response.json()) as DevMail[];
}

/**
 * A request submitted straight to the API as `person` (for tests whose story
 * starts after the form: the form itself is covered by the order tests).
 */
export async function submitViaApi(
  server: RunningServer,
  person: string,
  formId: string,
  data: Record<string, unknown>,
): Promise<{ number: string; accessToken: string }> {
  const response = await fetch(`${server.url}/api/forms/${formId}/submissions?lang=fr`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Guichet-Dev-User': person, 'Idempotency-Key': randomUUID() },
    body: JSON.stringify({ data }),
  });
  const body = (await response.json()) as { ticket?: { number: string }; accessToken?: string };
  if (response.status !== 201 || !body.ticket || !body.accessToken) throw new Error(`submission answered ${response.status}: ${JSON.stringify(body)}`);
  return { number: body.ticket.number, accessToken: body.accessToken };
}

export interface SoftwareOrder {
  software: string;
  os: string;
  inventoryNumber: string;
  budgetHolderEmail: string;
  licences: number;
}

/** A valid software order (form `software-order`), for tests that need one. */
export const SOFTWARE_ORDER: Readonly<SoftwareOrder> = {
  software: 'matlab',
  os: 'windows',
  inventoryNumber: 'INV-123456',
  budgetHolderEmail: 'prof.budget@example.edu',
  licences: 2,
};

/**
 * Fills and sends the software order on /software.html as the person already
 * chosen in the demo bar, the way a person would (labels, the submit button);
 * returns the ticket number the success panel shows.
 */
export async function orderSoftwareInForm(page: Page, order: Readonly<SoftwareOrder> = SOFTWARE_ORDER): Promise<string> {
  const form = page.locator('guichet-request-form');
  await form.locator('[name="software"]').selectOption(order.software);
  await form.locator('[name="os"]').selectOption(order.os);
  await form.locator('[name="inventoryNumber"]').fill(order.inventoryNumber);
  await form.locator('[name="budgetHolderEmail"]').fill(order.budgetHolderEmail);
  await form.locator('[name="licences"]').fill(String(order.licences));
  await form.locator('button[type="submit"]').click();
  const panel = form.getByRole('status').filter({ hasText: /\b\d{4}-\d{6}\b/ }).first();
  const number = (await panel.textContent())?.match(/\b\d{4}-\d{6}\b/)?.[0];
  if (!number) throw new Error('the success panel shows no ticket number');
  return number;
}

/**
 * axe-core's WCAG 2.x A/AA violations on the page, as readable lines
 * (page.evaluate is not subject to the page's CSP).
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const source = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  type Violation = { id: string; impact: string; help: string; nodes: { target: unknown[] }[] };
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, options: object): Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { iframes: false, runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations;
  });
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

/** An IT help request (form `it-help`); `phone` only for an on-site visit. */
export interface ItHelpRequest {
  subject: string;
  category: string;
  description: string;
  phone?: string;
}

/**
 * Fills and sends the IT help request on /help.html as the person already
 * chosen in the demo bar, the way a person would; returns the ticket number
 * the success panel shows.
 */
export async function askItHelpInForm(page: Page, request: Readonly<ItHelpRequest>): Promise<string> {
  const form = page.locator('guichet-request-form');
  await form.locator('[name="subject"]').fill(request.subject);
  await form.locator('[name="category"]').selectOption(request.category);
  await form.locator('[name="description"]').fill(request.description);
  if (request.phone !== undefined) await form.locator('[name="phone"]').fill(request.phone);
  await form.locator('button[type="submit"]').click();
  const panel = form.getByRole('status').filter({ hasText: /\b\d{4}-\d{6}\b/ }).first();
  const number = (await panel.textContent())?.match(/\b\d{4}-\d{6}\b/)?.[0];
  if (!number) throw new Error('the success panel shows no ticket number');
  return number;
}

/**
 * Presses a step of the demo bar's clock control ("+7 jours"): the server's
 * clock moves, the sweep runs, and the bar announces what it closed. Returns
 * that announcement. The page must be in French.
 */
export async function advanceClockInBar(page: Page, days: 1 | 7 | 31): Promise<string> {
  const control = page.getByRole('group', { name: /^Horloge du serveur/ });
  await control.getByRole('button', { name: `+${days} jour${days > 1 ? 's' : ''}`, exact: true }).click();
  const announcement = control.getByRole('status').filter({ hasText: `Horloge avancée de ${days} jour` });
  await announcement.waitFor();
  return (await announcement.textContent()) ?? '';
}

/**
 * Opens one mail in the demo mailbox the way a person would: the bar's link
 * to the mailbox (unless already there), the filter with the ticket number,
 * Refresh until a mail whose list entry matches `subject` arrives, a click on
 * it. Returns the mail's text pane (its URLs are links).
 */
export async function openMailInViewer(page: Page, number: string, subject: string | RegExp): Promise<Locator> {
  if (new URL(page.url()).pathname !== '/mail.html') {
    await page.getByRole('link', { name: 'Boîte mail de démo', exact: true }).click();
    await page.waitForURL(/\/mail\.html/);
  }
  await page.getByLabel('Filtrer les messages').fill(number);
  const mail = page.locator('#mail-list').getByRole('button').filter({ hasText: subject });
  await eventually(
    async () => {
      if ((await mail.count()) > 0) return true;
      await page.getByRole('button', { name: 'Actualiser' }).click();
      return false;
    },
    { timeout: 15_000, interval: 500, what: `a mail "${subject}" about ${number} in the demo mailbox` },
  );
  await mail.first().click();
  const text = page.locator('#mail-detail pre');
  await text.filter({ hasText: number }).waitFor();
  return text;
}

/** Reads a ticket with a magic link's token, as the status page does. */
export async function ticketWithToken(server: RunningServer, number: string, token: string): Promise<RequesterTicket> {
  const response = await fetch(`${server.url}/api/tickets/${number}?lang=fr`, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET /api/tickets/${number} answered ${response.status}: ${text}`);
  return JSON.parse(text) as RequesterTicket;
}

/** The `ticket` and `token` of a magic link's fragment (`…#ticket=NUMBER&token=TOKEN`). */
export function linkFragment(href: string): { ticket: string | null; token: string | null } {
  const params = new URLSearchParams(new URL(href).hash.slice(1));
  return { ticket: params.get('ticket'), token: params.get('token') };
}

/**
 * The approval link (`/approval?lang=…&token=…`) of the latest mail asking
 * `address` to decide request `number`, read from the dev outbox.
 */
export async function approvalLinkFor(server: RunningServer, number: string, address: string): Promise<string> {
  let link: string | undefined;
  await eventually(
    async () => {
      const mails = (await devMails(server)).filter((m) => m.subject.includes(number) && [m.to].flat().some((to) => to.includes(address)));
      link = mails
        .map((m) => m.text.match(/https?:\/\/\S+\/approval\?\S+/)?.[0])
        .filter(Boolean)
        .at(-1);
      return link !== undefined;
    },
    { timeout: 15_000, interval: 300, what: `a mail asking ${address} to decide ${number}` },
  );
  return link!;
}

/** The budget holder approves through their link, as the approval page's form posts it (for stories about what comes after). */
export async function budgetHolderApproves(server: RunningServer, number: string, address = SOFTWARE_ORDER.budgetHolderEmail): Promise<void> {
  const link = new URL(await approvalLinkFor(server, number, address));
  const response = await fetch(`${server.url}/approval?lang=fr`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: link.searchParams.get('token') ?? '', decision: 'approve' }).toString(),
  });
  if (response.status !== 200) throw new Error(`the budget holder’s approval answered ${response.status}: ${await response.text()}`);
}
