import ky from 'ky';
import type { Lang } from '../../forms/lang.ts';
import { type ApiHost, call, defaultApiBase } from '../internal/api.ts';

export interface Durations {
  median: number | null;
  p90: number | null;
  count: number;
}

/** One queue's figures (API: `GET /api/agent/reports`). */
export interface QueueFigures {
  queueId: string;
  title: string;
  created: number;
  openNow: number;
  firstReply: Durations;
  closure: Durations;
  closed: { count: number; bySweep: number; byAgent: number };
  closedBySweepShare: number | null;
  reopened: { afterSweep: number; afterAgent: number; share: number | null; afterSweepShare: number | null; afterAgentShare: number | null };
  thanks: number;
  rating: { mean: number | null; count: number };
  daily: { date: string; created: number; closed: number }[];
}

export interface Figures {
  from: string;
  to: string;
  timeZone: string;
  queues: QueueFigures[];
}

export interface Period {
  queue?: string | undefined;
  from: string;
  to: string;
}

/** The report calls, with the agent's own credentials (cookie, or the dev person). */
export function reportClient(host: ApiHost, lang: Lang) {
  const client = ky.create({
    prefixUrl: `${(host.api || defaultApiBase()).replace(/\/+$/, '')}/api`,
    credentials: 'include',
    timeout: 30_000,
    headers: host.devUser ? { 'X-Guichet-Dev-User': host.devUser } : {},
  });
  const query = (period: Period, format: 'json' | 'csv') => ({ lang, from: period.from, to: period.to, format, ...(period.queue ? { queue: period.queue } : {}) });
  return {
    figures: (period: Period) => call(() => client.get('agent/reports', { searchParams: query(period, 'json') }).json<Figures>()),
    csv: (period: Period) => call(() => client.get('agent/reports', { searchParams: query(period, 'csv'), headers: { Accept: 'text/csv' } }).blob()),
  };
}
