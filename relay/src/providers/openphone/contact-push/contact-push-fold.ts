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
]);

/**
 * One event of the log into the push's picture of the customers. Only Ringside's own
 * customer, plan and subscription events count: OpenPhone's contact.changed (the echo
 * of a push, or an edit in its app) never changes a customer, so a push cannot loop.
 */
export function foldEvent(store: ContactPushStore, seq: number, event: RingsideEvent): void {
  // A customer not (or no longer) known is left alone: a subscription may precede its customer in the log.
  const refresh = (customerId: string, known?: Omit<PushedCustomer, 'plan'>): void => {
    const customer = known ?? store.customer(customerId);
    if (customer !== null) store.describe(customerId, { name: customer.name, company: customer.company, emails: customer.emails, phones: customer.phones, plan: store.planOf(customerId) }, seq);
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
    default:
      return;
  }
}
