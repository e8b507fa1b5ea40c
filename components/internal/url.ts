/**
 * `url` resolved against `base`, if it is an http(s) address; else undefined.
 * Links we build from attributes or server data never become `javascript:`.
 */
export function safeUrl(url: string | undefined, base: string): string | undefined {
  if (!url) return undefined;
  try {
    const resolved = new URL(url, base);
    return resolved.protocol === 'https:' || resolved.protocol === 'http:' ? resolved.href : undefined;
  } catch {
    return undefined;
  }
}

/** A page from an attribute (relative to the host page), else `fallback`. */
export const pageUrl = (attribute: string | undefined, fallback: string): string => safeUrl(attribute, document.baseURI) ?? fallback;

/**
 * The status page for one ticket: `page#ticket=NUMBER&token=TOKEN`, or without
 * a token for a signed-in owner. The token goes in the fragment, which never
 * reaches a server's logs (docs/contract.md, "Tickets and tokens").
 */
export const ticketLink = (page: string, number: string, token?: string): string =>
  `${page.split('#')[0]}#ticket=${encodeURIComponent(number)}${token ? `&token=${encodeURIComponent(token)}` : ''}`;
