/**
 * Raw replies as real mail clients write them, for the inbound tests. Each
 * takes the facts of the mail being answered and returns RFC 822 text (CRLF).
 */
export interface Answered {
  number: string;
  /** The Message-ID of the mail being answered. */
  messageId: string;
  /** Its Reply-To (our HMAC'd plus address). */
  replyTo: string;
  subject: string;
}

const crlf = (lines: string[]) => lines.join('\r\n');
const qp = (text: string) =>
  Buffer.from(text, 'utf8')
    .toString('latin1')
    .replace(/[^\x20-\x7e\n]|=/g, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
    .replace(/\n/g, '\r\n');
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');
const encodedWord = (text: string) => `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
const address = (replyTo: string) => /<([^>]+)>/.exec(replyTo)?.[1] ?? replyTo;

/** Gmail: multipart/alternative, quoted-printable, "On … wrote:" and ">" quoting. */
export function gmailReply(to: Answered, from: string, body: string, lang: 'en' | 'fr' = 'en'): string {
  const attribution = lang === 'fr' ? 'Le mar. 10 mars 2026 à 10:00, Guichet <guichet@localhost> a écrit :' : 'On Tue, Mar 10, 2026 at 10:00 AM Guichet <guichet@localhost> wrote:';
  const quoted = `${body}\n\n${attribution}\n\n> Hello,\n> We have received your request. Its number is ${to.number}.\n>\n> -- \n> Guichet\n`;
  return crlf([
    'MIME-Version: 1.0',
    'Date: Tue, 10 Mar 2026 11:02:13 +0100',
    `References: ${to.messageId}`,
    `In-Reply-To: ${to.messageId}`,
    `Message-ID: <CAF${Math.random().toString(36).slice(2)}@mail.gmail.com>`,
    `Subject: Re: ${to.subject}`,
    `From: ${from}`,
    `To: ${address(to.replyTo)}`,
    'Content-Type: multipart/alternative; boundary="000000000000a1b2c3"',
    '',
    '--000000000000a1b2c3',
    'Content-Type: text/plain; charset="UTF-8"',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    qp(quoted),
    '--000000000000a1b2c3',
    'Content-Type: text/html; charset="UTF-8"',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    qp(`<div dir="ltr">${body}</div><br><div class="gmail_quote">${attribution}<blockquote class="gmail_quote">Hello, we have received your request.</blockquote></div>`),
    '--000000000000a1b2c3--',
    '',
  ]);
}

/** Outlook: base64 text, a separator line and a From/Sent/To/Subject header block above the quote. */
export function outlookReply(to: Answered, fromName: string, fromAddress: string, body: string): string {
  const text = `${body}\n\n________________________________\nFrom: Guichet <guichet@localhost>\nSent: Tuesday, March 10, 2026 10:00 AM\nTo: ${fromName} <${fromAddress}>\nSubject: ${to.subject}\n\nHello,\nWe have received your request. Its number is ${to.number}.\n`;
  return crlf([
    `From: ${encodedWord(fromName)} <${fromAddress}>`,
    `To: "Guichet" <${address(to.replyTo)}>`,
    `Subject: ${encodedWord(`AW: ${to.subject}`)}`,
    'Thread-Topic: Request',
    'Date: Tue, 10 Mar 2026 10:15:00 +0000',
    `Message-ID: <AM0PR01MB${Math.random().toString(36).slice(2)}@AM0PR01MB.eurprd01.prod.outlook.com>`,
    `References: ${to.messageId}`,
    `In-Reply-To: ${to.messageId}`,
    'Content-Language: de-CH',
    'Content-Type: text/plain; charset="utf-8"',
    'Content-Transfer-Encoding: base64',
    'MIME-Version: 1.0',
    '',
    b64(text),
    '',
  ]);
}

/** An HTML-only reply (some webmails and phones). */
export function htmlOnlyReply(to: Answered, from: string, body: string): string {
  return crlf([
    `From: ${from}`,
    `To: ${address(to.replyTo)}`,
    `Subject: Re: ${to.subject}`,
    `In-Reply-To: ${to.messageId}`,
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    qp(`<html><body><p>${body}</p><blockquote type="cite"><p>Hello, we have received your request ${to.number}.</p></blockquote></body></html>`),
    '',
  ]);
}

/** An Exchange out-of-office answer. */
export function outOfOffice(to: Answered, from: string): string {
  return crlf([
    `From: ${from}`,
    `To: ${address(to.replyTo)}`,
    `Subject: Automatic reply: ${to.subject}`,
    `In-Reply-To: ${to.messageId}`,
    'Auto-Submitted: auto-replied',
    'X-Auto-Response-Suppress: All',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'I am out of the office until 30 March with no access to my mail.',
    '',
  ]);
}

/** A delivery failure report from the mail server. */
export function bounce(to: Answered): string {
  return crlf([
    'From: Mail Delivery System <MAILER-DAEMON@mx.example.edu>',
    `To: ${address(to.replyTo)}`,
    'Subject: Undelivered Mail Returned to Sender',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="rep"',
    '',
    '--rep',
    'Content-Type: text/plain',
    '',
    'This is the mail system. Your message could not be delivered.',
    '--rep--',
    '',
  ]);
}

/** Someone who guessed a ticket number and wrote from their own address, without our Reply-To. */
export function strangerMail(number: string, from: string, body: string): string {
  return crlf([
    `From: ${from}`,
    'To: guichet@localhost',
    `Subject: Re: [${number}]`,
    `In-Reply-To: <${number}.submitted.1@localhost>`,
    `References: <${number}.submitted.1@localhost>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ]);
}

