import { SMTPServer } from 'smtp-server';
import type { Logger } from 'pino';
import { UnreadableMail } from './read-mail.ts';

/**
 * What the listener hands each received mail to (the inbound service,
 * server/services/inbound.ts): what it did, for the log and the SMTP answer.
 */
export type ReceiveMail = (raw: Uint8Array) => Promise<{ action: string; ticket?: string; reason?: string }>;

const refusal = (message: string, responseCode: number) => Object.assign(new Error(message), { responseCode });

/**
 * The built-in SMTP or LMTP listener: a mail server delivers replies here
 * directly, and they take the same path as the inbound HTTP route. Over
 * `maxBytes` a mail gets 552 and an unreadable one 554, both permanent; only
 * our own failure (the store down) gets a temporary 451, so nothing is lost.
 */
export function createMailListener(url: string, inbound: ReceiveMail, logger: Logger, maxBytes: number) {
  const parsed = new URL(url);
  const lmtp = parsed.protocol === 'lmtp:';
  const server = new SMTPServer({
    lmtp,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    // Advertised in EHLO: a client that declares a larger SIZE is refused at MAIL FROM, before any data.
    size: maxBytes,
    banner: 'Guichet',
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      let length = 0;
      stream.on('data', (chunk: Buffer) => {
        length += chunk.length;
        // Past the cap the rest is read (the protocol needs its end) but not kept.
        if (length <= maxBytes) chunks.push(chunk);
      });
      stream.on('end', () => {
        if (length > maxBytes || (stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          callback(refusal(`Message too large: at most ${maxBytes} bytes`, 552));
          return;
        }
        inbound(Buffer.concat(chunks)).then(
          (result) => {
            logger.info({ action: result.action, ticket: result.ticket, reason: result.reason }, 'mail received');
            callback(null, `OK ${result.action}${result.ticket ? ` ${result.ticket}` : ''}` as never);
          },
          (error: Error) => {
            if (error instanceof UnreadableMail) {
              callback(refusal('The mail cannot be parsed', 554));
              return;
            }
            logger.error({ err: error.message }, 'mail could not be processed');
            // Our failure, not the mail's: the MTA keeps it and tries again, so nothing is lost.
            callback(refusal('Temporary failure, try again later', 451));
          },
        );
      });
    },
  });
  return {
    listen: () =>
      new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(Number(parsed.port), parsed.hostname, () => resolve());
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    get port() {
      return (server.server.address() as { port: number } | null)?.port;
    },
  };
}
