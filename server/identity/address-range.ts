import { BlockList, isIP } from 'node:net';

/** `::ffff:192.0.2.1` (how Node shows an IPv4 peer on a dual-stack socket) → `192.0.2.1`. */
function unmapped(address: string): string {
  return address.toLowerCase().startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/**
 * One entry of an address list (GUICHET_SSO_PROXIES): an IPv4 or IPv6 address,
 * or a CIDR range of either, as Node's `net.BlockList` holds it. Undefined when
 * the entry is none of these, so configuration refuses it instead of it never matching.
 */
export function parseAddressRange(entry: string): BlockList | undefined {
  const [base, bits, extra] = entry.trim().split('/');
  const family = isIP(base ?? '');
  if (extra !== undefined || family === 0) return undefined;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const list = new BlockList();
  if (bits === undefined) {
    list.addAddress(base!, type);
    return list;
  }
  const prefix = /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
  if (!(prefix >= 0 && prefix <= (family === 4 ? 32 : 128))) return undefined;
  list.addSubnet(base!, prefix, type);
  return list;
}

/** Whether `address` (a peer as Node reports it, IPv4-mapped or not) is in the range. */
export function inAddressRange(range: BlockList, address: string): boolean {
  const bare = unmapped(address);
  const family = isIP(bare);
  return family !== 0 && range.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}
