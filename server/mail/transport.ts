import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makePrivateDir, privateFileMode } from '../data-files.ts';
import nodemailer, { type SendMailOptions } from 'nodemailer';

/** A mail ready to leave, as the outbox stores it. */
export interface OutgoingMail {
  messageId: string;
  from: string;
  to: string;
  replyTo: string | undefined;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** Where mail goes: SMTP in production, the dev outbox folder in dev. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

function message(mail: OutgoingMail): SendMailOptions {
  return {
    messageId: mail.messageId,
    from: mail.from,
    to: mail.to,
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    headers: mail.headers,
  };
}

/**
 * Nodemailer waits up to 10 minutes on a silent socket. A delivery worker
 * claims a mail for 2 minutes before sending it: with these, a mail server that
 * stops answering fails the send (a retry later) before the claim runs out and
 * another worker could send the same mail.
 */
const smtpTimeouts = { connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000 };

export function createSmtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport({ url, ...smtpTimeouts });
  return {
    async send(mail) {
      await transporter.sendMail(message(mail));
    },
    close: () => transporter.close(),
  };
}

// A type, not an interface: it is then a plain JSON record, as the dev mail route answers it.
export type DevMail = {
  id: string;
  messageId: string;
  to: string;
  from: string;
  replyTo: string | null;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  sentAt: string;
};

/**
 * Dev mode: nodemailer builds the real MIME message, which lands as an .eml file
 * beside a JSON summary that the demo's mail viewer reads.
 */
export function createDevOutbox(dir: string, now: () => Date): MailTransport & { list(): DevMail[]; forget(messageIds: readonly string[]): void } {
  makePrivateDir(dir);
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  let sequence = 0;
  return {
    async send(mail) {
      const info = await transporter.sendMail(message(mail));
      const raw = (info as unknown as { message: Buffer }).message;
      const sentAt = now().toISOString();
      const id = `${Date.now().toString(36)}-${process.pid}-${(sequence++).toString(36).padStart(6, '0')}`;
      const headers = parseHeaders(raw.toString('utf8'));
      const record: DevMail = {
        id,
        messageId: mail.messageId,
        to: mail.to,
        from: mail.from,
        replyTo: mail.replyTo ?? null,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers,
        sentAt,
      };
      // Dev mail holds live magic links: for the service's user only.
      writeFileSync(join(dir, `${id}.eml`), raw, { mode: privateFileMode });
      writeFileSync(join(dir, `${id}.json`), JSON.stringify(record, null, 2), { mode: privateFileMode });
    },
    list() {
      return readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as DevMail)
        .sort((a, b) => a.sentAt.localeCompare(b.sentAt) || a.id.localeCompare(b.id));
    },
    /** Removes the files of these mails (their request was anonymised). */
    forget(messageIds) {
      if (messageIds.length === 0) return;
      const gone = new Set(messageIds);
      for (const mail of this.list()) {
        if (!gone.has(mail.messageId)) continue;
        rmSync(join(dir, `${mail.id}.eml`), { force: true });
        rmSync(join(dir, `${mail.id}.json`), { force: true });
      }
    },
    close() {},
  };
}

/** The top-level header block of a MIME message, unfolded, name → value. */
function parseHeaders(raw: string): Record<string, string> {
  const block = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const headers: Record<string, string> = {};
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon)] = line.slice(colon + 1).trim();
  }
  return headers;
}
