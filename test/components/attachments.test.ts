import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../components/index.ts';
import type GuichetRequestForm from '../../components/request-form/request-form.component.ts';
import type GuichetTicketStatus from '../../components/ticket-status/ticket-status.component.ts';
import { API, fill, interceptFetch, loaded, readTicket, root, textOf } from './support.ts';

/** A valid 1×1 PNG. */
const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));

/** Chooses files in a file input as the picker would: its file list, then `input` and `change`. */
function choose(el: HTMLElement, name: string, files: File[]): void {
  const input = root(el).querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
  const list = new DataTransfer();
  for (const file of files) list.items.add(file);
  input.files = list.files;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

let restoreFetch: (() => void) | undefined;
afterEach(() => {
  restoreFetch?.();
  restoreFetch = undefined;
});

describe('a file field', () => {
  it('is a native file input that checks the count at once and sends the files with the ticket; the status page offers them back', async () => {
    let sentType = '';
    restoreFetch = interceptFetch(async (real, request) => {
      if (request.method === 'POST') sentType = request.headers.get('content-type') ?? '';
      return real(request);
    });
    const el = await fixture<GuichetRequestForm>(html`<guichet-request-form form="it-help" api=${API} lang="en" dev-user="alice"></guichet-request-form>`);
    await loaded(el);
    const input = root(el).getElementById('screenshot') as HTMLInputElement;
    expect(input.type).to.equal('file');
    // The picker's hints come with the attachment chunk, which the form does not wait for.
    await waitUntil(() => input.multiple, 'the attachment chunk did not come', { timeout: 10_000 });
    expect(input.accept).to.equal('.png,.jpeg,.jpg,.pdf');
    expect(root(el).querySelector('label[for="screenshot"]')!.textContent).to.contain('Screenshots');

    const shot = (name: string) => new File([png], name, { type: 'image/png' });
    choose(el, 'screenshot', [shot('1.png'), shot('2.png'), shot('3.png'), shot('4.png')]);
    await waitUntil(() => root(el).getElementById('screenshot__error')!.textContent!.trim() === 'At most 3 files.');

    choose(el, 'screenshot', [shot('printer.png')]);
    await waitUntil(() => root(el).getElementById('screenshot__error')!.textContent!.trim() === '');
    fill(el, { subject: 'Printer jams', category: 'printing', description: 'The printer in B12 jams on every second page.' });
    const submitted = oneEvent(el, 'guichet-submitted');
    root(el).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    const { detail } = await submitted;
    expect(sentType).to.match(/^multipart\/form-data; boundary=/);

    const link = root(el).querySelector<HTMLAnchorElement>('[part="status-link"]')!.href;
    const token = new URLSearchParams(new URL(link).hash.slice(1)).get('token')!;
    const ticket = await readTicket<{ attachments: { name: string; type: string; size: number }[] }>(detail.number, token);
    expect(ticket.attachments.map(({ name, type, size }) => ({ name, type, size }))).to.deep.equal([{ name: 'printer.png', type: 'image/png', size: png.byteLength }]);

    history.replaceState(null, '', `#ticket=${detail.number}&token=${token}`);
    const status = await fixture<GuichetTicketStatus>(html`<guichet-ticket-status api=${API} lang="en"></guichet-ticket-status>`);
    await waitUntil(() => root(status).querySelector('[part="attachments"]'));
    expect(textOf(status, '[part="attachments"]')).to.contain('printer.png (1 kB)');
    const button = root(status).querySelector<HTMLButtonElement>('[part="download-button"]')!;
    expect(button.getAttribute('aria-label')).to.equal('Download printer.png');
    restoreFetch?.();
    // The download goes through fetch with the token in a header, never in a URL; the bytes are the file's.
    let downloaded: { authorization: string | null; bytes: Uint8Array } | undefined;
    restoreFetch = interceptFetch(async (real, request) => {
      const response = await real(request);
      if (request.url.includes('/attachments/')) downloaded = { authorization: request.headers.get('authorization'), bytes: new Uint8Array(await response.clone().arrayBuffer()) };
      return response;
    });
    button.click();
    await waitUntil(() => downloaded);
    expect(downloaded!.authorization).to.equal(`Bearer ${token}`);
    expect([...downloaded!.bytes]).to.deep.equal([...png]);
    history.replaceState(null, '', location.pathname);
  });
});
