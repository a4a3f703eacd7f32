import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * The demo's mail server (smtp-server, a dev dependency like the rest of the demo): on
 * loopback, no TLS, no login. It takes every notice mail the demo relay sends and prints it
 * in the demo's terminal, so notices can be tried without a real mailbox.
 */

export interface DemoMailCatcher {
  port: number;
  close(): Promise<void>;
}

export async function startDemoMailCatcher(print: (text: string) => void): Promise<DemoMailCatcher> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          print(describeMail(mail));
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return { port: (server.server.address() as AddressInfo).port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Two lines: who it went to, the subject and any attachment; then the start of the text. */
export function describeMail(mail: ParsedMail): string {
  const to = (Array.isArray(mail.to) ? mail.to : mail.to === undefined ? [] : [mail.to]).map((address) => address.text).join(', ');
  const files = mail.attachments.map((file) => `${file.filename ?? 'attachment'} ${Math.max(1, Math.round(file.size / 1024))} KB`);
  const unsubscribe = mail.headerLines.some((line) => line.key === 'list-unsubscribe') ? ' [unsubscribe link]' : '';
  const text = (mail.text ?? '').replace(/\s+/g, ' ').trim();
  return `mail:     to ${to || '(nobody)'}: "${mail.subject ?? ''}"${files.length === 0 ? '' : ` with ${files.join(', ')}`}${unsubscribe}\n          ${text.length > 110 ? `${text.slice(0, 110)}…` : text}`;
}
