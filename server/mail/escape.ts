const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every user value goes through this before it reaches a mail's HTML. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => entities[c]!);
}

/**
 * Header values built from user input must not start a new header: CR and LF,
 * and every other control or line-separating character (NEL, U+2028/9) that a
 * lenient parser downstream might take for a line break, become one space.
 */
export function headerSafe(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' ').trim();
}

/** RFC 5322 `specials`: a display name holding one must be quoted, or it reads as more addresses. */
const specials = /[()<>[\]:;@\\,."]/;

/**
 * `Name <address>` for a To header, with a name from user input (an SSO header,
 * an anonymous requester): a comma or `<…>` in it cannot add a recipient.
 */
export function mailbox(name: string, address: string): string {
  const safe = headerSafe(name);
  if (!safe) return headerSafe(address);
  const display = specials.test(safe) ? `"${safe.replace(/["\\]/g, '\\$&')}"` : safe;
  return `${display} <${headerSafe(address)}>`;
}