/** Lotus Notes: HTML only, inside multipart/related with the signature's logo; no text/plain part at all. */
export function notesHtmlReply(to: Answered, from: string, body: string): string {
  return crlf([
    `From: ${from}`,
    `To: ${address(to.replyTo)}`,
    `Subject: Re: ${to.subject}`,
    `In-Reply-To: ${to.messageId}`,
    'MIME-Version: 1.0',
    'X-Mailer: Lotus Notes Release 9.0.1FP10',
    'Content-Type: multipart/related; boundary="=_related 0041A2B1C12588F2_="',
    '',
    '--=_related 0041A2B1C12588F2_=',
    'Content-Type: text/html; charset="ISO-8859-1"',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    qp(`<html><body><font size=2 face="sans-serif">${body}</font><br><br><font size=2 face="sans-serif">See <a href="https://intranet.example.edu/vpn">the VPN page</a></font><br><img src="cid:_1_logo"><br><hr><font size=1 color=#5f5f5f face="sans-serif">From: </font><font size=1 face="sans-serif">Guichet &lt;guichet@localhost&gt;</font><br><blockquote>Hello, we have received your request ${to.number}.</blockquote></body></html>`),
    '--=_related 0041A2B1C12588F2_=',
    'Content-Type: image/gif',
    'Content-ID: <_1_logo>',
    'Content-Transfer-Encoding: base64',
    '',
    'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7',
    '--=_related 0041A2B1C12588F2_=--',
    '',
  ]);
}

/**
 * A forged reply: the requester's address in From, a guessed In-Reply-To
 * (ticket numbers are sequential), sent to our plain address, not the signed
 * one; `headers` adds e.g. the MTA's Authentication-Results.
 */
export function forgedReply(number: string, from: string, body: string, headers: string[] = []): string {
  return crlf([
    ...headers,
    `From: ${from}`,
    'To: guichet@localhost',
    `Subject: Re: [${number}]`,
    `Message-ID: <forged.${Math.random().toString(36).slice(2)}@evil.example>`,
    `In-Reply-To: <${number}.submitted.1@localhost>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ]);
}
