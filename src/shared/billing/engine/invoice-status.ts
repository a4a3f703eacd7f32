import type { InvoiceStatus } from '../../api/billing';
import type { InvoiceChange } from './records';

export interface InvoiceState {
  status: InvoiceStatus;
  balanceMinor: number;
}

/**
 * How an invoice's status moves: draft → ready → synced → paid, void from anything
 * unpaid. Void is final; QuickBooks' balance is the truth once synced (0: paid; an
 * unpaid balance again: back to synced).
 */
export function nextInvoiceState(current: InvoiceState, change: InvoiceChange): InvoiceState {
  if (current.status === 'void') return current;
  switch (change.kind) {
    case 'status':
      if (change.status === 'void') return current.status === 'paid' ? current : { ...current, status: 'void' };
      return current.status === 'draft' ? { ...current, status: 'ready' } : current;
    case 'synced':
      return current.status === 'paid' ? current : { ...current, status: 'synced' };
    case 'balance':
      return { status: change.balanceMinor <= 0 ? 'paid' : 'synced', balanceMinor: change.balanceMinor };
    case 'payment': {
      const balanceMinor = current.balanceMinor - change.amountMinor;
      return { status: balanceMinor <= 0 ? 'paid' : current.status, balanceMinor };
    }
  }
}
