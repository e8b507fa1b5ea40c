import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../components/agent.ts';
import type GuichetAgentInbox from '../../components/agent-inbox/agent-inbox.component.ts';
import { agentTerms } from '../../components/agent-inbox/terms.ts';
import { API, apiAs, closeBySweep, createTicket, postAs, root, textOf, validSoftwareOrder, type Created } from './support.ts';

const t = agentTerms.en;

async function openInbox(devUser: string, lang = 'en'): Promise<GuichetAgentInbox> {
  const el = await fixture<GuichetAgentInbox>(html`<guichet-agent-inbox api=${API} lang=${lang} dev-user=${devUser}></guichet-agent-inbox>`);
  await waitUntil(() => root(el).querySelector('[role="listbox"]') || textOf(el, '[role="status"]'), 'the workspace did not load', { timeout: 5000 });
  await waitUntil(() => root(el).querySelector('.live.on'), 'the live stream did not start', { timeout: 5000 });
  return el;
}

const rows = (el: HTMLElement) => [...root(el).querySelectorAll<HTMLElement>('[role="option"]')];
const rowOf = (el: HTMLElement, number: string) => rows(el).find((r) => r.dataset.number === number);
const focusedIn = (el: HTMLElement) => root(el).activeElement as HTMLElement | null;
const key = (target: HTMLElement, name: string) => target.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true, composed: true, cancelable: true }));

async function openTicket(el: HTMLElement, number: string): Promise<void> {
  await waitUntil(() => rowOf(el, number), `${number} is not in the list`, { timeout: 3000 });
  rowOf(el, number)!.click();
  await waitUntil(() => textOf(el, '#ticket-title').startsWith(number), `${number} did not open`, { timeout: 3000 });
}

