import type { MessageTemplate } from '../../shared/api/communications';
import type { OpenInvoice } from '../../shared/card';
import { formatMoney } from '../../shared/units';

export interface TemplateRecipient {
  /** The linked customers' names (a group thread may have several, an unknown number none). */
  names: readonly string[];
  /** The customer's open invoices, newest first (a single customer's only). */
  openInvoices: readonly OpenInvoice[];
}

/** Ready-to-send texts for a conversation, filled in from what the console knows of the customer. */
export function messageTemplates(recipient: TemplateRecipient): MessageTemplate[] {
  const greeting = recipient.names.length === 1 ? `Hi ${firstName(recipient.names[0]!)}` : recipient.names.length > 1 ? 'Hi all' : 'Hi';
  const templates: MessageTemplate[] = [];
  const reminder = paymentReminder(greeting, recipient.openInvoices);
  if (reminder) templates.push(reminder);
  templates.push(
    { templateId: 'missed_call', title: 'Sorry we missed your call', body: `${greeting}, sorry we missed your call. How can we help?` },
    { templateId: 'follow_up', title: 'Thanks for calling', body: `${greeting}, thanks for calling today. Let us know if there is anything else we can do.` },
  );
  return templates;
}

function paymentReminder(greeting: string, invoices: readonly OpenInvoice[]): MessageTemplate | null {
  if (invoices.length === 0) return null;
  // The oldest unpaid invoice is the one to name; the balance is of them all (one currency each).
  const oldest = [...invoices].sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'))[0]!;
  const sameCurrency = invoices.filter((i) => i.currency === oldest.currency);
  const balance = formatMoney({ minor: sameCurrency.reduce((sum, i) => sum + i.balanceMinor, 0), currency: oldest.currency });
  const due = oldest.dueDate ? (oldest.overdue ? `was due on ${oldest.dueDate}` : `is due on ${oldest.dueDate}`) : 'is open';
  const others = invoices.length > 1 ? ` Your open balance is ${balance} across ${invoices.length} invoices.` : '';
  return {
    templateId: 'payment_reminder',
    title: 'Payment reminder',
    body: `${greeting}, a friendly reminder that invoice ${oldest.docNumber} for ${formatMoney({ minor: oldest.balanceMinor, currency: oldest.currency })} ${due}.${others} Thank you!`,
  };
}

function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}
