import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on loopback that keeps what it receives; it can be stopped
 * and restarted on its port. `acceptDelayMilliseconds` makes it a slow server:
 * it keeps each message that long before answering 250, as a busy relay does.
 */
export async function startSmtpPeer(port = 0, options: { acceptDelayMilliseconds?: number } = {}) {
  const received: ParsedMail[] = [];
  let server: SMTPServer | undefined;
  let boundPort = port;

  async function listen(): Promise<void> {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((mail) => {
            received.push(mail);
            if (options.acceptDelayMilliseconds) setTimeout(() => callback(), options.acceptDelayMilliseconds);
            else callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(boundPort, '127.0.0.1', () => resolve());
    });
    boundPort = (server.server.address() as { port: number }).port;
  }

  await listen();
  return {
    received,
    get url() {
      return `smtp://127.0.0.1:${boundPort}`;
    },
    stop: () => new Promise<void>((resolve) => server!.close(() => resolve())),
    restart: listen,
  };
}
