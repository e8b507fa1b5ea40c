import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../components/queue-report/queue-report.ts';
import type GuichetQueueReport from '../../components/queue-report/queue-report.component.ts';
import { reportWords } from '../../components/queue-report/words.ts';
import { advanceClock, API, apiAs, createTicket, postAs, root, textOf } from './support.ts';

const en = reportWords.en;

async function openReport(devUser: string, queue: string, month: string): Promise<GuichetQueueReport> {
  const el = await fixture<GuichetQueueReport>(html`<guichet-queue-report api=${API} lang="en" dev-user=${devUser} queue=${queue} month=${month}></guichet-queue-report>`);
  await waitUntil(() => textOf(el, '[role="status"]') !== en.loading, 'the report did not load', { timeout: 10_000 });
  return el;
}

const figure = (el: HTMLElement, name: string) => textOf(el, `[data-figure="${name}"] .value`);

describe('<guichet-queue-report>', () => {
  it('shows the month’s figures of the queue, the daily chart, and downloads the same figures as CSV', async () => {
    const now = await advanceClock('PT0S');
    const month = now.toISOString().slice(0, 7);
    const ticket = await createTicket('alice', 'it-help', { subject: 'Printer offline', category: 'printing', description: 'The printer on floor 2 is offline.' });
    await advanceClock('PT2H');
    expect((await postAs('felix', `/api/agent/tickets/${ticket.ticket.number}/replies`, { body: 'On my way.' })).status).to.equal(201);

    const el = await openReport('felix', 'helpdesk', month);
    const [y, m] = month.split('-').map(Number) as [number, number];
    const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    const { body } = await apiAs<{ queues: { created: number; openNow: number; firstReply: { count: number }; daily: { date: string; created: number }[] }[] }>(
      'felix',
      `/api/agent/reports?queue=helpdesk&from=${month}-01&to=${next}-01&lang=en`,
    );
    const [helpdesk] = body.queues;
    expect(helpdesk!.created).to.be.greaterThan(0);
    expect(figure(el, 'created')).to.equal(String(helpdesk!.created));
    expect(figure(el, 'open-now')).to.equal(String(helpdesk!.openNow));
    expect(textOf(el, '[data-figure="first-reply"]')).to.contain(en.measured(helpdesk!.firstReply.count));
    expect(textOf(el, 'h3')).to.equal('IT helpdesk');

    const chart = root(el).querySelector('svg.daily')!;
    expect(chart.getAttribute('aria-label')).to.equal(en.dailyChart('IT helpdesk'));
    const created = [...chart.querySelectorAll('rect.created')];
    expect(created).to.have.length(helpdesk!.daily.length);
    const busyDay = helpdesk!.daily.findIndex((d) => d.created > 0);
    expect(Number(created[busyDay]!.getAttribute('height'))).to.be.greaterThan(0);
    expect(root(el).querySelector('svg.durations rect.median'), 'the first reply was measured').to.exist;
    await expect(el).to.be.accessible();

    const button = root(el).querySelector<HTMLButtonElement>('[part="csv-button"]')!;
    setTimeout(() => button.click());
    const { detail } = await oneEvent(el, 'guichet-report-downloaded');
    expect(detail.filename).to.equal(`guichet-helpdesk-${month}.csv`);
    const link = root(el).querySelector<HTMLAnchorElement>('a.csv')!;
    expect(link.href).to.match(/^blob:/);
    const [header, row] = (await (await fetch(link.href)).text()).trimEnd().split('\r\n').map((line) => line.split(','));
    expect(row![header!.indexOf('queue')]).to.equal('helpdesk');
    expect(row![header!.indexOf('created')]).to.equal(String(helpdesk!.created));
  });

  it('changes month with the picker', async () => {
    const el = await openReport('felix', 'helpdesk', '2026-01');
    expect(root(el).querySelectorAll('svg.daily rect.created')).to.have.length(31);
    const input = root(el).querySelector<HTMLInputElement>('input[name="month"]')!;
    input.value = '2026-02';
    input.dispatchEvent(new Event('change'));
    await waitUntil(() => root(el).querySelectorAll('svg.daily rect.created').length === 28, 'February did not load');
    expect(el.getAttribute('month')).to.equal('2026-02');
  });

  it('shows an admin every queue, in the page’s language', async () => {
    const el = await fixture<GuichetQueueReport>(html`<guichet-queue-report api=${API} lang="de" dev-user="gina" month="2026-03"></guichet-queue-report>`);
    await waitUntil(() => root(el).querySelectorAll('[part="queue"]').length === 2, 'both queues did not show');
    expect([...root(el).querySelectorAll('h3')].map((h) => h.textContent)).to.deep.equal(['Einkauf', 'IT-Support']);
    expect(textOf(el, '[data-figure="created"] dt')).to.equal(reportWords.de.created);
  });

  it('tells an agent of another queue they have no access', async () => {
    const el = await openReport('felix', 'purchasing', '2026-03');
    expect(textOf(el, '[role="status"]')).to.equal(en.forbidden);
    expect(root(el).querySelector('svg')).to.equal(null);
  });
});
