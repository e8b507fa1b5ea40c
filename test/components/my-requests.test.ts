import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../components/index.ts';
import type GuichetMyRequests from '../../components/my-requests/my-requests.component.ts';
import { en } from '../../components/locales/en.ts';
import { API, apiAs, createTicket, root, textOf, validSoftwareOrder } from './support.ts';

async function openList(devUser: string | undefined, statusPage = ''): Promise<GuichetMyRequests> {
  const el = await fixture<GuichetMyRequests>(
    html`<guichet-my-requests api=${API} lang="en" dev-user=${devUser ?? ''} status-page=${statusPage}></guichet-my-requests>`,
  );
  await waitUntil(() => textOf(el, '[role="status"]') !== en.loading, 'the list did not load');
  return el;
}

const rows = (el: HTMLElement) => [...root(el).querySelectorAll<HTMLLIElement>('[part="item"]')];

describe('<guichet-my-requests>', () => {
  it('lists the signed-in person’s requests, newest first, each linking to its status page', async () => {
    const first = await createTicket('bruno', 'it-help', { subject: 'Projector in room B12', category: 'onsite', description: 'The projector shows no image.', phone: '+41 21 555 12 34' });
    const second = await createTicket('bruno', 'software-order', validSoftwareOrder);
    const el = await openList('bruno');
    await expect(el).to.be.accessible();

    const { body } = await apiAs<{ tickets: { number: string; title: string; stateLabel: string }[] }>('bruno', '/api/me/tickets?lang=en');
    const numbers = rows(el).map((row) => row.querySelector('.number')!.textContent);
    expect(numbers).to.deep.equal(body.tickets.map((t) => t.number));
    expect(numbers.slice(0, 2), 'newest first').to.deep.equal([second.ticket.number, first.ticket.number]);

    const [newest] = rows(el);
    const link = newest!.querySelector<HTMLAnchorElement>('[part="link"]')!;
    expect(link.textContent).to.contain(body.tickets[0]!.title);
    expect(link.href).to.equal(`${API}/pages/status#ticket=${second.ticket.number}`);
    expect(newest!.querySelector('[part="state"]')!.textContent).to.equal(body.tickets[0]!.stateLabel);
    expect(newest!.textContent).to.contain(en.statusCreated);
    expect(newest!.querySelector('time')!.getAttribute('datetime')).to.match(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('links to the page the editor names', async () => {
    await createTicket('bruno', 'it-help', { subject: 'Password reset', category: 'account', description: 'I forgot my password again.' });
    const el = await openList('bruno', 'https://it.example.edu/suivi?x=1#old');
    const link = rows(el)[0]!.querySelector<HTMLAnchorElement>('[part="link"]')!;
    expect(link.href).to.match(/^https:\/\/it\.example\.edu\/suivi\?x=1#ticket=\d{4}-\d{6}$/);
  });

  it('downloads the signed-in person’s data as a zip', async () => {
    await createTicket('bruno', 'it-help', { subject: 'Keyboard in B12', category: 'onsite', description: 'Two keys are missing.', phone: '+41 21 555 12 34' });
    const el = await openList('bruno');
    const button = root(el).querySelector<HTMLButtonElement>('[part="download-button"]')!;
    expect(button.textContent).to.equal(en.myDataDownload);
    const saved: { href: string; download: string }[] = [];
    const click = HTMLAnchorElement.prototype.click;
    // The browser's save dialog cannot be driven from a test: the link the component clicks is read instead.
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      saved.push({ href: this.href, download: this.download });
    };
    try {
      button.click();
      await waitUntil(() => saved.length > 0, 'nothing was downloaded');
    } finally {
      HTMLAnchorElement.prototype.click = click;
    }
    expect(saved[0]!.download).to.equal('guichet-my-data.zip');
    const bytes = new Uint8Array(await (await fetch(saved[0]!.href)).arrayBuffer());
    expect(String.fromCharCode(bytes[0]!, bytes[1]!), 'a zip file').to.equal('PK');
    expect(new TextDecoder().decode(bytes), 'it holds the requests').to.contain('requests.json');
  });

  it('asks someone who is not signed in to sign in', async () => {
    const el = await openList(undefined);
    expect(textOf(el, '[role="status"]')).to.equal(en.signInToSee);
    expect(rows(el)).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('says when there is no request yet', async () => {
    // David (external) cannot use either shipped form, so he never has a ticket.
    const el = await openList('david');
    expect(textOf(el, '[role="status"]')).to.equal(en.myRequestsEmpty);
  });
});
