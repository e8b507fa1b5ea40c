import type { Report } from '../wire/reports.ts';

/**
 * A duration as a head of service reads it: its two largest units ("7 d 4 h", "3 h 20 min", "45 min", "12 s").
 * The CSV keeps the exact seconds beside it, in the columns named `…_seconds`.
 */
export function readableDuration(seconds: number | null): string | null {
  if (seconds === null) return null;
  const units: [string, number][] = [['d', 86400], ['h', 3600], ['min', 60], ['s', 1]];
  const first = units.findIndex(([, size]) => seconds >= size);
  if (first === -1) return '0 s';
  const [bigName, bigSize] = units[first]!;
  const big = Math.floor(seconds / bigSize);
  const next = units[first + 1];
  // Seconds are only worth naming under a minute; "3 min 12 s" reads as noise in a monthly report.
  if (!next || next[0] === 's') return `${big} ${bigName}`;
  return `${big} ${bigName} ${Math.floor((seconds - big * bigSize) / next[1])} ${next[0]}`;
}

/** One CSV column: its header and how a queue's figures fill it. */
const columns: [string, (q: Report['queues'][number], r: Report) => string | number | null][] = [
  ['from', (_, r) => r.from],
  ['to', (_, r) => r.to],
  ['queue', (q) => q.queueId],
  ['title', (q) => q.title],
  ['created', (q) => q.created],
  ['open_now', (q) => q.openNow],
  ['first_reply_median_seconds', (q) => q.firstReply.median],
  ['first_reply_median', (q) => readableDuration(q.firstReply.median)],
  ['first_reply_p90_seconds', (q) => q.firstReply.p90],
  ['first_reply_p90', (q) => readableDuration(q.firstReply.p90)],
  ['first_reply_count', (q) => q.firstReply.count],
  ['closure_median_seconds', (q) => q.closure.median],
  ['closure_median', (q) => readableDuration(q.closure.median)],
  ['closure_p90_seconds', (q) => q.closure.p90],
  ['closure_p90', (q) => readableDuration(q.closure.p90)],
  ['closure_count', (q) => q.closure.count],
  ['closed', (q) => q.closed.count],
  ['closed_by_sweep', (q) => q.closed.bySweep],
  ['closed_by_agent', (q) => q.closed.byAgent],
  ['closed_by_sweep_share', (q) => q.closedBySweepShare],
  ['reopened_after_sweep', (q) => q.reopened.afterSweep],
  ['reopened_after_agent', (q) => q.reopened.afterAgent],
  ['reopened_share', (q) => q.reopened.share],
  ['thanks', (q) => q.thanks],
  ['rating_mean', (q) => q.rating.mean],
  ['rating_count', (q) => q.rating.count],
];

function cell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  // RFC 4180 quoting; a leading = + - @ is neutralised so a spreadsheet never runs a queue title as a formula.
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The report as CSV (RFC 4180, CRLF): a header row, then one row per queue with the period's figures; empty cells where nothing was measured. */
export function reportCsv(report: Report): string {
  const rows = [columns.map(([name]) => name), ...report.queues.map((q) => columns.map(([, value]) => cell(value(q, report))))];
  return rows.map((row) => row.join(',')).join('\r\n') + '\r\n';
}
