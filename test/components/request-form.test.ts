import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/index.ts';
import type GuichetRequestForm from '../../components/request-form/request-form.component.ts';
import { en } from '../../components/locales/en.ts';
import { validationMessages } from '../../forms/index.ts';
import { API, apiAs, definitionOf, fill, interceptFetch, loaded, root, validSoftwareOrder } from './support.ts';

async function openForm(form: string, user: string | undefined, attributes: { statusPage?: string } = {}): Promise<GuichetRequestForm> {
  const el = await fixture<GuichetRequestForm>(
    html`<guichet-request-form form=${form} api=${API} lang="en" dev-user=${user ?? ''} status-page=${attributes.statusPage ?? ''}></guichet-request-form>`,
  );
  await loaded(el);
  return el;
}

const submitButton = (el: HTMLElement) => root(el).querySelector<HTMLButtonElement>('button[type="submit"]')!;
const errorOf = (el: HTMLElement, id: string) => root(el).getElementById(`${id}__error`)!.textContent!.trim();
const statusText = (el: HTMLElement) => root(el).querySelector('[role="status"]')!.textContent!.trim();
/** What has focus inside the component, by part or id: comparing elements would put whole DOM trees in a failure message. */
const focused = (el: HTMLElement) => {
  const active = root(el).activeElement;
  return active ? active.getAttribute('part') === 'input' ? `#${active.id}` : active.getAttribute('part') : null;
};

async function myTicketNumbers(user: string): Promise<string[]> {
  const { body } = await apiAs<{ tickets: { number: string }[] }>(user, '/api/me/tickets');
  return body.tickets.map((t) => t.number);
}

let restoreFetch: (() => void) | undefined;
afterEach(() => {
  restoreFetch?.();
  restoreFetch = undefined;
});

