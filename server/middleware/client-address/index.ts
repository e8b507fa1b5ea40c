import { isIP } from 'node:net';
import type { Context, MiddlewareHandler } from 'hono';
import { parseCidr } from '../../identity/identity.ts';
import type { AppEnv } from '../context.ts';

/** `::ffff:192.0.2.1`, `192.0.2.1:5678`, `[2001:db8::1]:443` → the bare address; anything else as given. */
function bare(address: string): string {
  const v6Port = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (v6Port) return bare(v6Port[1]!);
  const v4Port = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(address);
  if (v4Port) return v4Port[1]!;
  return address.toLowerCase().startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/** The eight 16-bit groups of an IPv6 address. */
function groups(v6: string): number[] {
  const [head, tail] = v6.split('::') as [string, string | undefined];
  const part = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const left = part(head);
  const right = part(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/**
 * The key a client is counted under: an IPv4 address as is, an IPv6 address by
 * its /64 — one subscriber gets a whole /64, so counting single IPv6 addresses
 * would give a flooder 2^64 fresh budgets.
 */
export function addressKey(address: string): string {
  if (isIP(address) !== 6 || address.includes('.')) return address;
  return `${groups(address)
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/**
 * The client address for rate limits: the TCP peer, unless the peer is one of
 * the trusted proxies (GUICHET_SSO_PROXIES), in which case X-Forwarded-For is
 * read from the right — each proxy appends the address it saw, so the first
 * entry from the right that is not a trusted proxy is the client. The
 * left-most entries are whatever the client itself sent and prove nothing.
 */
export function createClientAddress(trustedProxies: readonly string[]) {
  const trusted = trustedProxies.map(parseCidr);
  const isTrusted = (address: string) => trusted.some((range) => range(address));
  return function clientAddress(peer: string | undefined, forwardedFor: string | undefined): string | undefined {
    if (!peer) return undefined;
    const from = bare(peer);
    if (!forwardedFor || !isTrusted(from)) return addressKey(from);
    const hops = forwardedFor
      .split(',')
      .map((hop) => bare(hop.trim()))
      .filter((hop) => isIP(hop) !== 0);
    for (let i = hops.length - 1; i >= 0; i--) if (!isTrusted(hops[i]!)) return addressKey(hops[i]!);
    return addressKey(hops[0] ?? from);
  };
}

/** Puts the client's address (see createClientAddress) on the request, for the rate limits and the live streams' cap. */
export function findClientAddress(trustedProxies: readonly string[], remoteAddress: (c: Context) => string | undefined): MiddlewareHandler<AppEnv> {
  const clientAddress = createClientAddress(trustedProxies);
  return async function findClientAddress(c, next) {
    c.set('clientAddress', clientAddress(remoteAddress(c), c.req.header('x-forwarded-for')));
    await next();
  };
}
