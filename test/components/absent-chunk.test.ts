import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../components/index.ts';
import type GuichetRequestForm from '../../components/request-form/request-form.component.ts';
import { API, fill, interceptFetch, loaded, readTicket, root } from './support.ts';

// Its own file: web-test-runner.config.mjs holds the attachment chunk back on request (whichever files ran before, each loads its own).
const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));

const gate = async (what: 'hold' | 'release') => expect((await fetch(`/__attachment-chunk/${what}`)).ok).to.equal(true);

let restoreFetch: (() => void) | undefined;
afterEach(async () => {
  restoreFetch?.();
  restoreFetch = undefined;
  await gate('release');
});

describe('a form with a file field, while its attachment chunk has not come', () => {
  it('shows every field at once, and a submit waits for the chunk, then sends the chosen file with the ticket', async () => {
    await gate('hold');
    const sent: string[] = [];
    restoreFetch = interceptFetch(async (real, request) => {
      if (request.method === 'POST') sent.push(request.headers.get('content-type') ?? '');
      return real(request);
    });
    const el = await fixture<GuichetRequestForm>(html`<guichet-request-form form="it-help" api=${API} lang="en" dev-user="alice"></guichet-request-form>`);
    await loaded(el);
    // Without the chunk: the other fields, and the file field with its label and a working input, only without the picker's hints.
    for (const name of ['subject', 'category', 'description']) expect(root(el).querySelector(`[name="${name}"]`), name).to.exist;
    const input = root(el).getElementById('screenshot') as HTMLInputElement;
    expect(input.type).to.equal('file');
    expect(input.disabled).to.equal(false);
    expect(input.accept).to.equal('');
    expect(root(el).querySelector('label[for="screenshot"]')!.textContent).to.contain('Screenshots');

    const list = new DataTransfer();
    list.items.add(new File([png], 'printer.png', { type: 'image/png' }));
    input.files = list.files;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
    fill(el, { subject: 'Printer jams', category: 'printing', description: 'The printer in B12 jams on every second page.' });
    const submitted = oneEvent(el, 'guichet-submitted');
    const button = root(el).querySelector<HTMLButtonElement>('button[type="submit"]')!;
    button.click();
    await el.updateComplete;
    // The submit waits for the chunk, which checks the files and makes the multipart body.
    expect(button.getAttribute('aria-disabled')).to.equal('true');
    expect(input.accept).to.equal('');
    expect(await (await fetch('/__attachment-chunk/waiting')).text(), 'the chunk was asked for and is held back').to.equal('1');
    await gate('release');

    const { detail } = await submitted;
    expect(sent).to.have.length(1);
    expect(sent[0]).to.match(/^multipart\/form-data; boundary=/);
    await waitUntil(() => input.multiple, 'the chunk’s hints did not come', { timeout: 10_000 });
    const link = root(el).querySelector<HTMLAnchorElement>('[part="status-link"]')!.href;
    const token = new URLSearchParams(new URL(link).hash.slice(1)).get('token')!;
    const ticket = await readTicket<{ attachments: { name: string }[] }>(detail.number, token);
    expect(ticket.attachments.map((a) => a.name)).to.deep.equal(['printer.png']);
  });
});
