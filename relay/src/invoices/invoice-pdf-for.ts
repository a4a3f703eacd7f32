import type { CustomerAccountsReader } from '../accounts/customer-accounts';
import type { InvoiceBusiness } from './invoice-document';
import { renderInvoicePdf } from './render-invoice-pdf';

/**
 * The PDF of one of this customer's invoices, for the portal's download and the invoice
 * notice's attachment; null when the invoice is not theirs (or either is unknown), so a
 * guessed key never reaches another customer's invoice.
 */
export async function invoicePdfFor(accounts: CustomerAccountsReader, customerId: string, invoiceKey: string, business: InvoiceBusiness): Promise<Buffer | null> {
  const invoice = accounts.invoiceOf(customerId, invoiceKey);
  // The account's view is not printed: any instant reads the same name and address.
  const account = invoice ? accounts.accountOf(customerId, Date.now()) : null;
  if (!invoice || !account) return null;
  return renderInvoicePdf({ invoice, business, customer: { name: account.name, company: account.company, address: account.address } });
}
