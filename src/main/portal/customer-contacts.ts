import { customerDetail } from '../callbacks/team-work-handlers';
import type { ConsoleDatabase } from '../db/open-console-database';

/** Where a portal link can go: the customer's addresses and numbers as this console's projection has them. */
export interface CustomerContacts {
  emails: string[];
  phones: string[];
}

export function customerContacts(db: ConsoleDatabase, customerId: string): CustomerContacts {
  const detail = customerDetail(db, customerId);
  if (detail === null) throw new Error('This customer is not on this console (removed, or merged into another): open the customer again.');
  // An address QuickBooks and the record both hold is offered once.
  return { emails: [...new Set(detail.emails)], phones: detail.phones };
}
