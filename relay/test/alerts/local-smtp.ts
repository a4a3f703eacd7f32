import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A mail server on loopback for the tests (smtp-server), keeping every mail it accepts,
 * parsed with mailparser. No TLS, no login: the relay is set up with RELAY_SMTP_SECURITY=none.
 * It can be stopped and started again on the same port, as a mail server that goes down.
 */
export class LocalSmtp {
  readonly mails: ParsedMail[] = [];
  private server: SMTPServer | null = null;
  port = 0;

  static async start(): Promise<LocalSmtp> {
    const smtp = new LocalSmtp();
    await smtp.listen(0);
    return smtp;
  }

  private listen(port: number): Promise<void> {
    const mails = this.mails;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((mail) => {
            mails.push(mail);
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        this.port = (server.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  /** The mail server goes down: connections to its port are refused. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server !== null) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Back up, on the same port. */
  restart(): Promise<void> {
    return this.listen(this.port);
  }

  async waitForMails(count: number, timeoutMs = 10_000): Promise<ParsedMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.mails.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} mail(s), got ${this.mails.length}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.mails;
  }
}
