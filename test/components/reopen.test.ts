import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../components/index.ts';
import type GuichetReopen from '../../components/reopen/reopen.component.ts';
import { en } from '../../components/locales/en.ts';
import { API, advanceClock, closeBySweep, createTicket, interceptFetch, postAs, readTicket, root, textOf, type Created } from './support.ts';

async function openReopen(): Promise<GuichetReopen> {
  const el = await fixture<GuichetReopen>(html`<guichet-reopen api=${API} lang="en"></guichet-reopen>`);
  await waitUntil(() => root(el).querySelector('[part="title"]') || (textOf(el, '[role="status"]') && textOf(el, '[role="status"]') !== en.loading), 'the reopen page did not load');
  return el;
}

const helpRequest = (subject: string) => createTicket('alice', 'it-help', { subject, category: 'other', description: 'Something does not work as it should.' });
const form = (el: HTMLElement, name: 'message' | 'comment') => root(el).querySelector<HTMLFormElement>(`form.${name}`)!;
const button = (el: HTMLElement, name: 'message' | 'comment') => form(el, name).querySelector<HTMLButtonElement>('button[type="submit"]')!;
interface View {
  state: string;
  events: { type: string; body?: string }[];
}

let restoreFetch: (() => void) | undefined;

describe('<guichet-reopen>', () => {
  afterEach(() => {
    restoreFetch?.();
    restoreFetch = undefined;
    history.replaceState(null, '', location.pathname + location.search);
  });

  it('reopens a closed request with the closure mail’s link, and says so', async () => {
    const created = await helpRequest('Wi-Fi in the library');
    expect((await postAs('felix', `/api/agent/tickets/${created.ticket.number}/replies`, { body: 'Please restart your laptop and try again.' })).status).to.equal(201);
    const link = await closeBySweep(created.ticket.number);
    location.hash = link;
    let posts = 0;
    restoreFetch = interceptFetch(async (real, request) => {
      if (request.method === 'POST') posts++;
      return real(request);
    });
    const el = await openReopen();
    await expect(el).to.be.accessible();
    expect(posts, 'opening the page changes nothing').to.equal(0);
    expect(textOf(el, '[part="number"]')).to.contain(created.ticket.number);
    expect(textOf(el, '[part="title"]')).to.equal((await readTicket<{ title: string }>(created.ticket.number, created.accessToken)).title);
    expect(textOf(el, '[part="events"]'), 'the last messages').to.contain('Please restart your laptop and try again.');

    const message = form(el, 'message').querySelector('textarea')!;
    expect(root(el).querySelector(`label[for="${message.id}"]`)!.textContent).to.equal(en.reopenLabel);
    message.value = 'Still no connection on the second floor.';
    const reopened = oneEvent(el, 'guichet-reopened');
    expect(textOf(el, 'form.message button')).to.equal(en.reopenButton);
    button(el, 'message').click();
    const { detail } = await reopened;
    expect(detail).to.deep.equal({ number: created.ticket.number });

    await el.updateComplete;
    expect(textOf(el, '[part="success"]')).to.contain(en.reopened);
    expect(root(el).activeElement?.getAttribute('part'), 'focus on the confirmation').to.equal('success');
    const ticket = await readTicket<View>(created.ticket.number, created.accessToken);
    expect(ticket.state).to.equal('open');
    expect(ticket.events.at(-1)).to.include({ type: 'reopened', body: 'Still no connection on the second floor.' });
    const status = root(el).querySelector<HTMLAnchorElement>('[part="success"] a')!;
    expect(status.href).to.equal(`${API}/pages/status${link}`);
    await expect(el).to.be.accessible();
  });

  it('records thanks and a rating without reopening', async () => {
    const created = await helpRequest('New laptop set up');
    location.hash = await closeBySweep(created.ticket.number);
    const el = await openReopen();
    const rating = root(el).querySelector('fieldset[part="rating"]')!;
    expect(rating.querySelector('legend')!.textContent).to.equal(en.ratingLegend);
    const stars = [...rating.querySelectorAll<HTMLInputElement>('input[type="radio"][name="rating"]')];
    expect(stars.map((s) => s.value)).to.deep.equal(['1', '2', '3', '4', '5']);
    stars[3]!.click();
    form(el, 'comment').querySelector('textarea')!.value = 'Quick and friendly, thank you!';
    let reopenedEvents = 0;
    el.addEventListener('guichet-reopened', () => reopenedEvents++);
    button(el, 'comment').click();
    await waitUntil(() => root(el).querySelector('[part="success"]'), 'a thank-you shows');

    expect(textOf(el, '[part="success"]')).to.equal(en.thanks);
    expect(root(el).activeElement?.getAttribute('part')).to.equal('success');
    const ticket = await readTicket<View>(created.ticket.number, created.accessToken);
    expect(ticket.state).to.equal('closed');
    expect(ticket.events.at(-1)).to.include({ type: 'feedback', body: 'Quick and friendly, thank you!' });
    expect(reopenedEvents).to.equal(0);
  });

  it('asks for a rating before sending a comment, and keeps the comment', async () => {
    const created = await helpRequest('Shared drive');
    location.hash = await closeBySweep(created.ticket.number);
    const el = await openReopen();
    const comment = form(el, 'comment').querySelector('textarea')!;
    comment.value = 'Works now.';
    button(el, 'comment').click();
    await waitUntil(() => textOf(el, 'form.comment [role="alert"]'), 'an alert shows');
    expect(textOf(el, 'form.comment [role="alert"]')).to.equal(en.ratingNeeded);
    expect(comment.value).to.equal('Works now.');
    expect((await readTicket<View>(created.ticket.number, created.accessToken)).events.at(-1)!.type).to.equal('auto_closed');
  });

  it('offers a new request once the reopen window is over', async () => {
    const created = await helpRequest('Old printer driver');
    location.hash = await closeBySweep(created.ticket.number);
    await advanceClock('P31D');
    const el = await fixture<GuichetReopen>(html`<guichet-reopen api=${API} lang="en" new-request-page="/help.html?from=reopen"></guichet-reopen>`);
    await waitUntil(() => root(el).querySelector('[part="title"]'), 'the page loads');
    await expect(el).to.be.accessible();
    expect(textOf(el, 'p[part="message"]')).to.equal(en.windowOver);
    const link = root(el).querySelector<HTMLAnchorElement>('a[part="link"]')!;
    expect(link.textContent).to.equal(en.newRequest);
    expect(link.href).to.equal(new URL('/help.html?from=reopen', document.baseURI).href);
    expect(root(el).querySelector('form')?.outerHTML ?? null).to.equal(null);
  });

  it('says a request that is still open has nothing to reopen, and links to its status', async () => {
    const created: Created = await helpRequest('Keyboard missing keys');
    location.hash = `#ticket=${created.ticket.number}&token=${created.accessToken}`;
    const el = await fixture<GuichetReopen>(html`<guichet-reopen api=${API} lang="en" status-page="https://it.example.edu/suivi"></guichet-reopen>`);
    await waitUntil(() => root(el).querySelector('[part="title"]'), 'the page loads');
    expect(textOf(el, 'p[part="message"]')).to.equal(en.stillOpen);
    const link = root(el).querySelector<HTMLAnchorElement>('a[part="link"]')!;
    expect(link.href).to.equal(`https://it.example.edu/suivi#ticket=${created.ticket.number}&token=${created.accessToken}`);
    expect(root(el).querySelector('form')?.outerHTML ?? null).to.equal(null);
  });

  it('says the link is not valid for a wrong token', async () => {
    location.hash = '#ticket=2026-000001&token=forged';
    const el = await openReopen();
    expect(textOf(el, '[role="status"]')).to.equal(en.statusInvalid);
  });
});
