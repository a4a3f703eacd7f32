import { randomUUID } from 'node:crypto';

/** Customers set up on a relay the way an admin console does it (POST /v1/events), for the Vapi tests. */

export interface Admin {
  url: string;
  token: string;
}

export async function postConsoleEvent(admin: Admin, type: string, data: Record<string, unknown>, id = `${type}:${randomUUID()}`): Promise<number> {
  const answer = await fetch(`${admin.url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
    body: JSON.stringify({ id, type, occurredAt: new Date().toISOString(), data }),
  });
  const text = await answer.text();
  if (answer.status !== 200) throw new Error(`POST /v1/events ${type} answered ${answer.status}: ${text}`);
  return (JSON.parse(text) as { seq: number }).seq;
}

export async function addCustomer(admin: Admin, customerId: string, name: string, phone: string): Promise<void> {
  await postConsoleEvent(admin, 'customer.upserted', { customerId, name, company: null, email: null, phones: [phone] });
}

/** A monthly plan with `includedSeconds` (and the balance exemption when asked), and the customer subscribed from today. */
export async function subscribe(admin: Admin, customerId: string, plan: { planId: string; name: string; includedSeconds: number; balanceExempt?: boolean }): Promise<void> {
  await postConsoleEvent(admin, 'plan.defined', { planId: plan.planId, name: plan.name, period: 'monthly', priceMinor: 19900, currency: 'USD', includedSeconds: plan.includedSeconds, balanceExempt: plan.balanceExempt ?? false }, `plan:${plan.planId}`);
  await postConsoleEvent(admin, 'subscription.started', { subscriptionId: `sub-${customerId}`, customerId, planId: plan.planId, startDate: new Date().toISOString().slice(0, 10) });
}

export async function creditWallet(admin: Admin, customerId: string, amountMinor: number): Promise<void> {
  await postConsoleEvent(admin, 'wallet.credited', { entryId: `top-up-${randomUUID()}`, customerId, kind: 'top_up', amountMinor, currency: 'USD' });
}

/** A wallet that had credit and ran dry (credited, then the same amount taken off). */
export async function emptyWallet(admin: Admin, customerId: string): Promise<void> {
  await creditWallet(admin, customerId, 500);
  await postConsoleEvent(admin, 'adjustment.recorded', { adjustmentId: `spent-${randomUUID()}`, customerId, unit: 'money', amount: -500, reason: 'Used up on earlier calls', by: 'Test' });
}