describe('<guichet-agent-inbox>', () => {
  let first: Created;
  let second: Created;

  before(async () => {
    first = await createTicket('alice', 'software-order', validSoftwareOrder);
    second = await createTicket('alice', 'software-order', { ...validSoftwareOrder, inventoryNumber: 'INV-222222' });
  });

  it('shows the agent’s queues with counts per state, and the queue’s tickets, most recently active first, with who holds each', async () => {
    const el = await openInbox('eva');
    await expect(el).to.be.accessible();
    const queues = [...root(el).querySelectorAll('[part="queues"] button')];
    expect(queues.map((q) => q.querySelector('.queue-name')!.textContent)).to.deep.equal(['Purchasing'], 'Eva works purchasing only');
    const { body } = await apiAs<{ queues: { counts: Record<string, number> }[] }>('eva', '/api/agent/queues');
    expect(queues[0]!.textContent).to.contain(t.count(t.states.new!, body.queues[0]!.counts.new!));
    const numbers = rows(el).map((r) => r.dataset.number);
    expect(numbers.indexOf(second.ticket.number)).to.be.lessThan(numbers.indexOf(first.ticket.number), 'the newer first');
    expect(rowOf(el, first.ticket.number)!.textContent).to.contain(t.free);
  });

  it('moves through the list with the arrow keys (one tab stop) and opens a ticket with Enter, focus on its heading', async () => {
    const el = await openInbox('eva');
    const list = rows(el);
    expect(list.filter((r) => r.tabIndex === 0)).to.have.length(1, 'one tab stop in the list');
    list[0]!.focus();
    key(list[0]!, 'ArrowDown');
    await waitUntil(() => focusedIn(el) === rows(el)[1], 'ArrowDown did not move');
    expect(rows(el)[1]!.tabIndex).to.equal(0);
    expect(rows(el)[0]!.tabIndex).to.equal(-1);
    key(rows(el)[1]!, 'ArrowUp');
    await waitUntil(() => focusedIn(el) === rows(el)[0], 'ArrowUp did not move');
    const target = rowOf(el, first.ticket.number)!;
    target.focus();
    key(target, 'Enter');
    await waitUntil(() => focusedIn(el)?.id === 'ticket-title', 'focus did not go to the ticket');
    expect(textOf(el, '#ticket-title')).to.contain(first.ticket.number);
    expect(rowOf(el, first.ticket.number)!.getAttribute('aria-selected')).to.equal('true');
    key(focusedIn(el)!, 'Escape');
    await waitUntil(() => focusedIn(el) === rowOf(el, first.ticket.number), 'Escape did not go back to the row');
  });

  it('shows another agent’s lock, and the open ticket’s new history, without a reload', async () => {
    const el = await openInbox('eva');
    await openTicket(el, second.ticket.number);
    const locked = await postAs('hugo', `/api/agent/tickets/${second.ticket.number}/lock`);
    expect(locked.status).to.equal(200);
    await waitUntil(() => rowOf(el, second.ticket.number)?.textContent?.includes(t.heldBy('Hugo Bernard')), 'the row did not show Hugo', { timeout: 2000 });
    await waitUntil(() => textOf(el, '.lock-text') === t.lockOther('Hugo Bernard'), 'the ticket did not show Hugo', { timeout: 2000 });
    await postAs('hugo', `/api/agent/tickets/${second.ticket.number}/notes`, { body: 'Checked with the budget holder.' });
    await waitUntil(() => textOf(el, '[part="events"]').includes('Checked with the budget holder.'), 'the note did not show', { timeout: 2000 });
    const note = [...root(el).querySelectorAll('[part="events"] li')].find((li) => li.textContent!.includes('Checked with the budget holder.'))!;
    expect(note.textContent).to.contain(t.internal, 'a note says it is internal');

    // Eva's reply against Hugo's lock is refused, in words, and what she typed stays.
    const reply = root(el).querySelector<HTMLTextAreaElement>('#reply')!;
    reply.value = 'We are on it.';
    root(el).querySelector<HTMLButtonElement>('.reply button[type="submit"]')!.click();
    await waitUntil(() => textOf(el, '.reply [role="alert"]').includes('Hugo Bernard'), 'no refusal shown');
    expect(reply.value).to.equal('We are on it.');
    expect(focusedIn(el)).to.equal(reply, 'focus is back in the text, to try again later');
    await postAs('hugo', `/api/agent/tickets/${second.ticket.number}/unlock`);
  });

  it('inserts a canned answer in the requester’s language, then sends the reply', async () => {
    const el = await openInbox('eva', 'fr');
    await openTicket(el, first.ticket.number);
    const { body } = await apiAs<{ queues: { cannedAnswers: { id: string; body: Record<string, string> }[] }[] }>('eva', '/api/agent/queues');
    const answer = body.queues[0]!.cannedAnswers[0]!;
    root(el).querySelector<HTMLButtonElement>('.canned button')!.click();
    const reply = root(el).querySelector<HTMLTextAreaElement>('#reply')!;
    expect(reply.value).to.equal(answer.body.en, 'Alice asked in English: the answer goes in English');
    expect(focusedIn(el)).to.equal(reply);
    root(el).querySelector<HTMLButtonElement>('.reply button[type="submit"]')!.click();
    await waitUntil(() => textOf(el, '[part="events"]').includes(answer.body.en!.split('\n')[0]!), 'the reply is not in the history', { timeout: 3000 });
    expect(reply.value).to.equal('');
    expect(textOf(el, '[part="facts"]')).to.contain('En cours de traitement', 'a reply takes a new ticket up');
  });

  it('filters the list by state, and drops a ticket another agent moved to another queue, live', async () => {
    const moving = await createTicket('alice', 'software-order', { ...validSoftwareOrder, inventoryNumber: 'INV-333333' });
    const el = await openInbox('eva');
    await waitUntil(() => rowOf(el, moving.ticket.number), 'the new ticket is not listed', { timeout: 3000 });
    const filter = root(el).querySelector<HTMLSelectElement>('#filter')!;
    filter.value = 'new';
    filter.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(rows(el).length).to.be.greaterThan(0);
    expect(rows(el).every((r) => r.textContent!.includes(t.states.new!)), 'only new tickets').to.equal(true);
    const moved = await postAs('hugo', `/api/agent/tickets/${moving.ticket.number}/move`, { queueId: 'helpdesk' });
    expect(moved.status).to.equal(200);
    await waitUntil(() => !rowOf(el, moving.ticket.number), 'the moved ticket is still listed', { timeout: 2000 });
  });

  it('speaks German, and tells a person who is no agent so', async () => {
    const eva = await openInbox('eva', 'de');
    expect(textOf(eva, '#queues-title')).to.equal(agentTerms.de.queuesTitle);
    expect(textOf(eva, '#tickets-title')).to.equal(agentTerms.de.ticketsTitle('Einkauf'));
    const alice = await fixture<GuichetAgentInbox>(html`<guichet-agent-inbox api=${API} lang="en" dev-user="alice"></guichet-agent-inbox>`);
    await waitUntil(() => textOf(alice, '[role="status"]') === t.notAgent, 'no notice for a non-agent', { timeout: 3000 });
  });

  it('lists apart the requests the sweep closed with no agent’s answer, and opens one from there', async () => {
    const forgotten = await createTicket('alice', 'it-help', { subject: 'Printer on floor 2', category: 'other', description: 'The printer on floor 2 prints blank pages.' });
    await closeBySweep(forgotten.ticket.number);
    const el = await openInbox('felix');
    const entry = () => [...root(el).querySelectorAll<HTMLButtonElement>('.unanswered button')].find((b) => b.textContent!.includes(forgotten.ticket.number));
    await waitUntil(entry, 'the unanswered closure is not listed apart', { timeout: 3000 });
    expect(textOf(el, '#unanswered-title')).to.equal(t.closedUnansweredTitle);
    await expect(el).to.be.accessible();
    entry()!.click();
    await waitUntil(() => textOf(el, '#ticket-title').startsWith(forgotten.ticket.number), 'it did not open', { timeout: 3000 });
  });

  it('finds requests as the agent types, by name or words, across the agent’s queues', async () => {
    const wanted = await createTicket('alice', 'software-order', { ...validSoftwareOrder, inventoryNumber: 'INV-987654' });
    const el = await openInbox('eva');
    const field = root(el).querySelector<HTMLInputElement>('input[type="search"]')!;
    expect(field.labels?.[0]?.textContent).to.equal(t.searchLabel);
    field.value = 'INV-98765';
    field.dispatchEvent(new Event('input'));
    await waitUntil(() => rows(el).length === 1 && rows(el)[0]!.dataset.number === wanted.ticket.number, 'the order with that inventory number was not found', { timeout: 3000 });
    field.value = 'nothing-matches-this';
    field.dispatchEvent(new Event('input'));
    await waitUntil(() => textOf(el, '.list-pane [role="status"]') === t.noResults, 'no result was not said', { timeout: 3000 });
    field.value = '';
    field.dispatchEvent(new Event('input'));
    await waitUntil(() => rowOf(el, wanted.ticket.number) && !textOf(el, '.list-pane [role="status"]'), 'the queue did not come back');
  });

  it('keeps the open ticket in the page’s address, and opens the ticket an address names', async () => {
    const one = await createTicket('alice', 'software-order', validSoftwareOrder);
    const other = await createTicket('alice', 'software-order', validSoftwareOrder);
    const el = await openInbox('eva');
    await openTicket(el, one.ticket.number);
    expect(new URLSearchParams(location.hash.slice(1)).get('ticket')).to.equal(one.ticket.number);
    location.hash = `ticket=${other.ticket.number}`;
    await waitUntil(() => textOf(el, '#ticket-title').startsWith(other.ticket.number), 'the address did not open its ticket', { timeout: 3000 });
    history.replaceState(null, '', location.pathname + location.search);
  });

  it('offers to move a request to any queue of the catalogue, not only the agent’s own', async () => {
    const mine = await createTicket('alice', 'software-order', validSoftwareOrder);
    const el = await openInbox('eva');
    await openTicket(el, mine.ticket.number);
    const options = [...root(el).querySelectorAll<HTMLOptionElement>('#move option')].map((o) => o.value);
    expect(options).to.include('helpdesk', 'Eva works purchasing only, yet may hand a request to the helpdesk');
  });
});
