import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { ApiError } from '../internal/api.ts';
import { baseStyles } from '../internal/base.styles.ts';
import { GuichetElement, internal } from '../internal/guichet-element.ts';
import { notice } from '../internal/templates.ts';
import { dailyChart, durationBars } from './charts.ts';
import type { QueueReport, Report } from '../../server/wire/reports.ts';
import { type Period, reportClient } from './report-client.ts';
import { styles } from './queue-report.styles.ts';
import { reportWords, type ReportWords } from './words.ts';

const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The month as the reader's calendar has it now. */
function thisMonth(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

/** A month as the report's period: its first day, and the first day of the next month (exclusive). */
function monthPeriod(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: `${month}-01`, to: `${next}-01` };
}

/**
 * @summary Service figures for heads of service: per queue and month, the
 * requests created, open now, first reply and closure times (median and 90th
 * percentile), closures by the automatic sweep, reopens after a sweep or an
 * agent's closure, thank-you messages and the mean rating; a chart of
 * requests created and closed per day, a chart of the durations, and a CSV
 * download of the same figures.
 *
 * Attributes: `queue` (one queue; default: every queue the person may see),
 * `month` (`YYYY-MM`; default: this month; the picker changes it), `api`,
 * `lang`, `dev-user` (as every Guichet element).
 *
 * @event guichet-report-downloaded - The CSV was fetched and handed to the browser; `detail: { filename }`.
 *
 * @csspart period - The month picker's form.
 * @csspart message - Loading, or why nothing is shown.
 * @csspart queue - One queue's section.
 * @csspart figures - Its list of figures.
 * @csspart chart - An SVG chart.
 * @csspart csv-button - The download button.
 *
 * @cssproperty --guichet-color-primary - Bars of created requests and medians.
 * @cssproperty --guichet-color-chart-secondary - Bars of closed requests and 90th percentiles.
 */
export default class GuichetQueueReport extends GuichetElement {
  static override styles = [baseStyles, styles];
  static override properties: PropertyDeclarations = {
    queue: {},
    month: { reflect: true },
    figures: internal,
    problem: internal,
    downloading: internal,
  };

  declare queue?: string;
  declare month?: string;
  private declare figures?: Report;
  private declare problem?: string;
  private declare downloading: boolean;

  #loadId = 0;
  #csvUrl?: string;

  constructor() {
    super();
    this.downloading = false;
  }

  private get words(): ReportWords {
    return reportWords[this.localize.lang];
  }

