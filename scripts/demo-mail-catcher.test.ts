import { createTransport } from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoMailCatcher, type DemoMailCatcher } from './demo-mail-catcher';

let catcher: DemoMailCatcher | null = null;
afterEach(async () => {
  await catcher?.close();
  catcher = null;
});

describe("the demo's mail catcher", () => {
  it('prints each notice mail it receives in two lines: recipient, subject, the PDF and the unsubscribe link, then the start of the text', async () => {
    const printed: string[] = [];
    catcher = await startDemoMailCatcher((text) => printed.push(text));
    const transport = createTransport({ host: '127.0.0.1', port: catcher.port, secure: false, ignoreTLS: true });
    await transport.sendMail({
      from: 'Ringside Demo Desk <billing@demo-desk.example>',
      to: 'billing@harbordental.example',
      subject: 'Reminder: invoice 1042 is overdue',
      text: 'Hello Harbor Dental Group,\n\nInvoice 1042 for $95.00 was due on 2026-11-15.',
      headers: { 'List-Unsubscribe': '<http://127.0.0.1:8787/notices/unsubscribe/abc>' },
      attachments: [{ filename: 'Invoice 1042.pdf', content: Buffer.alloc(3000, 1), contentType: 'application/pdf' }],
    });
    transport.close();
    await expect.poll(() => printed.length).toBe(1);
    expect(printed[0]).toBe(
      'mail:     to billing@harbordental.example: "Reminder: invoice 1042 is overdue" with Invoice 1042.pdf 3 KB [unsubscribe link]\n          Hello Harbor Dental Group, Invoice 1042 for $95.00 was due on 2026-11-15.',
    );
  });
});
