// The request form's anti-abuse and anonymous-requester parts against the real
// server: the honeypot, the ALTCHA widget (loaded from the server, solved for
// real), the "check your mailbox" step and the status page's confirmation.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../components/index.ts';
import type GuichetRequestForm from '../../components/request-form/request-form.component.ts';
import type GuichetTicketStatus from '../../components/ticket-status/ticket-status.component.ts';
import { en } from '../../components/locales/en.ts';
import { validationMessages } from '../../forms/index.ts';
import { API, apiAs, definitionOf, fill, interceptFetch, loaded, root, textOf } from './support.ts';

async function openForm(form: string, user?: string): Promise<GuichetRequestForm> {
  const el = await fixture<GuichetRequestForm>(html`<guichet-request-form form=${form} api=${API} lang="en" dev-user=${user ?? ''}></guichet-request-form>`);
  await loaded(el);
  return el;
}

const submit = (el: HTMLElement) => root(el).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
const honeypot = (el: HTMLElement) => root(el).querySelector<HTMLInputElement>('input[name="website"]')!;
const errorOf = (el: HTMLElement, id: string) => root(el).getElementById(`${id}__error`)!.textContent!.trim();
const guest = { host: 'Prof. Anna Keller, Physics', arrival: '2026-03-12', days: '3' };

/** Ticks the real widget's box and waits for the proof of work to finish in its worker. */
async function solveAltcha(el: HTMLElement): Promise<void> {
  await waitUntil(() => root(el).querySelector('altcha-widget input[type="checkbox"]'), 'the ALTCHA widget shows its box', { timeout: 10_000 });
  root(el).querySelector<HTMLInputElement>('altcha-widget input[type="checkbox"]')!.click();
  await waitUntil(() => root(el).querySelector<HTMLInputElement>('altcha-widget input[name="altcha"]')?.value, 'the ALTCHA check is solved', { timeout: 30_000, interval: 100 });
}

async function mailTo(address: string): Promise<{ subject: string; text: string } | undefined> {
  const { body } = await apiAs<{ to: string; subject: string; text: string }[]>(undefined, '/api/dev/mail');
  return body.filter((m) => m.to.includes(address)).pop();
}

let restoreFetch: (() => void) | undefined;
afterEach(() => {
  restoreFetch?.();
  restoreFetch = undefined;
  history.replaceState(null, '', location.pathname + location.search);
});

describe('the honeypot', () => {
  it('is rendered in every form, hidden from sight, from the keyboard and from screen readers', async () => {
    const el = await openForm('it-help', 'alice');
    const input = honeypot(el);
    expect(input.closest('form')).to.equal(root(el).querySelector('form'));
    expect(input.tabIndex).to.equal(-1);
    expect(input.getAttribute('autocomplete')).to.equal('off');
    const container = input.closest('[aria-hidden="true"]')!;
    expect(container, 'outside the accessibility tree').to.exist;
    // The container clips what it holds to at most one pixel.
    const box = container.getBoundingClientRect();
    expect(box.width * box.height, 'no visible area').to.be.at.most(1);
    expect(getComputedStyle(container).overflow).to.equal('hidden');
    await expect(el).to.be.accessible();
  });

  it('is sent empty with a person’s submission, and a filled one creates no ticket', async () => {
    const el = await openForm('it-help', 'alice');
    const sent: unknown[] = [];
    restoreFetch = interceptFetch(async (real, request) => {
      if (request.method === 'POST') sent.push(await request.clone().json());
      return real(request);
    });
    fill(el, { subject: 'Printer offline', category: 'printing', description: 'The printer on floor 2 says offline.' });
    honeypot(el).value = 'https://spam.example';
    submit(el);
    await waitUntil(() => root(el).querySelector('[part="error-summary"]'), 'the refusal shows');
    expect(sent).to.have.length(1);
    expect(sent[0]).to.include({ website: 'https://spam.example' });
    expect(textOf(el, '[part="error-summary"]')).to.match(/could not be sent/);
    expect(root(el).querySelector('[part="success"]')).to.equal(null);

    honeypot(el).value = '';
    submit(el);
    await waitUntil(() => root(el).querySelector('[part="success"]'), 'the ticket is created');
    expect(sent[1]).to.include({ website: '' });
  });
});

