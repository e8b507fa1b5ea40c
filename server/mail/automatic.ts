/**
 * Whether a received mail was sent by a machine (out-of-office, bounce, list
 * traffic): such mail never changes a ticket and never gets an answer. Only
 * the top-level headers count: a forwarded message carries its own.
 */
export interface HeaderLine {
  key: string;
  line: string;
}

const automaticSubjects =
  /^\s*(automatic reply|auto[- ]?reply|autoreply|out of (the )?office|abwesenheitsnotiz|r[ée]ponse automatique|absence|undeliverable|undelivered mail|delivery status notification|mail delivery (failed|subsystem)|returned mail|automatische antwort|unzustellbar)\b/i;

function value(line: HeaderLine): string {
  return line.line.slice(line.line.indexOf(':') + 1).trim();
}

/** The reason a mail is automatic, or undefined for a person's mail. */
export function automaticReason(headers: readonly HeaderLine[], from: string | undefined, subject: string | undefined, contentType: string | undefined): string | undefined {
  const get = (name: string) => headers.filter((h) => h.key === name).map(value);
  const autoSubmitted = get('auto-submitted')[0];
  if (autoSubmitted && autoSubmitted.toLowerCase() !== 'no') return 'auto-submitted';
  if (get('precedence').some((p) => /^(bulk|list|junk|auto_reply)$/i.test(p))) return 'precedence';
  if (get('list-id').length > 0 || get('list-unsubscribe').length > 0) return 'mailing-list';
  if (contentType && /^multipart\/report/i.test(contentType)) return 'delivery-report';
  if (from && /^(mailer-daemon|postmaster)@/i.test(from)) return 'mailer-daemon';
  if (get('return-path').some((p) => p === '<>')) return 'null-sender';
  if (get('x-failed-recipients').length > 0) return 'bounce';
  if (get('x-auto-response-suppress').length > 0) return 'auto-response';
  if (get('x-apple-action').length > 0) return 'auto-response';
  if (subject && automaticSubjects.test(subject)) return 'subject';
  return undefined;
}