describe('<guichet-request-form>', () => {
  it('sends its requests before its first render, and loads the form set as a property after it was connected', async () => {
    const el = document.createElement('guichet-request-form');
    const renderedWhenAsked: boolean[] = [];
    restoreFetch = interceptFetch(async (real, request) => {
      if (new URL(request.url).pathname.startsWith('/api/forms/')) renderedWhenAsked.push(el.hasUpdated);
      return real(request);
    });
    Object.assign(el, { api: API, lang: 'en', devUser: 'alice' });
    document.body.append(el);
    el.form = 'it-help';
    try {
      await loaded(el);
      expect(root(el).querySelector('[name="subject"]')).to.exist;
      expect(renderedWhenAsked).to.deep.equal([false, false]);
    } finally {
      el.remove();
    }
  });

  it('is accessible, before and after a failed submit', async () => {
    const el = await openForm('software-order', 'alice');
    await expect(el).to.be.accessible();
    submitButton(el).click();
    await waitUntil(() => root(el).querySelector('[part="error-summary"]'));
    await expect(el).to.be.accessible();
  });

  it('renders every field as a native control named by the field id, with its label, help and error', async () => {
    const definition = await definitionOf('software-order');
    const el = await openForm('software-order', 'alice');
    const form = root(el).querySelector('form')!;
    expect(form.noValidate).to.equal(true);
    for (const field of definition.fields) {
      const control = root(el).getElementById(field.id) as HTMLInputElement;
      expect(['INPUT', 'SELECT', 'TEXTAREA'], field.id).to.include(control.tagName);
      expect(control.name).to.equal(field.id);
      expect(control.required, `${field.id} required`).to.equal(field.required);
      const label = root(el).querySelector(`label[for="${field.id}"]`)!;
      expect(label.textContent).to.contain(field.label.en);
      const describedBy = control.getAttribute('aria-describedby')!.split(' ');
      expect(describedBy).to.include(`${field.id}__error`);
      for (const id of describedBy) expect(root(el).getElementById(id), id).to.exist;
      if (field.help) expect(root(el).getElementById(`${field.id}__help`)!.textContent).to.contain(field.help.en);
      if (field.placeholder) expect(control.placeholder).to.equal(field.placeholder);
      if (field.autocomplete) expect(control.getAttribute('autocomplete')).to.equal(field.autocomplete);
    }
    const software = root(el).getElementById('software') as HTMLSelectElement;
    expect(software.options[0]!.value).to.equal('');
    expect(software.options[0]!.textContent).to.equal(en.choose);
    const licences = root(el).getElementById('licences') as HTMLInputElement;
    expect([licences.type, licences.min, licences.max]).to.deep.equal(['number', '1', '10']);
    expect(root(el).getElementById('comment')!.tagName).to.equal('TEXTAREA');
    expect(submitButton(el).type).to.equal('submit');
  });

  it('shows a student the staff-only reason instead of the software-order form', async () => {
    const { body } = await apiAs<{ eligible: boolean; message: string }>('chloe', '/api/forms/software-order/eligibility?lang=en');
    expect(body.eligible).to.equal(false);
    const el = await openForm('software-order', 'chloe');
    expect(statusText(el)).to.equal(body.message);
    expect(root(el).querySelector('form, input, select, textarea')?.outerHTML ?? null).to.equal(null);
  });

  it('asks someone who is not signed in to sign in', async () => {
    const el = await openForm('software-order', undefined);
    expect(statusText(el)).to.equal(en.signInNeeded);
    expect(root(el).querySelector('form')?.outerHTML ?? null).to.equal(null);
  });

  it('shows the format message when leaving an invalid inventory number, and clears it once fixed', async () => {
    const definition = await definitionOf('software-order');
    const patternMessage = definition.fields.find((f) => f.id === 'inventoryNumber')!.patternMessage!.en;
    const el = await openForm('software-order', 'alice');
    const input = root(el).getElementById('inventoryNumber') as HTMLInputElement;
    input.focus();
    await sendKeys({ type: 'INV-12' });
    expect(input.hasAttribute('aria-invalid'), 'no error while typing').to.equal(false);
    await sendKeys({ press: 'Tab' });
    await el.updateComplete;
    expect(errorOf(el, 'inventoryNumber')).to.equal(patternMessage);
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    // Only that field: the untouched ones around it stay quiet.
    expect(errorOf(el, 'software')).to.equal('');
    await waitUntil(() => root(el).querySelector('[aria-live="polite"]')!.textContent!.includes(patternMessage), 'the error is announced');

    input.focus();
    await sendKeys({ type: '3456' });
    await el.updateComplete;
    expect(errorOf(el, 'inventoryNumber')).to.equal('');
    expect(input.hasAttribute('aria-invalid')).to.equal(false);
  });

  it('submitting an empty form shows a focused summary whose links lead to the fields', async () => {
    const el = await openForm('software-order', 'alice');
    submitButton(el).click();
    await waitUntil(() => root(el).querySelector('[part="error-summary"]'), 'a summary shows');
    expect(focused(el)).to.equal('error-summary');
    const links = [...root(el).querySelectorAll<HTMLAnchorElement>('[part="error-summary"] a')];
    expect(links.map((a) => a.textContent!.trim())).to.deep.equal([
      'Software: This field is required.',
      'Operating system: This field is required.',
      'Computer inventory number: This field is required.',
      'Budget holder’s email: This field is required.',
      'Number of licences: This field is required.',
    ]);
    expect(root(el).getElementById('os')!.getAttribute('aria-invalid')).to.equal('true');
    const before = location.href;
    links[3]!.click();
    expect(focused(el)).to.equal('#budgetHolderEmail');
    expect(location.href, 'the host page URL is left alone').to.equal(before);
  });

  it('shows the phone field only when the category is on-site', async () => {
    const el = await openForm('it-help', 'alice');
    expect(root(el).getElementById('phone')?.outerHTML ?? null).to.equal(null);
    fill(el, { category: 'onsite' });
    await el.updateComplete;
    const phone = root(el).getElementById('phone') as HTMLInputElement;
    expect(phone.name).to.equal('phone');
    expect(phone.required).to.equal(true);
    expect(phone.getAttribute('autocomplete')).to.equal('tel');
    fill(el, { category: 'printing' });
    await el.updateComplete;
    expect(root(el).getElementById('phone')?.outerHTML ?? null).to.equal(null);
  });

  it('a valid submit by alice shows the ticket number, announces it and links to the status page', async () => {
    let sent: { data: Record<string, unknown>; lang: string } | undefined;
    let key: string | null = null;
    restoreFetch = interceptFetch(async (real, request) => {
      if (request.method === 'POST') {
        sent = await request.clone().json();
        key = request.headers.get('Idempotency-Key');
      }
      return real(request);
    });
    const el = await openForm('software-order', 'alice');
    fill(el, { ...validSoftwareOrder, comment: 'For the lab computer.' });
    const submitted = oneEvent(el, 'guichet-submitted');
    submitButton(el).click();
    const { detail } = await submitted;

    expect(detail.number).to.match(/^\d{4}-\d{6}$/);
    expect(sent!.data.licences, 'a number, not a string').to.equal(2);
    expect(sent!.lang).to.equal('en');
    expect(key).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    await el.updateComplete;
    const success = root(el).querySelector<HTMLElement>('[part="success"]')!;
    expect(success.getAttribute('role')).to.equal('status');
    expect(focused(el)).to.equal('success');
    expect(success.textContent).to.contain(detail.number);
    await expect(el).to.be.accessible();
    const link = root(el).querySelector<HTMLAnchorElement>('[part="status-link"]')!;
    const url = new URL(link.href);
    expect(`${url.origin}${url.pathname}`).to.equal(`${API}/pages/status`);
    const fragment = new URLSearchParams(url.hash.slice(1));
    expect(fragment.get('ticket')).to.equal(detail.number);
    const ticket = await fetch(`${API}/api/tickets/${detail.number}`, { headers: { Authorization: `Bearer ${fragment.get('token')}` } });
    expect(ticket.status, 'the link’s token opens the ticket').to.equal(200);
  });

  it('a double click creates one ticket, and the button says it is busy meanwhile', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    restoreFetch = interceptFetch(async (real, request) => {
      if (request.method === 'POST') await gate;
      return real(request);
    });
    const before = await myTicketNumbers('alice');
    const el = await openForm('software-order', 'alice', { statusPage: 'https://it.example.edu/suivi#old' });
    fill(el, validSoftwareOrder);
    const submitted = oneEvent(el, 'guichet-submitted');
    submitButton(el).click();
    submitButton(el).click();
    await el.updateComplete;
    expect(submitButton(el).getAttribute('aria-disabled')).to.equal('true');
    expect(submitButton(el).textContent!.trim()).to.equal(en.submitting);
    submitButton(el).click();
    release();
    const { detail } = await submitted;

    const created = (await myTicketNumbers('alice')).filter((n) => !before.includes(n));
    expect(created).to.deep.equal([detail.number]);
    const link = root(el).querySelector<HTMLAnchorElement>('[part="status-link"]')!;
    expect(link.href).to.match(new RegExp(`^https://it\\.example\\.edu/suivi#ticket=${detail.number}&token=[^&]+$`));
  });

  it('shows the server’s field errors like its own when the page’s copy of the form is out of date', async () => {
    // The page loaded the form before its inventory-number rule existed; the server checks the current rule.
    restoreFetch = interceptFetch(async (real, request) => {
      const response = await real(request);
      if (request.method !== 'GET' || new URL(request.url).pathname !== '/api/forms/software-order') return response;
      const definition = await response.json();
      for (const field of definition.fields) delete field.pattern;
      return new Response(JSON.stringify(definition), { status: 200, headers: { 'Content-Type': 'application/json' } });
    });
    const definition = await definitionOf('software-order');
    const patternMessage = definition.fields.find((f) => f.id === 'inventoryNumber')!.patternMessage!.en;
    const el = await openForm('software-order', 'bruno');
    fill(el, { ...validSoftwareOrder, inventoryNumber: 'INV-12' });
    submitButton(el).click();
    await waitUntil(() => root(el).querySelector('[part="error-summary"]'), 'the server’s errors show', { timeout: 5000 });
    const summary = root(el).querySelector('[part="error-summary"]')!;
    expect(focused(el)).to.equal('error-summary');
    expect([...summary.querySelectorAll('a')].map((a) => a.textContent!.trim())).to.deep.equal([`Computer inventory number: ${patternMessage}`]);
    expect(errorOf(el, 'inventoryNumber')).to.equal(patternMessage);
    expect(root(el).getElementById('inventoryNumber')!.getAttribute('aria-invalid')).to.equal('true');
    expect((root(el).getElementById('inventoryNumber') as HTMLInputElement).value, 'what was typed is kept').to.equal('INV-12');
  });

  it('keeps the typed values and says why when the server cannot be reached', async () => {
    restoreFetch = interceptFetch(async (real, request) => {
      if (request.method === 'POST') throw new TypeError('Failed to fetch');
      return real(request);
    });
    const el = await openForm('software-order', 'alice');
    fill(el, validSoftwareOrder);
    submitButton(el).click();
    await waitUntil(() => root(el).querySelector('[role="alert"]')!.textContent!.trim(), 'an alert shows', { timeout: 8000 });
    expect(root(el).querySelector('[role="alert"]')!.textContent!.trim()).to.equal(en.networkError);
    expect((root(el).getElementById('inventoryNumber') as HTMLInputElement).value).to.equal('INV-123456');
    expect(submitButton(el).hasAttribute('aria-disabled'), 'the user may try again').to.equal(false);
  });

  it('renders radio and checkbox fields as native groups a keyboard and a screen reader understand', async () => {
    // No shipped form has these types yet: the page gets it-help with three more fields.
    const extra = [
      { id: 'urgency', type: 'radio', required: true, label: { fr: 'Urgence', en: 'Urgency', de: 'Dringlichkeit' }, options: ['low', 'high'].map((value) => ({ value, label: { fr: value, en: value, de: value } })) },
      { id: 'systems', type: 'checkbox', required: false, label: { fr: 'Systèmes', en: 'Systems', de: 'Systeme' }, options: ['mail', 'vpn'].map((value) => ({ value, label: { fr: value, en: value, de: value } })) },
      { id: 'consent', type: 'checkbox', required: true, label: { fr: 'J’accepte', en: 'I agree', de: 'Ich stimme zu' } },
    ];
    restoreFetch = interceptFetch(async (real, request) => {
      const response = await real(request);
      if (new URL(request.url).pathname !== '/api/forms/it-help') return response;
      const definition = await response.json();
      definition.fields.push(...extra);
      return new Response(JSON.stringify(definition), { status: 200, headers: { 'Content-Type': 'application/json' } });
    });
    const el = await openForm('it-help', 'alice');
    const urgency = root(el).querySelectorAll<HTMLInputElement>('input[name="urgency"]');
    expect([...urgency].map((i) => [i.type, i.value, i.required])).to.deep.equal([
      ['radio', 'low', true],
      ['radio', 'high', true],
    ]);
    expect(urgency[0]!.id, 'the first choice carries the field id').to.equal('urgency');
    expect(urgency[0]!.closest('fieldset')!.querySelector('legend')!.textContent).to.contain('Urgency');
    expect(root(el).querySelectorAll('input[name="systems"][type="checkbox"]')).to.have.length(2);
    const consent = root(el).getElementById('consent') as HTMLInputElement;
    expect([consent.type, consent.name, consent.required]).to.deep.equal(['checkbox', 'consent', true]);
    await expect(el).to.be.accessible();

    urgency[1]!.click();
    root(el).querySelector<HTMLInputElement>('input[name="systems"][value="vpn"]')!.click();
    submitButton(el).click();
    await waitUntil(() => root(el).querySelector('[part="error-summary"]'), 'a summary shows');
    expect(errorOf(el, 'urgency')).to.equal('');
    expect(errorOf(el, 'systems')).to.equal('');
    expect(errorOf(el, 'consent')).to.equal(validationMessages.en.mustBeChecked);
    consent.click();
    await el.updateComplete;
    expect(errorOf(el, 'consent')).to.equal('');
  });

  it('speaks the language of the page around it', async () => {
    const wrapper = await fixture<HTMLElement>(
      html`<div lang="de"><guichet-request-form form="it-help" api=${API} dev-user="alice"></guichet-request-form></div>`,
    );
    const el = wrapper.querySelector('guichet-request-form')!;
    await waitUntil(() => root(el).querySelector('form'));
    expect(submitButton(el).textContent!.trim()).to.equal('Anfrage senden');
    expect(root(el).querySelector('[part="title"]')!.textContent).to.equal('IT-Hilfeanfrage');
  });
});
