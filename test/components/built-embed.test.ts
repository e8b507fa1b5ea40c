// The built embed, dist/embed/guichet.js, as a department page loads it (`npm run build` first;
// `npm test` does). The other files test the sources; this one checks what the build changes:
// the entry that loads each component's chunk when its tag appears, the chunks beside it, each
// language's words in a chunk (components/vite.config.ts). test/e2e/built-modules.test.ts renders
// all six components from dist/ under the demo's strict CSP.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { en } from '../../components/locales/en.ts';
import { eventLabels } from '../../server/services/states.ts';
import { API, createTicket, root, textOf, validSoftwareOrder } from './support.ts';

const embed = '/dist/embed/guichet.js';

before(async () => {
  try {
    await import(/* @vite-ignore */ embed);
  } catch (error) {
    throw new Error(`${embed} could not be loaded: run \`npm run build\` before these tests (${String(error)})`);
  }
});

afterEach(() => {
  history.replaceState(null, '', location.pathname + location.search);
});

const settled = (el: HTMLElement) => waitUntil(() => el.shadowRoot && textOf(el, '[role="status"]') !== en.loading, 'the element did not load');

describe('the built embed', () => {
  it('loads a component’s chunk only once its tag is in the page', async () => {
    const tags = ['guichet-request-form', 'guichet-ticket-status', 'guichet-my-requests', 'guichet-reopen'];
    // No other test of this file ran yet (mocha runs them in order of definition), and no tag was in the page.
    expect(tags.filter((tag) => customElements.get(tag))).to.deep.equal([]);
    const chunks = () => performance.getEntriesByType('resource').map((e) => e.name).filter((name) => name.includes('/dist/embed/guichet-'));
    expect(chunks()).to.deep.equal([]);
    const host = document.createElement('div');
    // Inside a shadow root of the page's own, added after the entry ran.
    host.attachShadow({ mode: 'open' });
    document.body.append(host);
    host.shadowRoot!.innerHTML = `<guichet-my-requests api="${API}" lang="en"></guichet-my-requests>`;
    await customElements.whenDefined('guichet-my-requests');
    expect(tags.filter((tag) => customElements.get(tag))).to.deep.equal(['guichet-my-requests']);
    expect(chunks().some((name) => /guichet-compile-/.test(name)), 'the form compiler came without a form').to.equal(false);
    host.remove();
  });

  it('renders the request form with its words', async () => {
    const nobody = await fixture<HTMLElement>(html`<guichet-request-form form="software-order" api=${API} lang="en"></guichet-request-form>`);
    await settled(nobody);
    expect(textOf(nobody, '[role="status"]')).to.equal(en.signInNeeded);

    const alice = await fixture<HTMLElement>(html`<guichet-request-form form="software-order" api=${API} lang="en" dev-user="alice"></guichet-request-form>`);
    await waitUntil(() => root(alice).querySelector('form'), 'the form shows');
    expect(textOf(alice, '.legend')).to.equal(en.requiredLegend);
    expect(root(alice).querySelector('select option')!.textContent).to.equal(en.choose);
    expect(textOf(alice, 'button[type="submit"]')).to.equal(en.submit);
    await expect(alice).to.be.accessible();
  });

  it('renders a ticket’s status, history and message box with their words', async () => {
    const created = await createTicket('alice', 'software-order', validSoftwareOrder);
    location.hash = `#ticket=${created.ticket.number}&token=${created.accessToken}`;
    const el = await fixture<HTMLElement>(html`<guichet-ticket-status api=${API} lang="en"></guichet-ticket-status>`);
    await customElements.whenDefined('guichet-ticket-status');
    await waitUntil(() => root(el).querySelector('[part="state"]'), 'the ticket shows');
    expect([...root(el).querySelectorAll('[part="summary"] dt')].map((dt) => dt.textContent)).to.deep.equal([en.ticketNumber, en.statusState, en.statusCreated]);
    expect(textOf(el, '[part="events"]')).to.contain(eventLabels.submitted!.en);
    expect(textOf(el, 'label[for="message"]')).to.equal(en.messageLabel);
    expect(textOf(el, 'form button')).to.equal(en.messageSend);
    await expect(el).to.be.accessible();
  });

  it('says why the list and the reopen page show nothing', async () => {
    const list = await fixture<HTMLElement>(html`<guichet-my-requests api=${API} lang="en"></guichet-my-requests>`);
    await settled(list);
    expect(textOf(list, '[role="status"]')).to.equal(en.signInToSee);

    location.hash = '#ticket=2026-000001&token=forged';
    const reopen = await fixture<HTMLElement>(html`<guichet-reopen api=${API} lang="en"></guichet-reopen>`);
    await settled(reopen);
    expect(textOf(reopen, '[role="status"]')).to.equal(en.statusInvalid);
  });
});
