import type { RingsideEvent } from '../../../../../src/shared/events/model';
import type { PushedCustomer } from './contact-fields';
import type { ContactPushStore } from './contact-push-store';

/** The event types the push follows; every other one (contact.changed included) only moves the cursor. */
export const FOLLOWED_TYPES = new Set<RingsideEvent['type']>([
  'customer.upserted',
  'customer.removed',
  'customer.merged',
  'plan.defined',
  'subscription.started',
  'subscription.changed',
  'subscription.cancelled',
  'adjustment.recorded',
]);

/** What the fold asks of the relay's accounts: a customer's included seconds left now (null: no subscription), and a caller's customer. */
export interface AccountsNow {
  secondsLeft(customerId: string): number | null;
  customerOfNumber(e164: string): string | null;
}

/**
 * One event of the log into the push's picture of the customers. Only Ringside's own
 * customer, plan and subscription events count: OpenPhone's contact.changed (the echo
 * of a push, or an edit in its app) never changes a customer, so a push cannot loop.
 */
export function foldEvent(store: ContactPushStore, seq: number, event: RingsideEvent, accounts: AccountsNow | null = null): void {
  // A customer not (or no longer) known is left alone: a subscription may precede its customer in the log.
  const refresh = (customerId: string, known?: Omit<PushedCustomer, 'plan'>): void => {
    const customer = known ?? store.customer(customerId);
    if (customer === null) return;
    const described: PushedCustomer = { name: customer.name, company: customer.company, emails: customer.emails, phones: customer.phones, plan: store.planOf(customerId) };
    if (accounts !== null) described.includedSecondsLeft = accounts.secondsLeft(customerId);
    store.describe(customerId, described, seq);
  };
  switch (event.type) {
    case 'customer.upserted': {
      const d = event.data;
      const emails = [...new Set([...(d.email === null ? [] : [d.email]), ...(d.emails ?? [])])];
      refresh(d.customerId, { name: d.name, company: d.company, emails, phones: [...d.phones] });
      return;
    }
    case 'customer.removed':
      store.describe(event.data.customerId, null, seq);
      return;
    case 'customer.merged': {
      const { fromCustomerId, intoCustomerId } = event.data;
      const from = store.customer(fromCustomerId);
      const into = store.customer(intoCustomerId);
      // As the consoles merge (customer-details-projection.ts): numbers and emails move to the kept customer.
      if (from !== null && into !== null) {
        store.moveSubscriptions(fromCustomerId, intoCustomerId);
        refresh(intoCustomerId, { name: into.name, company: into.company, emails: [...new Set([...into.emails, ...from.emails])], phones: [...new Set([...into.phones, ...from.phones])] });
        store.describe(fromCustomerId, null, seq);
      }
      return;
    }
    case 'plan.defined':
      store.definePlan(event.data.planId, event.data.name);
      for (const customerId of store.customersOnPlan(event.data.planId)) refresh(customerId);
      return;
    case 'subscription.started':
      store.startSubscription(event.data.subscriptionId, event.data.customerId, event.data.planId, seq);
      refresh(event.data.customerId);
      return;
    case 'subscription.changed': {
      const customerId = store.changeSubscription(event.data.subscriptionId, { planId: event.data.planId });
      if (customerId !== null) refresh(customerId);
      return;
    }
    case 'subscription.cancelled': {
      const customerId = store.changeSubscription(event.data.subscriptionId, { endsOn: event.data.effectiveDate });
      if (customerId !== null) refresh(customerId);
      return;
    }
    case 'adjustment.recorded':
      refresh(event.data.customerId);
      return;
    case 'call.completed': {
      // The time left after a call: pushed only when it changed (describe owes nothing otherwise).
      const customerId = accounts?.customerOfNumber(event.data.externalNumber) ?? null;
      if (customerId !== null) refresh(customerId);
      return;
    }
    default:
      return;
  }
}
