import type { ConsoleEventInput } from '../../shared/events/model';
import type { ParsedCustomerRow } from './parse-customer-csv';
import { stableId } from './stable-id';

/**
 * The console events that bring parsed rows into the log: one plan.defined per
 * distinct plan, then every customer.upserted, then every subscription.started.
 * Ids are derived from the content, so re-importing the same file posts the same
 * event ids (the relay answers "duplicate") and a changed row posts a new event.
 */
export function planCustomerImport(rows: readonly ParsedCustomerRow[], options: { occurredAt: string }): ConsoleEventInput[] {
  const { occurredAt } = options;
  const plans = new Map<string, ConsoleEventInput>();
  const customers: ConsoleEventInput[] = [];
  const subscriptions: ConsoleEventInput[] = [];
  for (const row of rows) {
    const customer = { customerId: row.customerId, name: row.name, company: row.company, email: row.email, phones: row.phones };
    customers.push({
      id: stableId('import-customer', customer.customerId, customer.name, customer.company, customer.email, customer.phones.join(',')),
      occurredAt,
      type: 'customer.upserted',
      data: customer,
    });
    if (!row.plan || !row.subscriptionStart) continue;
    const { name, period, includedSeconds, priceMinor, currency } = row.plan;
    const planId = stableId('plan', name, period, includedSeconds, priceMinor, currency);
    if (!plans.has(planId)) {
      plans.set(planId, {
        id: stableId('import-plan', planId),
        occurredAt,
        type: 'plan.defined',
        data: { planId, name, period, includedSeconds, priceMinor, currency },
      });
    }
    const subscriptionId = stableId('sub', row.customerId, planId, row.subscriptionStart);
    subscriptions.push({
      id: stableId('import-subscription', subscriptionId),
      occurredAt,
      type: 'subscription.started',
      data: { subscriptionId, customerId: row.customerId, planId, startDate: row.subscriptionStart },
    });
  }
  return [...plans.values(), ...customers, ...subscriptions];
}
