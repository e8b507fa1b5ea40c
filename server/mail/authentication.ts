import type { HeaderLine } from './automatic.ts';

/**
 * Whether the MTA vouches for a mail's From: the topmost Authentication-Results
 * header (RFC 8601) of a trusted authserv-id says dmarc=pass for the From's
 * domain, or dkim=pass with a signing domain aligned with it. Only the topmost
 * one counts: our MTA adds its own on top, anything below came with the mail.
 * The few fields needed are read here: a full DKIM/DMARC verifier is the MTA's job.
 */
export function vouchedFor(headers: readonly HeaderLine[], from: string | undefined, trusted: readonly string[]): boolean {
  const fromDomain = from?.split('@')[1]?.toLowerCase();
  if (!fromDomain || trusted.length === 0) return false;
  const results = headers.filter((h) => h.key === 'authentication-results').map((h) => parse(h.line.slice(h.line.indexOf(':') + 1)));
  const ours = results.find((r) => r && trusted.includes(r.authservId));
  if (!ours) return false;
  const aligned = (domain: string | undefined) => !!domain && (fromDomain === domain || fromDomain.endsWith(`.${domain}`));
  return ours.results.some(
    (r) =>
      r.result === 'pass' &&
      ((r.method === 'dmarc' && (r.properties['header.from'] === undefined || r.properties['header.from'] === fromDomain)) ||
        (r.method === 'dkim' && aligned(r.properties['header.d'] ?? r.properties['header.i']?.split('@').pop()))),
  );
}

interface AuthenticationResults {
  authservId: string;
  results: { method: string; result: string; properties: Record<string, string> }[];
}

function parse(value: string): AuthenticationResults | undefined {
  // Comments are parenthesised and may nest; they never carry a verdict.
  let text = value.replace(/\r?\n[ \t]+/g, ' ');
  for (let previous = ''; previous !== text; ) [previous, text] = [text, text.replace(/\([^()]*\)/g, ' ')];
  const [head, ...parts] = text.split(';');
  const authservId = head?.trim().split(/\s+/)[0]?.toLowerCase();
  if (!authservId) return undefined;
  const results = parts.flatMap((part) => {
    const tokens = part.trim().split(/\s+/).filter(Boolean);
    const verdict = /^([a-z0-9_-]+)=([a-z]+)$/i.exec(tokens[0] ?? '');
    if (!verdict) return [];
    const properties: Record<string, string> = {};
    for (const token of tokens.slice(1)) {
      const match = /^([a-z0-9_-]+\.[a-z0-9_-]+)=(.+)$/i.exec(token);
      if (match) properties[match[1]!.toLowerCase()] = match[2]!.replace(/^"|"$/g, '').toLowerCase();
    }
    return [{ method: verdict[1]!.toLowerCase(), result: verdict[2]!.toLowerCase(), properties }];
  });
  return { authservId, results };
}
