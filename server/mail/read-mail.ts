import EmailReplyParser from 'email-reply-parser';
import { htmlToText } from 'html-to-text';
import { type AddressObject, simpleParser } from 'mailparser';
import type { HeaderLine } from './automatic.ts';

/** The facts of a received mail Guichet decides on; plain data, so it crosses from the parsing thread. */
export interface ReadMail {
  messageId: string | undefined;
  /** The From address, lower case. */
  from: string | undefined;
  fromName: string | undefined;
  /** To, Cc and the envelope headers the MTA adds (Delivered-To, X-Original-To, Envelope-To). */
  recipients: string[];
  /** In-Reply-To, then References. */
  references: string[];
  subject: string | undefined;
  contentType: string | undefined;
  /** The top-level header lines (automatic-mail detection, Authentication-Results). */
  headerLines: HeaderLine[];
  /** The new text only (quotes stripped), at most `maxTextCharacters`. */
  text: string;
  /** The length of the new text before the cap: larger than `text.length` when it was cut. */
  textLength: number;
  /** Files the mail carries (inline images of the HTML left out). */
  attachments: { name: string; bytes: Uint8Array }[];
}

export interface ReadLimits {
  maxTextCharacters: number;
}

/** A mail whose structure cannot be read (or is absurd): refused for good, never retried. */
export class UnreadableMail extends Error {
  override name = 'UnreadableMail';
  constructor(
    message: string,
    readonly messageId: string | undefined,
  ) {
    super(message);
  }
}

/** Quote stripping reads this much of the text at most: it is slow on megabytes, and the new text comes first. */
const strippedCharacters = 100_000;
/** HTML converted at most; html-to-text cuts the rest. */
const convertedHtmlCharacters = 2_000_000;

function addresses(field: AddressObject | AddressObject[] | undefined): { address: string; name: string }[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((a) => a.value.map((v) => ({ address: v.address ?? '', name: v.name ?? '' }))).filter((v) => v.address);
}

const headerValue = (line: string) => line.slice(line.indexOf(':') + 1).trim();

/** The Message-ID of raw mail that did not parse, for the log: a plain look at its first header lines. */
export function rawMessageId(raw: Uint8Array): string | undefined {
  const head = Buffer.from(raw.buffer, raw.byteOffset, Math.min(raw.byteLength, 65_536)).toString('latin1');
  return /^message-id:[ \t]*(<[^<>\r\n]{1,250}>)/im.exec(head)?.[1];
}

/** HTML as text: links kept as their words and their address, images and styles dropped, quotes marked with ">". */
export function textOfHtml(html: string): string {
  return htmlToText(html, {
    wordwrap: false,
    limits: { maxInputLength: convertedHtmlCharacters, maxDepth: 500 },
    selectors: [
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true, ignoreHref: false } },
      { selector: 'img', format: 'skip' },
      { selector: 'blockquote', format: 'blockquote', options: { trimEmptyLines: true } },
    ],
  });
}

/**
 * Parses raw MIME into what Guichet needs. The text is the text/plain part
 * when there is one, else the HTML turned into text; then quotes are stripped
 * and the rest capped. Throws UnreadableMail for a mail that does not parse.
 * Slow on big mail: run it off the main thread (mail-reader.ts).
 */
export async function readMail(raw: Uint8Array, limits: ReadLimits): Promise<ReadMail> {
  const buffer = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  let mail: Awaited<ReturnType<typeof simpleParser>>;
  try {
    mail = await simpleParser(buffer, { skipHtmlToText: true, skipImageLinks: true, skipTextToHtml: true });
  } catch (error) {
    throw new UnreadableMail((error as Error).message, rawMessageId(raw));
  }
  const from = addresses(mail.from)[0];
  const headerLines = mail.headerLines.map((h) => ({ key: h.key, line: h.line }));
  const references = [mail.inReplyTo ?? '', ...(Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [])].filter(Boolean);
  const recipients = [
    ...addresses(mail.to).map((a) => a.address),
    ...addresses(mail.cc).map((a) => a.address),
    ...headerLines.filter((h) => ['delivered-to', 'x-original-to', 'envelope-to'].includes(h.key)).map((h) => headerValue(h.line)),
  ];

  const plain = (mail.text ?? '').trim();
  const whole = (plain ? plain : typeof mail.html === 'string' ? textOfHtml(mail.html) : '').replace(/\r\n?/g, '\n');
  const fresh = new EmailReplyParser().parseReply(whole.slice(0, strippedCharacters)).trim();
  const textLength = whole.length > strippedCharacters ? Math.max(fresh.length, whole.length) : fresh.length;

  return {
    messageId: mail.messageId,
    from: from?.address.toLowerCase(),
    fromName: from?.name || undefined,
    recipients,
    references,
    subject: mail.subject,
    contentType: headerLines.find((h) => h.key === 'content-type') ? headerValue(headerLines.find((h) => h.key === 'content-type')!.line) : undefined,
    headerLines,
    text: fresh.slice(0, limits.maxTextCharacters),
    textLength,
    attachments: mail.attachments.filter((a) => !a.related).map((a) => ({ name: a.filename ?? 'attachment', bytes: new Uint8Array(a.content) })),
  };
}
