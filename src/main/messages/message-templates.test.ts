import { describe, expect, it } from 'vitest';
import { messageTemplates } from './message-templates';

const invoice = (docNumber: string, dueDate: string, balanceMinor: number, overdue: boolean) => ({ invoiceId: docNumber, docNumber, dueDate, balanceMinor, currency: 'USD', overdue });

describe('message templates', () => {
  it('a payment reminder names the oldest unpaid invoice and the whole open balance', () => {
    const [reminder] = messageTemplates({ names: ['Ada Lovelace'], openInvoices: [invoice('1043', '2026-03-31', 4900, false), invoice('1031', '2026-02-28', 12000, true)] });
    expect(reminder).toEqual({
      templateId: 'payment_reminder',
      title: 'Payment reminder',
      body: 'Hi Ada, a friendly reminder that invoice 1031 for $120.00 was due on 2026-02-28. Your open balance is $169.00 across 2 invoices. Thank you!',
    });
  });

  it('without open invoices there is no reminder; a group or an unknown number is greeted without a name', () => {
    expect(messageTemplates({ names: ['Ada Lovelace'], openInvoices: [] }).map((t) => t.templateId)).toEqual(['missed_call', 'follow_up']);
    expect(messageTemplates({ names: ['Ada Lovelace', 'Bob Babbage'], openInvoices: [] })[0]!.body).toMatch(/^Hi all, /);
    expect(messageTemplates({ names: [], openInvoices: [] })[0]!.body).toMatch(/^Hi, sorry we missed your call/);
  });
});
