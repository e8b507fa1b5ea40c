import { SMTPServer } from 'smtp-server';
import type { Logger } from 'pino';
import type { Inbound } from '../services/inbound.ts';
import { maxMailBytes } from '../routes/inbound.ts';

/**
 * The built-in SMTP or LMTP listener: a mail server delivers replies here
 * directly, and they take the same path as the inbound HTTP route.
 */
export function createMailListener(url: string, inbound: Inbound, logger: Logger) {
  const parsed = new URL(url);
  const lmtp = parsed.protocol === 'lmtp:';
  const server = new SMTPServer({
    lmtp,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxMailBytes,
    banner: 'Guichet',
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          callback(Object.assign(new Error('Message too large'), { responseCode: 552 }));
          return;
        }
        inbound(Buffer.concat(chunks)).then(
          (result) => {
            logger.info({ action: result.action, ticket: result.ticket, reason: result.reason }, 'mail received');
            callback();
          },
          (error: Error) => {
            logger.error({ err: error.message }, 'mail could not be processed');
            // A temporary failure: the MTA keeps the mail and tries again, so nothing is lost.
            callback(Object.assign(new Error('Temporary failure, try again later'), { responseCode: 451 }));
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
