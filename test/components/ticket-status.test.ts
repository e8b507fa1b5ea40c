import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../components/index.ts';
import type GuichetTicketStatus from '../../components/ticket-status/ticket-status.component.ts';
import { en } from '../../components/locales/en.ts';
import { API, apiAs, createTicket, root, validSoftwareOrder, type Created } from './support.ts';

async function openStatus(): Promise<GuichetTicketStatus> {
  const el = await fixture<GuichetTicketStatus>(html`<guichet-ticket-status api=${API} lang="en"></guichet-ticket-status>`);
  await waitUntil(() => {
    const text = root(el).querySelector('[role="status"]')!.textContent!.trim();
    return root(el).querySelector('[part="state"]') || (text && text !== en.statusLoading);
  }, 'the status page did not load');
  return el;
}

const statusText = (el: HTMLElement) => root(el).querySelector('[role="status"]')!.textContent!.trim();

describe('<guichet-ticket-status>', () => {
  let created: Created;

  before(async () => {
    created = await createTicket('alice', 'software-order', { ...validSoftwareOrder, licences: 3 });
  });

  afterEach(() => {
    history.replaceState(null, '', location.pathname + location.search);
  });

  it('shows the state, the number, the submitted data and the history for the mail’s link', async () => {
    const { body: expected } = await apiAs<{ stateLabel: string; title: string }>(undefined, `/api/tickets/${created.ticket.number}?lang=en`, {
      headers: { Authorization: `Bearer ${created.accessToken}` },
    });
    location.hash = `#ticket=${created.ticket.number}&token=${created.accessToken}`;
    const el = await openStatus();
    await expect(el).to.be.accessible();

    expect(root(el).querySelector('[part="title"]')!.textContent).to.equal(expected.title);
    expect(root(el).querySelector('[part="state"]')!.textContent).to.equal(expected.stateLabel);
    expect(root(el).querySelector('[part="summary"]')!.textContent).to.contain(created.ticket.number);
    const data = Object.fromEntries(
      [...root(el).querySelectorAll('[part="data"] > div')].map((row) => [row.querySelector('dt')!.textContent, row.querySelector('dd')!.textContent]),
    );
    expect(data).to.include({ Software: 'MATLAB', 'Operating system': 'Linux', 'Computer inventory number': 'INV-123456', 'Number of licences': '3' });
    expect(root(el).querySelector('[part="events"]')!.textContent).to.contain(en.eventTypes.submitted);
  });

  it('says the link is not valid for a wrong token, and follows a new link in the same page', async () => {
    location.hash = `#ticket=${created.ticket.number}&token=not-the-token`;
    const el = await openStatus();
    expect(statusText(el)).to.equal(en.statusInvalid);
    expect(root(el).querySelector('[part="state"]')?.outerHTML ?? null).to.equal(null);

    location.hash = `#ticket=${created.ticket.number}&token=${created.accessToken}`;
    await waitUntil(() => root(el).querySelector('[part="state"]'), 'hashchange loads the ticket');
    expect(statusText(el)).to.equal('');
  });

  it('says the link is incomplete when the page is opened without one', async () => {
    const el = await openStatus();
    expect(statusText(el)).to.equal(en.statusMissing);
  });
});
