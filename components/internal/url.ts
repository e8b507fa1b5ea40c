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
