import { svg, type TemplateResult } from 'lit';
import type { QueueReport } from '../../server/wire/reports.ts';

const barWidth = 10;
const gap = 4;
const height = 80;

/**
 * Created and closed requests per day, side by side: drawn with SVG
 * attributes and classes only (no style attributes, for strict CSPs), each
 * bar titled with its figure for pointer and screen-reader users.
 */
export function dailyChart(daily: QueueReport['daily'], label: string, words: { created: string; closed: string }): TemplateResult {
  const top = Math.max(1, ...daily.map((d) => Math.max(d.created, d.closed)));
  const step = 2 * barWidth + gap;
  const bar = (value: number, x: number, kind: 'created' | 'closed', date: string) => {
    const h = (value / top) * height;
    return svg`<rect class=${kind} x=${x} y=${height - h} width=${barWidth} height=${h}><title>${date}: ${value} ${words[kind]}</title></rect>`;
  };
  return svg`<svg part="chart" class="chart daily" role="img" aria-label=${label} viewBox="0 0 ${Math.max(step, daily.length * step)} ${height + 1}" preserveAspectRatio="none">
    ${daily.map((d, i) => [bar(d.created, i * step, 'created', d.date), bar(d.closed, i * step + barWidth, 'closed', d.date)])}
    <line class="axis" x1="0" y1=${height + 0.5} x2=${daily.length * step} y2=${height + 0.5}></line>
  </svg>`;
}

/**
 * One duration (first reply, or closure) as two bars on a scale shared with
 * the other rows, `top` seconds wide: the median, then the 90th percentile.
 */
export function durationBars(d: { median: number | null; p90: number | null }, top: number, label: string): TemplateResult {
  const width = 300;
  const bar = (seconds: number | null, y: number, kind: 'median' | 'p90') =>
    seconds === null ? svg`` : svg`<rect class=${kind} x="0" y=${y} width=${Math.max(1, (seconds / Math.max(1, top)) * width)} height="9"></rect>`;
  return svg`<svg part="chart" class="chart durations" role="img" aria-label=${label} viewBox="0 0 ${width} 22" preserveAspectRatio="none">
    ${bar(d.median, 1, 'median')} ${bar(d.p90, 12, 'p90')}
  </svg>`;
}
