import { randomUUID } from 'node:crypto';
import type { ApiHandlers } from '../../shared/api/contract';
import type { Clock } from '../../shared/clock';
import type { Appended, billingApiInputSchemas } from '../../shared/api/billing';
import type { ConsoleEventInput } from '../../shared/events/model';
import type { ConsoleDatabase } from '../db/open-console-database';
import { postConsoleEvent } from '../relay-link/post-console-event';
import { catalogView, chargeRows, invoicePage, statement, subscriptionPage, usage, usageSummary, walletLedger, walletPage } from './queries/billing-reads';

export type BillingHandlers = Pick<ApiHandlers, keyof typeof billingApiInputSchemas>;

export interface BillingHandlerDeps {
  database: () => ConsoleDatabase;
  clock: Clock;
  /** Where to post console events; throws when the console has no device token. */
  relay: () => { url: string; token: string };
  newId?: () => string;
}

/** Who a console-made adjustment, correction or status change is recorded as. */
const BY = 'console admin';

/**
 * The billing page's API. Reads come from the billing tables; writes become console
 * events posted to the relay with this console's device token (the relay allows
 * them to admin devices only and its refusal comes back as the error). Each request
 * gets one fresh id, so a retried post is recognized as a duplicate by the relay.
 */
export function createBillingHandlers(deps: BillingHandlerDeps): BillingHandlers {
  const newId = deps.newId ?? randomUUID;
  const post = async (input: Omit<ConsoleEventInput, 'id' | 'occurredAt'> & { id?: string }): Promise<Appended> => {
    const { url, token } = deps.relay();
    const event = { ...input, id: input.id ?? `${input.type}:${newId()}`, occurredAt: new Date(deps.clock()).toISOString() } as ConsoleEventInput;
    const { seq } = await postConsoleEvent(url, token, event);
    return { seq };
  };
  return {
    'billing.catalog': async () => catalogView(deps.database()),
    // Every account at once, for a customer's own page; the billing lists read the paged forms.
    'billing.subscriptions': async () => subscriptionPage(deps.database(), {}, new Date(deps.clock())).rows,
    'billing.wallets': async () => walletPage(deps.database(), {}, new Date(deps.clock())).rows,
    'billing.subscriptionPage': async (input) => subscriptionPage(deps.database(), input, new Date(deps.clock())),
    'billing.walletPage': async (input) => walletPage(deps.database(), input, new Date(deps.clock())),
    'billing.walletLedger': async ({ customerId }) => walletLedger(deps.database(), customerId),
    'billing.charges': async (input) => chargeRows(deps.database(), input),
    'billing.invoices': async (input) => invoicePage(deps.database(), input, new Date(deps.clock())).rows,
    'billing.invoicePage': async (input) => invoicePage(deps.database(), input, new Date(deps.clock())),
    'billing.statement': async (input) => statement(deps.database(), input),
    'billing.usage': async (input) => usage(deps.database(), input, new Date(deps.clock())),
    'billing.usageSummary': async (input) => usageSummary(deps.database(), input, new Date(deps.clock())),
    'billing.definePlan': async (plan) => post({ type: 'plan.defined', data: plan }),
    'billing.defineRateCard': async (rateCard) => post({ type: 'rate_card.defined', data: rateCard }),
    'billing.definePolicy': async (policy) => post({ type: 'billing_policy.defined', data: policy }),
    'billing.startSubscription': async (input) => post({ type: 'subscription.started', data: { subscriptionId: newId(), ...input } }),
    'billing.changeSubscription': async (input) => post({ type: 'subscription.changed', data: input }),
    'billing.cancelSubscription': async (input) => post({ type: 'subscription.cancelled', data: input }),
    'billing.creditWallet': async (input) => {
      const entryId = newId();
      return post({ id: `wallet.credited:${entryId}`, type: 'wallet.credited', data: { entryId, ...input } });
    },
    'billing.invoiceTopUp': async (input) => {
      const topUpId = newId();
      return post({ id: `wallet.top_up_invoiced:${topUpId}`, type: 'wallet.top_up_invoiced', data: { topUpId, ...input } });
    },
    'billing.recordAdjustment': async (input) => post({ type: 'adjustment.recorded', data: { adjustmentId: newId(), ...input, by: BY } }),
    'billing.correctCall': async (input) => post({ type: 'call.corrected', data: { ...input, by: BY } }),
    'billing.setInvoiceStatus': async (input) => post({ type: 'invoice.status_changed', data: { ...input, by: BY } }),
  };
}
