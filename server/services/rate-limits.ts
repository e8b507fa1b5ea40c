import type { Clock } from '../clock.ts';
import { GuichetError } from '../errors.ts';
import type { Store } from '../store/store.ts';

/** COUNT hits per fixed window of WINDOW seconds (GUICHET_RATE_LIMIT_PERSON / _ADDRESS). */
export interface RateLimitRule {
  count: number;
  windowSeconds: number;
}

export interface RateLimitsDeps {
  store: Store;
  clock: Clock;
  person: RateLimitRule;
  address: RateLimitRule;
  /** Received mails per sender and ticket (GUICHET_RATE_LIMIT_INBOUND). */
  inbound: RateLimitRule;
}

/**
 * Who a write is counted against: the client address (absent when the app is
 * not served by the Node adapter), and the requester — `person:<id>`,
 * `ticket:<number>` for a token-authorised write, `email:<address>` for an
 * anonymous submission (so nobody can mail-bomb an address with confirmations).
 */
export interface Requester {
  address?: string | undefined;
  requester?: string | undefined;
}

/** Bucket prefixes: writes and failed look-ups are counted apart, so a busy address can still read its tickets. */
const buckets = { writeByAddress: 'w:a:', writeByRequester: 'w:r:', failedLookup: 'l:a:', inboundMail: 'i:' } as const;

/** The rate-limit windows that name a requester or a ticket's sender (erasure drops them): exact keys and key prefixes. */
export function personalRateLimitKeys(requesterIds: readonly string[], ticketNumbers: readonly string[]): { keys: string[]; prefixes: string[] } {
  return { keys: requesterIds.filter((id) => id !== '').map((id) => buckets.writeByRequester + id), prefixes: ticketNumbers.map((n) => `${buckets.inboundMail}${n}:`) };
}

/**
 * Rate limits kept in the store, so they hold across processes (docs/contract.md,
 * "Rate limits"). Fixed windows aligned on the clock: simple, atomic in
 * one statement, and a window's end is the honest Retry-After.
 */
export function createRateLimits(deps: RateLimitsDeps) {
  const { store, clock } = deps;

  function windowOf(rule: RateLimitRule, now: Date) {
    const size = rule.windowSeconds * 1000;
    const start = Math.floor(now.getTime() / size) * size;
    return { start: new Date(start).toISOString(), end: new Date(start + size) };
  }

  function windowBounds(rule: RateLimitRule, now: Date) {
    const window = windowOf(rule, now);
    return { windowStart: window.start, expiresAt: window.end.toISOString() };
  }

  let nextCleanUp = 0;
  /**
   * Drops the windows that are over, at most once a minute per process. Doing it at each window's first hit
   * assumed first hits were rare; at a university each person submits once or twice, so nearly every submission
   * opens its requester's window, and the clean-up was one more statement (a round trip on PostgreSQL) per submission.
   */
  async function forgetExpiredWindows(now: Date): Promise<void> {
    if (now.getTime() < nextCleanUp) return;
    nextCleanUp = now.getTime() + 60_000;
    await store.forgetExpiredRateLimits(now.toISOString());
  }

  function refuse(end: Date, now: Date): never {
    throw new GuichetError('rate_limited', { retryAfterSeconds: Math.max(1, Math.ceil((end.getTime() - now.getTime()) / 1000)) });
  }

  async function hit(key: string, rule: RateLimitRule): Promise<void> {
    const now = clock.now();
    const window = windowOf(rule, now);
    const [count] = await store.hitRateLimits([{ key, ...windowBounds(rule, now) }]);
    await forgetExpiredWindows(now);
    if (count! > rule.count) refuse(window.end, now);
  }

  return {
    /** One submission, message, reopen, feedback or confirmation: `rate_limited` past either limit. */
    async write(who: Requester): Promise<void> {
      const now = clock.now();
      const rules: [string, RateLimitRule][] = [];
      if (who.address) rules.push([buckets.writeByAddress + who.address, deps.address]);
      if (who.requester) rules.push([buckets.writeByRequester + who.requester, deps.person]);
      // Both hits in one statement: one commit, one disk flush on SQLite, where each one is a write's main cost.
      // Always in this order (address, requester), so two writers never wait on each other's rows.
      const counts = await store.hitRateLimits(rules.map(([key, rule]) => ({ key, ...windowBounds(rule, now) })));
      // The clean-up after the hits, not in their statement: a DELETE there could wait on rows another writer's transaction holds.
      await forgetExpiredWindows(now);
      rules.forEach(([, rule], i) => {
        if (counts[i]! > rule.count) refuse(windowOf(rule, now).end, now);
      });
    },

    /** One received mail of `sender` about `ticket`: false past GUICHET_RATE_LIMIT_INBOUND (the mail is then held, not refused). */
    async inboundMailAllowed(sender: string, ticket: string): Promise<boolean> {
      const now = clock.now();
      // The address is the sender's: bounded, so one key never outgrows its column.
      const [count] = await store.hitRateLimits([{ key: `${buckets.inboundMail}${ticket}:${sender.slice(0, 320)}`, ...windowBounds(deps.inbound, now) }]);
      await forgetExpiredWindows(now);
      return count! <= deps.inbound.count;
    },

    /**
     * A wrong token, a ticket that is not one's own, an unknown confirmation:
     * counts against the address, and past its limit answers `rate_limited` instead of
     * `not_found` (token guessing, number probing). Only failures are limited: a
     * right token or the signed-in owner is never refused, so a neighbour's
     * mistakes behind the same NAT address lock nobody out of their own ticket.
     * Tokens are 256 bits; the limit slows probing, it is not what keeps them unguessable.
     */
    async lookupFailed(address: string | undefined): Promise<void> {
      if (!address) return;
      await hit(buckets.failedLookup + address, deps.address);
    },
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;
