import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../components/index.ts';
import type GuichetTicketStatus from '../../components/ticket-status/ticket-status.component.ts';
import { de } from '../../components/locales/de.ts';
import { en } from '../../components/locales/en.ts';
import { eventLabels } from '../../server/services/states.ts';
import { formatInstant } from '../../components/internal/format.ts';
import {
  API,
  apiAs,
  budgetHolderApproves,
  closeBySweep,
  createTicket,
  interceptFetch,
  postAs,
  readTicket,
  root,
  textOf,
  validSoftwareOrder,
  type Created,
} from './support.ts';

async function openStatus(attributes: { number?: string; devUser?: string } = {}): Promise<GuichetTicketStatus> {
  const el = await fixture<GuichetTicketStatus>(
    html`<guichet-ticket-status api=${API} lang="en" number=${attributes.number ?? ''} dev-user=${attributes.devUser ?? ''}></guichet-ticket-status>`,
  );
  await waitUntil(() => {
    const text = statusText(el);
    return root(el).querySelector('[part="state"]') || (text && text !== en.loading);
  }, 'the status page did not load');
  return el;
}

const statusText = (el: HTMLElement) => textOf(el, '[role="status"]');
const timeline = (el: HTMLElement) => textOf(el, '[part="events"]');
const messageBox = (el: HTMLElement) => root(el).querySelector<HTMLTextAreaElement>('textarea[name="message"]')!;
const sendButton = (el: HTMLElement) => root(el).querySelector<HTMLButtonElement>('form button[type="submit"]')!;
const open = (created: Created) => (location.hash = `#ticket=${created.ticket.number}&token=${created.accessToken}`);

let restoreFetch: (() => void) | undefined;

