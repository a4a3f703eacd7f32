import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real mail server on loopback (smtp-server) for the notice tests: keeps each mail it
 * accepts, parsed with mailparser; refuses the addresses in `refused` at RCPT TO with a 550
 * (a mailbox that does not exist: a permanent refusal); and, while `holdAfter` is set, takes
 * that many mails and then holds the next one's DATA unanswered (a mail under way when the
 * relay stops).
 */
export class NoticeMailServer {
  readonly mails: ParsedMail[] = [];
  readonly refused = new Set<string>();
  holdAfter: number | null = null;
  /** Mails whose DATA is being held. */
  held = 0;
  private holding: { mail: Promise<ParsedMail>; answer: (error?: Error) => void }[] = [];
  private server: SMTPServer | null = null;
  port = 0;

  static async start(): Promise<NoticeMailServer> {
    const smtp = new NoticeMailServer();
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (smtp.refused.has(address.address.toLowerCase())) {
          const error = new Error('5.1.1 No such user here') as Error & { responseCode: number };
          error.responseCode = 550;
          return callback(error);
        }
        callback();
      },
      onData(stream, _session, callback) {
        if (smtp.holdAfter !== null && smtp.mails.length >= smtp.holdAfter) {
          smtp.held += 1;
          // Read, but not answered until releaseHeld(): the sender is left waiting.
          const mail = simpleParser(stream);
          // A sender that hangs up (a relay killed mid-mail) leaves this mail unread: not an error of the test.
          mail.catch(() => undefined);
          smtp.holding.push({ mail, answer: callback });
          return;
        }
        simpleParser(stream)
          .then((mail) => {
            smtp.mails.push(mail);
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    smtp.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        smtp.port = (server.server.address() as AddressInfo).port;
        resolve();
      });
    });
    return smtp;
  }

  /** Answers the held mails: accepted, as if the server had only been slow. */
  releaseHeld(): void {
    for (const { mail, answer } of this.holding.splice(0)) {
      mail.then((parsed) => {
        this.mails.push(parsed);
        answer();
      }, (error: Error) => answer(error));
    }
  }

  mailsTo(address: string): ParsedMail[] {
    return this.mails.filter((mail) => (Array.isArray(mail.to) ? mail.to : [mail.to]).some((to) => to?.value.some((entry) => entry.address === address)));
  }

  async waitFor(probe: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!probe()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; mails so far: ${this.mails.map((mail) => mail.subject).join(' | ')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server === null) return;
    // Held connections would keep close() waiting.
    for (const connection of (server as unknown as { connections: Set<{ close(): void }> }).connections ?? []) connection.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