describe('a form open to anonymous requesters', () => {
  it('asks a visitor without an identity for a name, an address and the ALTCHA check, with its styles in our shadow root', async () => {
    const { body } = await apiAs<{ eligible: boolean; anonymous?: boolean }>(undefined, '/api/forms/guest-wifi/eligibility');
    expect(body).to.deep.equal({ eligible: true, anonymous: true });
    const el = await openForm('guest-wifi');
    expect(root(el).querySelector('label[for="requester.name"]')!.textContent).to.contain(en.requesterName);
    expect((root(el).getElementById('requester.email') as HTMLInputElement).type).to.equal('email');
    const widget = root(el).querySelector('altcha-widget')!;
    expect(widget.getAttribute('challenge')).to.equal(`${API}/api/forms/guest-wifi/challenge`);
    // Waited for by its content, not by a count taken after the form opened: the sheet may already be adopted by then.
    const altchaStyles = () => [...root(el).adoptedStyleSheets].some((sheet) => [...sheet.cssRules].some((rule) => rule.cssText.includes('.altcha')));
    await waitUntil(() => customElements.get('altcha-widget') && altchaStyles(), 'the widget and its styles load from the server', { timeout: 10_000 }); // ~30 KB gzip, fetched cold on a fresh machine
    expect(altchaStyles()).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('shows no ALTCHA and no address fields to an identified person', async () => {
    for (const [form, user] of [
      ['it-help', 'alice'],
      ['guest-wifi', 'alice'],
    ] as const) {
      const el = await openForm(form, user);
      expect(root(el).querySelector('form'), form).to.exist;
      expect(root(el).querySelector('altcha-widget, [name="requester.email"]'), form).to.equal(null);
    }
  });

  it('shows the server’s refusal next to the widget when the check was not done', async () => {
    const el = await openForm('guest-wifi');
    fill(el, { ...guest, 'requester.email': 'visitor@example.org' });
    submit(el);
    await waitUntil(() => errorOf(el, 'altcha'), 'the ALTCHA error shows');
    expect(textOf(el, '[part="error-summary"]')).to.contain(en.robotCheck);
    expect(root(el).querySelector('[part="success"]')).to.equal(null);
  });

  it('says an address is required before sending anything', async () => {
    const el = await openForm('guest-wifi');
    let posts = 0;
    restoreFetch = interceptFetch((real, request) => {
      if (request.method === 'POST') posts++;
      return real(request);
    });
    fill(el, guest);
    submit(el);
    await waitUntil(() => errorOf(el, 'requester.email'), 'the address error shows');
    expect(errorOf(el, 'requester.email')).to.equal(validationMessages.en.required);
    expect(posts).to.equal(0);
  });
});

describe('the anonymous story', () => {
  const address = `visitor.${Date.now()}@example.org`;
  let fragment = '';

  it('sends the request with the solved check and tells the visitor to check their mailbox', async () => {
    const el = await openForm('guest-wifi');
    const definition = await definitionOf('guest-wifi');
    fill(el, { ...guest, 'requester.name': 'Vera Visitor', 'requester.email': address });
    await solveAltcha(el);
    expect(root(el).getElementById('altcha__blocked') === null, 'the worker ran: nothing to report').to.equal(true);
    let answer: { status: number; body: unknown } | undefined;
    restoreFetch = interceptFetch(async (real, request) => {
      const response = await real(request);
      if (request.method === 'POST') answer = { status: response.status, body: await response.clone().json() };
      return response;
    });
    submit(el);
    await waitUntil(() => root(el).querySelector('[part="success"]'), 'the mailbox step shows', { timeout: 10_000 });
    expect(answer?.status).to.equal(202);
    expect(textOf(el, '[part="success"] h3')).to.equal(en.checkMailboxTitle);
    expect(textOf(el, '[part="success"] p')).to.equal(en.checkMailbox(address));
    expect(textOf(el, '[part="success"]')).not.to.match(/\d{4}-\d{6}/);
    expect(root(el).activeElement?.getAttribute('part')).to.equal('success');
    expect(textOf(el, '[part="title"]')).to.equal(definition.title.en);

    await waitUntil(async () => !!(await mailTo(address)), 'the address check is mailed', { timeout: 5000, interval: 100 });
    fragment = /#confirm=[^&\s]+&form=guest-wifi/.exec((await mailTo(address))!.text)![0];
  });

  it('creates the ticket only when the visitor presses the button on the linked page', async () => {
    expect(fragment, 'the previous test got the mail').to.not.equal('');
    location.hash = fragment;
    const el = await fixture<GuichetTicketStatus>(html`<guichet-ticket-status api=${API} lang="en"></guichet-ticket-status>`);
    const button = root(el).querySelector<HTMLButtonElement>('button[type="submit"]')!;
    expect(button.textContent!.trim()).to.equal(en.confirmButton);
    expect(textOf(el, '[role="status"]')).to.equal(en.confirmIntro);
    expect(root(el).querySelector('[part="state"]')).to.equal(null);
    await expect(el).to.be.accessible();

    button.click();
    await waitUntil(() => root(el).querySelector('[part="state"]'), 'the ticket shows', { timeout: 10_000 });
    const hash = new URLSearchParams(location.hash.slice(1));
    expect(hash.get('ticket')).to.match(/^\d{4}-\d{6}$/);
    expect(hash.get('token')).to.not.equal(null);
    expect(hash.has('confirm'), 'the confirmation token leaves the address bar').to.equal(false);
    const { status, body } = await apiAs<{ data: Record<string, unknown> }>(undefined, `/api/tickets/${hash.get('ticket')}`, {
      headers: { Authorization: `Bearer ${hash.get('token')}` },
    });
    expect(status).to.equal(200);
    expect(body.data).to.deep.equal({ host: guest.host, arrival: guest.arrival, days: 3 });
  });
});