describe('<guichet-ticket-status>', () => {
  let created: Created;

  before(async () => {
    created = await createTicket('alice', 'software-order', { ...validSoftwareOrder, licences: 3 });
  });

  afterEach(() => {
    restoreFetch?.();
    restoreFetch = undefined;
    history.replaceState(null, '', location.pathname + location.search);
  });

  it('shows the state, the number, the submitted data and the history for the mail’s link', async () => {
    const expected = await readTicket<{ stateLabel: string; title: string; nextStep: string }>(created.ticket.number, created.accessToken);
    open(created);
    const el = await openStatus();
    await expect(el).to.be.accessible();

    expect(root(el).querySelector('[part="title"]')!.textContent).to.equal(expected.title);
    expect(root(el).querySelector('[part="state"]')!.textContent).to.equal(expected.stateLabel);
    expect(textOf(el, '[part="next-step"]'), 'the server’s next step').to.equal(expected.nextStep);
    expect(root(el).querySelector('[part="summary"]')!.textContent).to.contain(created.ticket.number);
    const data = Object.fromEntries(
      [...root(el).querySelectorAll('[part="data"] > div')].map((row) => [row.querySelector('dt')!.textContent, row.querySelector('dd')!.textContent]),
    );
    expect(data).to.include({ Software: 'MATLAB', 'Operating system': 'Linux', 'Computer inventory number': 'INV-123456', 'Number of licences': '3' });
    expect(timeline(el)).to.contain(eventLabels.submitted!.en);
  });

  it('says the link is not valid for a wrong token, and follows a new link in the same page', async () => {
    location.hash = `#ticket=${created.ticket.number}&token=not-the-token`;
    const el = await openStatus();
    expect(statusText(el)).to.equal(en.statusInvalid);
    expect(root(el).querySelector('[part="state"]')?.outerHTML ?? null).to.equal(null);

    open(created);
    await waitUntil(() => root(el).querySelector('[part="state"]'), 'hashchange loads the ticket');
    expect(statusText(el)).to.equal('');
  });

  it('says the link is incomplete when the page is opened without one', async () => {
    const el = await openStatus();
    expect(statusText(el)).to.equal(en.statusMissing);
  });

  it('opens a signed-in owner’s ticket by its number, without a token', async () => {
    const byAttribute = await openStatus({ number: created.ticket.number, devUser: 'alice' });
    expect(textOf(byAttribute, '[part="summary"]')).to.contain(created.ticket.number);

    location.hash = `#ticket=${created.ticket.number}`;
    const byFragment = await openStatus({ devUser: 'alice' });
    expect(textOf(byFragment, '[part="summary"]')).to.contain(created.ticket.number);

    const someoneElse = await openStatus({ number: created.ticket.number, devUser: 'bruno' });
    expect(statusText(someoneElse)).to.equal(en.statusInvalid);
    const nobody = await openStatus({ number: created.ticket.number });
    expect(statusText(nobody)).to.equal(en.signInToSee);
  });

  it('lists the approval steps, the current one first in weight: awaiting the budget holder since the day it was sent', async () => {
    const expected = await readTicket<{ approvalSteps: { since: string | null }[] }>(created.ticket.number, created.accessToken);
    open(created);
    const el = await openStatus();
    const steps = [...root(el).querySelectorAll('[part="approval-steps"] li')];
    expect(steps.map((li) => li.textContent!.trim())).to.deep.equal([
      `Awaiting the budget holder since ${formatInstant('en', expected.approvalSteps[0]!.since!, 'long')}`,
      'Purchasing: to come',
    ]);
    expect(steps[0]!.getAttribute('aria-current')).to.equal('step');
    await expect(el).to.be.accessible();
  });

  it('shows the closing time, with its weekday, once an agent approves', async () => {
    const order = await createTicket('alice', 'software-order', validSoftwareOrder);
    await budgetHolderApproves(order.ticket.number);
    const approved = await postAs('eva', `/api/agent/tickets/${order.ticket.number}/approve`, { confirm: { inventoryNumber: true } });
    expect(approved.status).to.equal(200);
    const ticket = await readTicket<{ state: string; stateLabel: string; autoCloseAt: string }>(order.ticket.number, order.accessToken);
    expect(ticket.state).to.equal('pending_auto_close');

    open(order);
    const el = await openStatus();
    expect(textOf(el, '[part="state"]')).to.equal(ticket.stateLabel);
    const closing = formatInstant('en', ticket.autoCloseAt, 'full');
    expect(closing, 'a weekday is named').to.match(/day, /);
    expect(textOf(el, '[part="next-step"]')).to.equal(en.autoCloses(closing));
    expect(timeline(el)).to.contain(eventLabels.approved!.en);
  });

  it('shows an agent’s reply and the new state within 2 seconds, without a reload, and announces the state', async () => {
    const order = await createTicket('alice', 'software-order', validSoftwareOrder);
    open(order);
    const el = await openStatus();
    const before = textOf(el, '[part="state"]');

    const reply = `Which version of MATLAB do you need? ${crypto.randomUUID()}`;
    expect((await postAs('eva', `/api/agent/tickets/${order.ticket.number}/replies`, { body: reply })).status).to.equal(201);
    await waitUntil(() => timeline(el).includes(reply), 'the reply shows live', { timeout: 2000, interval: 50 });
    expect(timeline(el)).to.contain(eventLabels.agent_reply!.en);

    const now = await readTicket<{ stateLabel: string }>(order.ticket.number, order.accessToken);
    if (now.stateLabel !== before) {
      await waitUntil(() => textOf(el, '[aria-live="polite"]') === en.labelled(en.statusState, now.stateLabel), 'the new state is announced', { timeout: 2000 });
    }
    expect((await postAs('eva', `/api/agent/tickets/${order.ticket.number}/state`, { state: 'pending' })).status).to.equal(200);
    const pending = await readTicket<{ stateLabel: string }>(order.ticket.number, order.accessToken);
    await waitUntil(() => textOf(el, '[part="state"]') === pending.stateLabel, 'the state changes live', { timeout: 2000, interval: 50 });
    await waitUntil(() => textOf(el, '[aria-live="polite"]') === en.labelled(en.statusState, pending.stateLabel), 'and is announced', { timeout: 2000 });
  });

  it('adds a message: the button is disabled while it sends, then the message is in the history and the box is empty again', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let sent: { contentType: string | null; body: unknown } | undefined;
    restoreFetch = interceptFetch(async (real, request) => {
      if (request.method === 'POST') {
        sent = { contentType: request.headers.get('content-type'), body: await request.clone().json() };
        await gate;
      }
      return real(request);
    });
    open(created);
    const el = await openStatus();
    const label = root(el).querySelector(`label[for="${messageBox(el).id}"]`)!;
    expect(label.textContent).to.equal(en.messageLabel);

    const text = `The licence key does not work.\nIt says "expired". ${crypto.randomUUID()}`;
    messageBox(el).value = text;
    sendButton(el).click();
    await el.updateComplete;
    expect(sendButton(el).disabled, 'disabled while sending').to.equal(true);
    release();
    // The live stream may show the message before the POST's answer re-enables the box: wait for both.
    await waitUntil(() => timeline(el).includes(text.split('\n')[1]!) && !sendButton(el).disabled, 'the message shows in the history and the box is free again', { timeout: 5000 });

    expect(sent).to.deep.equal({ contentType: 'application/json', body: { body: text } });
    const body = [...root(el).querySelectorAll('[part="events"] .event-body')].at(-1)!;
    expect(body.textContent, 'line breaks kept').to.equal(text);
    expect(getComputedStyle(body).whiteSpace).to.equal('pre-wrap');
    expect(sendButton(el).disabled).to.equal(false);
    expect(messageBox(el).value).to.equal('');
    expect(root(el).activeElement, 'focus back in the box').to.equal(messageBox(el));
    await waitUntil(() => textOf(el, '[aria-live="polite"]') === en.labelled(eventLabels.requester_message!.en, text).replace(/\s+/g, ' '), 'the sent message is announced');
    await expect(el).to.be.accessible();
  });

  it('keeps the message and says why when it cannot be sent', async () => {
    restoreFetch = interceptFetch(async (real, request) => {
      if (request.method === 'POST') throw new TypeError('Failed to fetch');
      return real(request);
    });
    open(created);
    const el = await openStatus();
    messageBox(el).value = 'Are you there?';
    sendButton(el).click();
    await waitUntil(() => textOf(el, '[role="alert"]'), 'an alert shows');
    expect(textOf(el, '[role="alert"]')).to.equal(en.networkError);
    expect(messageBox(el).value).to.equal('Are you there?');
  });

  it('says when it closed and until when it can be reopened', async () => {
    const help = await createTicket('alice', 'it-help', { subject: 'Mailbox full', category: 'email', description: 'I cannot receive mail any more.' });
    await closeBySweep(help.ticket.number);
    const ticket = await readTicket<{ closedAt: string; reopenUntil: string; canReopen: boolean }>(help.ticket.number, help.accessToken);
    expect(ticket.canReopen).to.equal(true);
    open(help);
    const el = await openStatus();
    const when = (iso: string) => formatInstant('en', iso, 'full');
    expect(textOf(el, '[part="next-step"]')).to.equal(en.closed(when(ticket.closedAt), when(ticket.reopenUntil)));
    expect(timeline(el)).to.contain(eventLabels.auto_closed!.en);
  });

  it('polls when the live stream is down, and stops everything when it leaves the page', async function () {
    this.timeout(30_000);
    const streams: AbortSignal[] = [];
    let reads = 0;
    restoreFetch = interceptFetch(async (real, request) => {
      const path = new URL(request.url).pathname;
      if (path.endsWith('/live')) {
        streams.push(request.signal);
        return new Response('unavailable', { status: 503 });
      }
      if (request.method === 'GET' && path.startsWith('/api/tickets/')) reads++;
      return real(request);
    });
    const help = await createTicket('alice', 'it-help', { subject: 'VPN drops', category: 'network', description: 'The VPN drops every hour.' });
    open(help);
    const el = await openStatus();
    await waitUntil(() => streams.length > 0, 'the stream is tried');
    const reply = `Which VPN client? ${crypto.randomUUID()}`;
    await postAs('felix', `/api/agent/tickets/${help.ticket.number}/replies`, { body: reply });
    await waitUntil(() => timeline(el).includes(reply), 'the poll brings the reply', { timeout: 12_000, interval: 200 });

    el.remove();
    const after = reads;
    await new Promise((resolve) => setTimeout(resolve, 10_500));
    expect(reads, 'no poll after leaving').to.equal(after);
  });

  it('closes the live stream when it leaves the page', async () => {
    let stream: AbortSignal | undefined;
    restoreFetch = interceptFetch(async (real, request) => {
      if (new URL(request.url).pathname.endsWith('/live')) stream = request.signal;
      return real(request);
    });
    open(created);
    const el = await openStatus();
    await waitUntil(() => stream, 'the stream opens');
    expect(stream!.aborted).to.equal(false);
    el.remove();
    expect(stream!.aborted).to.equal(true);
  });

  it('while the reopen window is open, a closed request has a Reopen button, and the message box says a message reopens it', async () => {
    const help = await createTicket('alice', 'it-help', { subject: 'Scanner offline', category: 'other', description: 'The scanner on floor 3 is offline.' });
    await closeBySweep(help.ticket.number);
    open(help);
    const el = await openStatus();
    const reopen = root(el).querySelector<HTMLButtonElement>('form.reopen button[type="submit"]');
    expect(reopen?.textContent?.trim()).to.equal(en.reopenButton);
    expect(textOf(el, 'form.message [part="help-text"]')).to.equal(en.messageReopens, 'said before sending');
    await expect(el).to.be.accessible();
    reopen!.click();
    await waitUntil(async () => (await readTicket<{ state: string }>(help.ticket.number, help.accessToken)).state === 'open', 'the request did not reopen', { timeout: 3000 });
    await waitUntil(() => !root(el).querySelector('form.reopen'), 'the button stays after reopening', { timeout: 3000 });
    expect(textOf(el, 'form.message [part="help-text"]')).to.equal('', 'an open request’s message reopens nothing');
  });

  it('follows the request’s language, unless the element has a lang of its own', async () => {
    const { body } = await apiAs<Created>('alice', '/api/forms/it-help/submissions', {
      method: 'POST',
      headers: { 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify({ data: { subject: 'Drucker streikt', category: 'other', description: 'Der Drucker im 2. Stock druckt nicht.' }, lang: 'de' }),
    });
    open(body);
    const german = await fixture<GuichetTicketStatus>(html`<guichet-ticket-status api=${API}></guichet-ticket-status>`);
    await waitUntil(() => root(german).querySelector('[part="state"]'), 'the status page did not load');
    await waitUntil(() => textOf(german, '[part="summary"] dt') === de.ticketNumber, 'the page is not in the request’s language (German)', { timeout: 3000 });
    expect(textOf(german, '[part="state"]')).to.equal('Eingegangen', 'the server’s words too');
    german.remove();
    const english = await openStatus();
    expect(textOf(english, '[part="summary"] dt')).to.equal(en.ticketNumber, 'the editor’s lang wins');
  });
});
