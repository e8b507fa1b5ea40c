import ky from 'ky';
import type { Lang } from '../../forms/lang.ts';
import type { Report } from '../../server/wire/reports.ts';
import { type ApiHost, call, defaultApiBase } from '../internal/api.ts';

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
    figures: (period: Period) => call(() => client.get('agent/reports', { searchParams: query(period, 'json') }).json<Report>()),
    csv: (period: Period) => call(() => client.get('agent/reports', { searchParams: query(period, 'csv'), headers: { Accept: 'text/csv' } }).blob()),
  };
}