  private get period(): Period {
    const month = this.month && monthPattern.test(this.month) ? this.month : thisMonth();
    return { queue: this.queue || undefined, ...monthPeriod(month) };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated || changed.has('queue') || changed.has('month') || changed.has('api') || changed.has('devUser') || changed.has('lang')) void this.#load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.#csvUrl) URL.revokeObjectURL(this.#csvUrl);
    this.#csvUrl = undefined;
  }

  #problemOf(error: unknown): string {
    const status = error instanceof ApiError ? error.status : 0;
    if (status === 401) return this.words.signIn;
    if (status === 403 || status === 404) return this.words.forbidden;
    return (status && error instanceof ApiError && error.serverMessage) || this.words.network;
  }

  async #load(): Promise<void> {
    const id = ++this.#loadId;
    this.figures = this.problem = undefined;
    try {
      const figures = await reportClient(this, this.localize.lang).figures(this.period);
      if (id === this.#loadId) this.figures = figures;
    } catch (error) {
      if (id === this.#loadId) this.problem = this.#problemOf(error);
    }
  }

  async #download(): Promise<void> {
    const period = this.period;
    this.downloading = true;
    try {
      const blob = await reportClient(this, this.localize.lang).csv(period);
      if (this.#csvUrl) URL.revokeObjectURL(this.#csvUrl);
      this.#csvUrl = URL.createObjectURL(blob);
      const filename = `guichet-${period.queue ?? 'queues'}-${period.from.slice(0, 7)}.csv`;
      const link = this.renderRoot.querySelector<HTMLAnchorElement>('a.csv')!;
      link.href = this.#csvUrl;
      link.download = filename;
      link.click();
      this.dispatchEvent(new CustomEvent('guichet-report-downloaded', { detail: { filename }, bubbles: true, composed: true }));
    } catch (error) {
      this.problem = this.#problemOf(error);
    } finally {
      this.downloading = false;
    }
  }

  #onMonth(event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    if (monthPattern.test(value)) this.month = value;
  }

  #hours(seconds: number): string {
    const lang = this.localize.lang;
    const days = seconds >= 48 * 3600;
    return new Intl.NumberFormat(lang, { style: 'unit', unit: days ? 'day' : 'hour', unitDisplay: 'short', maximumFractionDigits: 1 }).format(
      seconds / (days ? 86_400 : 3600),
    );
  }

  #percent(share: number | null): string {
    return share === null ? this.words.none : new Intl.NumberFormat(this.localize.lang, { style: 'percent', maximumFractionDigits: 0 }).format(share);
  }

  #duration(title: string, d: QueueReport['firstReply'], name: string): TemplateResult {
    const w = this.words;
    const value = (seconds: number | null) => (seconds === null ? w.none : this.#hours(seconds));
    return html`<div class="figure" data-figure=${name}>
      <dt>${title}</dt>
      <dd><span class="value">${value(d.median)}</span> <span class="muted">${w.median} · ${w.p90} ${value(d.p90)} · ${w.measured(d.count)}</span></dd>
    </div>`;
  }

  #queue(q: QueueReport): TemplateResult {
    const w = this.words;
    const lang = this.localize.lang;
    const number = (n: number) => new Intl.NumberFormat(lang).format(n);
    const figure = (name: string, title: string, value: string, detail?: string) =>
      html`<div class="figure" data-figure=${name}>
        <dt>${title}</dt>
        <dd><span class="value">${value}</span>${detail ? html` <span class="muted">${detail}</span>` : nothing}</dd>
      </div>`;
    const durations = [
      [w.firstReply, q.firstReply],
      [w.closure, q.closure],
    ] as const;
    const top = Math.max(...durations.flatMap(([, d]) => [d.median ?? 0, d.p90 ?? 0]));
    const rating = q.rating.mean === null ? w.none : new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(q.rating.mean);
    return html`<section part="queue" class="queue" data-queue=${q.queueId}>
      <h3>${q.title}</h3>
      <dl part="figures" class="figures">
        ${figure('created', w.created, number(q.created))} ${figure('open-now', w.openNow, number(q.openNow))}
        ${this.#duration(w.firstReply, q.firstReply, 'first-reply')} ${this.#duration(w.closure, q.closure, 'closure')}
        ${figure('closed', w.closed, number(q.closed.count), `${this.#percent(q.closedBySweepShare)} ${w.bySweep}`)}
        ${figure(
          'reopened',
          w.reopened,
          this.#percent(q.reopened.share),
          `${number(q.reopened.afterSweep)} ${w.afterSweep} · ${number(q.reopened.afterAgent)} ${w.afterAgent}`,
        )}
        ${figure('thanks', w.thanks, number(q.thanks))} ${figure('rating', w.rating, rating, w.ratings(q.rating.count))}
      </dl>
      <figure>
        ${dailyChart(q.daily, w.dailyChart(q.title), { created: w.createdLegend, closed: w.closedLegend })}
        <figcaption class="legend muted"><span class="key created"></span>${w.createdLegend} <span class="key closed"></span>${w.closedLegend}</figcaption>
      </figure>
      <figure class="duration-rows">
        ${durations.map(
          ([title, d]) =>
            html`<span class="muted">${title}</span>${durationBars(d, top, w.durationChart(title, d.median === null ? w.none : this.#hours(d.median), d.p90 === null ? w.none : this.#hours(d.p90)))}`,
        )}
        <figcaption class="legend muted"><span class="key median"></span>${w.median} <span class="key p90"></span>${w.p90Legend}</figcaption>
      </figure>
    </section>`;
  }

  override render(): TemplateResult {
    const w = this.words;
    const { figures, problem } = this;
    const month = this.period.from.slice(0, 7);
    return html`
      <form part="period" class="period" @submit=${(e: Event) => e.preventDefault()}>
        <div>
          <label for="month">${w.month}</label>
          <input part="input" id="month" name="month" type="month" .value=${month} @change=${this.#onMonth} />
        </div>
        <button part="csv-button" class="submit" type="button" ?disabled=${this.downloading || !figures} @click=${() => void this.#download()}>
          ${this.downloading ? w.downloading : w.download}
        </button>
        <a class="csv" hidden></a>
      </form>
      ${notice(problem ?? (figures ? undefined : w.loading), !!problem)} ${figures?.queues.map((q) => this.#queue(q)) ?? nothing}
    `;
  }
}
