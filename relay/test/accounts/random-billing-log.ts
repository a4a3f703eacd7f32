import { EVENT_MODEL_VERSION, ringsideEventSchema, type EventOf, type RingsideEvent } from '../../../src/shared/events/model';
import {
  adjustmentRecorded,
  callCorrected,
  customerRemoved,
  customerUpserted,
  invoiceStatusChanged,
  invoiceSynced,
  paymentRecorded,
  planWith,
  ringing,
  subscriptionCancelled,
  subscriptionChanged,
  subscriptionWith,
  talked,
  unanswered,
  walletCredited,
} from '../../../tests/support/event-builders';
import { texted } from '../../../tests/support/message-builders';

/**
 * A random business's log, written a segment at a time so later events can name what
 * the earlier ones made (the invoices the fold issued): customers sharing and changing
 * numbers, plans with included time, rollover, texts, period credit and an exempt one,
 * subscriptions started, changed and cancelled, calls (some arriving late), texts,
 * wallet credits and top-up invoices, adjustments, corrections, merges, removals,
 * invoices readied, voided, synced, paid and re-balanced by QuickBooks, and Flutterwave's
 * side as the relay's verifier writes it: top-ups paid, subscriptions started, renewed and
 * moved to another plan by a payment, charges that failed, and Flutterwave cancelling a
 * subscription it was paying; some payments delivered again under another event id.
 */

const DAY = 86_400_000;
const PLANS = ['starter', 'six', 'texts', 'growth', 'enterprise'];

export interface KnownInvoice {
  invoiceKey: string;
  customerId: string | null;
  totalMinor: number;
  quickbooksId: string | null;
}

/** A seeded generator (mulberry32): the same seed writes the same log. */
export class RandomBillingLog {
  private state: number;
  private t: number;
  private n = 0;
  private readonly customers = new Map<string, string[]>();
  private nextCustomer = 0;
  private readonly subscriptions: { id: string; customerId: string }[] = [];
  private readonly calls: string[] = [];
  private readonly numbers: string[];
  /** Subscriptions Flutterwave pays (the verifier's `flutterwave:<customer>:<plan>` ids), by id. */
  private readonly paidByFlutterwave = new Map<string, { customerId: string; planId: string }>();
  private readonly payments: EventOf<'payment.received'>[] = [];
  private transaction = 9_100_000;

  constructor(seed: number, startIso = '2026-01-01T08:00:00.000Z') {
    this.state = seed >>> 0 || 1;
    this.t = Date.parse(startIso);
    this.numbers = Array.from({ length: 80 }, (_, i) => `+1617555${String(1000 + i).padStart(4, '0')}`);
  }

  /** The relay's clock at the last event written. */
  get clockMs(): number {
    return this.t;
  }

  /** The opening: the plans and a first set of customers. */
  opening(): RingsideEvent[] {
    const at = this.iso(this.t);
    const plans = [
      planWith('starter', { includedSeconds: 3600, incrementSeconds: 60 }, at),
      planWith('six', { includedSeconds: 6 * 3600, incrementSeconds: 360, overageRatePerHourMinor: 12000, rollover: { policy: 'full' } }, at),
      planWith('texts', { includedSeconds: 1800, messaging: { includedOutgoing: 3, includedIncoming: 2, outgoingRateMinor: 5, incomingRateMinor: 2 } }, at),
      planWith('growth', { includedSeconds: 2 * 3600, periodGrant: { amountMinor: 5000, expiresAfterDays: null } }, at),
      planWith('enterprise', { includedSeconds: 0, balanceExempt: true, overageRatePerHourMinor: 6000 }, at),
    ];
    const customers = Array.from({ length: 25 }, () => this.newCustomer());
    return this.stamp([...plans, ...customers]);
  }

  /** `count` more events, naming invoices the fold has issued so far. */
  segment(count: number, invoices: readonly KnownInvoice[]): RingsideEvent[] {
    const out: RingsideEvent[] = [];
    while (out.length < count) {
      this.t += Math.floor(this.random() * 90 * 60_000);
      const event = this.next(invoices);
      if (event) out.push(event);
    }
    return this.stamp(out);
  }

  private next(invoices: readonly KnownInvoice[]): RingsideEvent | null {
    const r = this.random();
    const at = this.iso(this.t);
    if (r >= 0.955) return this.flutterwave();
    const customer = this.someCustomer();
    if (r < 0.3) {
      if (!customer) return null;
      // A call to a customer's number, or now and then a stranger's; some reach the relay up to two hours late.
      const from = this.random() < 0.1 ? this.pick(this.numbers) : this.pick(this.customers.get(customer)!);
      const seconds = Math.floor(this.random() * 40 * 60);
      const late = this.random() < 0.15 ? Math.floor(this.random() * 2 * 3600_000) : 0;
      const answeredAt = this.iso(this.t - seconds * 1000 - late - 1000);
      const callId = `call-${this.n++}`;
      this.calls.push(callId);
      return this.random() < 0.15 ? unanswered(callId, from, answeredAt, this.random() < 0.5) : talked(callId, from, answeredAt, seconds);
    }
    if (r < 0.36) return ringing(`ring-${this.n++}`, this.pick(this.numbers), at);
    if (r < 0.46) {
      if (!customer) return null;
      const direction = this.random() < 0.5 ? 'incoming' : 'outgoing';
      const status = direction === 'incoming' ? 'received' : this.pick(['sent', 'delivered', 'delivered', 'failed'] as const);
      return texted(`M${this.n++}`, direction, this.pick(this.customers.get(customer)!), at, status);
    }
    if (r < 0.53) {
      if (!customer) return null;
      const kind = this.pick(['top_up', 'top_up', 'grant', 'bonus'] as const);
      const expiresOn = kind === 'top_up' ? null : this.iso(this.t + (5 + Math.floor(this.random() * 40)) * DAY).slice(0, 10);
      return walletCredited(`credit-${this.n++}`, customer, 500 + Math.floor(this.random() * 10_000), { kind, expiresOn, at });
    }
    if (r < 0.56) {
      if (!customer) return null;
      return this.envelope({ type: 'wallet.top_up_invoiced', data: { topUpId: `topup-${this.n++}`, customerId: customer, amountMinor: 1000 + Math.floor(this.random() * 5000), currency: 'USD', note: '' } });
    }
    if (r < 0.6) {
      if (!customer) return null;
      const seconds = this.random() < 0.5;
      return adjustmentRecorded(`adj-${this.n++}`, customer, seconds ? 'seconds' : 'money', Math.floor((this.random() - 0.4) * (seconds ? 3600 : 5000)), at);
    }
    if (r < 0.64) {
      if (this.calls.length === 0) return null;
      return callCorrected(this.pick(this.calls), Math.floor(this.random() * 30 * 60), at);
    }
    if (r < 0.69) {
      if (!customer) return null;
      const id = `sub-${this.n++}`;
      this.subscriptions.push({ id, customerId: customer });
      const start = this.iso(this.t - Math.floor(this.random() * 10) * DAY + Math.floor(this.random() * 10) * DAY).slice(0, 10);
      return subscriptionWith(id, customer, this.pick(PLANS), start, { renewal: this.random() < 0.8 ? 'auto' : 'end', at });
    }
    if (r < 0.71) {
      if (this.subscriptions.length === 0) return null;
      return subscriptionChanged(this.pick(this.subscriptions).id, this.pick(PLANS), this.iso(this.t + Math.floor(this.random() * 20) * DAY).slice(0, 10), at);
    }
    if (r < 0.725) {
      if (this.subscriptions.length === 0) return null;
      return subscriptionCancelled(this.pick(this.subscriptions).id, this.iso(this.t + Math.floor(this.random() * 20) * DAY).slice(0, 10), at);
    }
    if (r < 0.77) {
      // A new customer, or an edit of one (a number added, changed, or taken from someone else).
      if (this.random() < 0.4 || !customer) return this.newCustomer(at);
      const phones = [...new Set([...this.customers.get(customer)!.slice(0, 1), this.pick(this.numbers)])];
      this.customers.set(customer, phones);
      return this.withContacts(customerUpserted(customer, `Customer ${customer} edited ${this.n++}`, phones, { company: this.random() < 0.5 ? 'Acme' : null, at }));
    }
    if (r < 0.785) {
      const into = this.someCustomer();
      if (!customer || !into || into === customer) return null;
      // As a console merges: two customers of its list; the first is not named again.
      this.customers.delete(customer);
      return this.envelope({ type: 'customer.merged', data: { fromCustomerId: customer, intoCustomerId: into, by: 'owner' } });
    }
    if (r < 0.79) {
      if (!customer) return null;
      this.customers.delete(customer);
      return { ...customerRemoved(customer), occurredAt: at };
    }
    if (invoices.length === 0) return null;
    const invoice = this.pick(invoices);
    if (r < 0.84) return invoiceStatusChanged(invoice.invoiceKey, this.random() < 0.9 ? 'ready' : 'void', at);
    if (r < 0.88) return invoiceSynced(invoice.invoiceKey, invoice.quickbooksId ?? `qb${this.n++}`, at);
    if (r < 0.93) {
      if (invoice.customerId === null) return null;
      const amount = this.random() < 0.6 ? invoice.totalMinor : Math.floor(invoice.totalMinor * this.random());
      // Now and then QuickBooks sends the same payment twice: it counts once.
      const id = this.random() < 0.1 && this.n > 0 ? `pay-${invoice.invoiceKey}` : `pay-${this.n++}`;
      return paymentRecorded(id, invoice.customerId, invoice.invoiceKey, Math.max(0, amount), at);
    }
    if (invoice.quickbooksId === null) return null;
    const balance = this.random() < 0.5 ? 0 : Math.floor(invoice.totalMinor * this.random());
    const dueDate = this.iso(this.t + Math.floor(this.random() * 30) * DAY).slice(0, 10);
    return this.envelope({
      type: 'invoice.balance_changed',
      data: { invoiceKey: invoice.invoiceKey, quickbooksId: invoice.quickbooksId, totalMinor: invoice.totalMinor, balanceMinor: balance, currency: 'USD', dueDate },
    });
  }

  /**
   * What the relay appends after verifying a Flutterwave charge or reading back a cancellation
   * (payment-verifier.ts): payment ids `flutterwave:<transaction id>`, paid a little before the
   * relay heard (paidAt is Flutterwave's), subscriptions named as the verifier names them.
   */
  private flutterwave(): RingsideEvent | null {
    const r = this.random();
    const paidAt = this.iso(this.t - Math.floor(this.random() * 20 * 60_000));
    // Now and then a customer merged away or removed since (any id ever given), as a link made earlier can be paid late.
    const customerId = this.random() < 0.08 ? `c-${Math.floor(this.random() * this.nextCustomer)}` : this.someCustomer();
    if (r < 0.32) {
      if (customerId === null) return null;
      return this.payment({ customerId, purpose: 'top_up', planId: null, subscriptionId: null, amountMinor: 500 + Math.floor(this.random() * 9500), paidAt });
    }
    const paid = [...this.paidByFlutterwave.entries()];
    if (r < 0.44 || (r < 0.7 && paid.length === 0)) {
      // A subscription link paid: the plan starts (or, for a customer on another plan already, changes; on this one, renews).
      if (customerId === null) return null;
      const planId = this.pick(PLANS);
      const subscriptionId = `flutterwave:${customerId}:${planId}`;
      this.paidByFlutterwave.set(subscriptionId, { customerId, planId });
      return this.payment({ customerId, purpose: 'subscription', planId, subscriptionId, amountMinor: this.random() < 0.85 ? 19900 : 9900, paidAt });
    }
    if (r < 0.62) {
      // Flutterwave's own renewal charge of a plan it pays; sometimes a second one in the same period.
      const [subscriptionId, sub] = this.pick(paid);
      return this.payment({ customerId: sub.customerId, purpose: 'subscription', planId: sub.planId, subscriptionId, amountMinor: 19900, paidAt });
    }
    if (r < 0.7) {
      // The customer paid for another plan: the subscription moves to it from the paid day.
      const [, sub] = this.pick(paid);
      const planId = this.pick(PLANS.filter((plan) => plan !== sub.planId));
      const subscriptionId = `flutterwave:${sub.customerId}:${planId}`;
      this.paidByFlutterwave.set(subscriptionId, { customerId: sub.customerId, planId });
      return this.payment({ customerId: sub.customerId, purpose: 'subscription', planId, subscriptionId, amountMinor: 19900, paidAt });
    }
    if (r < 0.8) {
      // A charge that failed, or that verification refused (an unknown payer among them).
      const purpose = this.pick(['top_up', 'subscription', null] as const);
      const amountMinor = this.random() < 0.2 ? 0 : 500 + Math.floor(this.random() * 20_000);
      const reason = this.pick(['The card was declined', 'The payment of $25.00 did not go through: insufficient funds.', 'Flutterwave confirmed a different amount than the link asked for'] as const);
      const transactionId = String(this.transaction++);
      return this.flutterwaveEnvelope(`flutterwave:${transactionId}`, 'payment.failed', this.iso(this.t), {
        paymentId: `flutterwave:${transactionId}`,
        provider: 'flutterwave',
        transactionId,
        reference: this.random() < 0.8 ? `link-${this.n++}` : null,
        customerId: this.random() < 0.85 ? customerId : null,
        purpose,
        amountMinor,
        currency: amountMinor === 0 && this.random() < 0.5 ? null : 'USD',
        reason,
      });
    }
    if (r < 0.9) {
      // Flutterwave cancelled a subscription it pays (read back by the relay): it ends today.
      if (paid.length === 0) return null;
      const [subscriptionId] = this.pick(paid);
      return this.flutterwaveEnvelope(`flutterwave:subscription-cancelled:${subscriptionId}:after:${this.n++}`, 'subscription.cancelled', this.iso(this.t), { subscriptionId, effectiveDate: this.iso(this.t).slice(0, 10) });
    }
    // A payment delivered again (a replayed webhook verified twice): the fold counts its paymentId once.
    if (this.payments.length === 0) return null;
    const again = this.pick(this.payments);
    return { ...again, id: `${again.data.paymentId}:again:${this.n++}`, receivedAt: this.iso(this.t) };
  }

  private payment(d: Pick<EventOf<'payment.received'>['data'], 'customerId' | 'purpose' | 'planId' | 'subscriptionId' | 'amountMinor' | 'paidAt'>): EventOf<'payment.received'> {
    const transactionId = String(this.transaction++);
    const paymentId = `flutterwave:${transactionId}`;
    const event = this.flutterwaveEnvelope(paymentId, 'payment.received', d.paidAt, {
      paymentId,
      provider: 'flutterwave',
      transactionId,
      reference: `link-${this.n++}`,
      currency: 'USD',
      verifiedAt: this.iso(this.t),
      ...d,
    }) as EventOf<'payment.received'>;
    this.payments.push(event);
    return event;
  }

  private flutterwaveEnvelope(id: string, type: 'payment.received' | 'payment.failed' | 'subscription.cancelled', occurredAt: string, data: unknown): RingsideEvent {
    return { v: EVENT_MODEL_VERSION, id, source: 'flutterwave', type, occurredAt, receivedAt: this.iso(this.t), lines: [], data } as RingsideEvent;
  }

  private newCustomer(at = this.iso(this.t)): RingsideEvent {
    const id = `c-${this.nextCustomer++}`;
    const phones = [this.pick(this.numbers), ...(this.random() < 0.3 ? [this.pick(this.numbers)] : [])];
    this.customers.set(id, [...new Set(phones)]);
    return this.withContacts(customerUpserted(id, `Customer ${id}`, [...new Set(phones)], { company: this.random() < 0.3 ? 'Initech' : null, at }));
  }

  /**
   * Emails (a main one or none, further ones naming it again as consoles send them), a
   * QuickBooks link and an address, from the event counter: the random draws, and so the
   * rest of the log, stay as they were.
   */
  private withContacts(event: EventOf<'customer.upserted'>): EventOf<'customer.upserted'> {
    const n = this.n;
    const id = event.data.customerId;
    const email = n % 4 === 0 ? null : `${id}.${n}@example.com`;
    const emails = n % 3 === 0 ? [...(email === null ? [] : [email]), `billing.${id}@example.com`, `${n}@${id}.example`] : [];
    return { ...event, data: { ...event.data, email, emails, quickbooksId: n % 5 === 0 ? `qbc-${id}-${n}` : null, address: n % 2 === 0 ? `${n} Main Street\nSpringfield` : null } };
  }

  private envelope(body: { type: string; data: unknown }): RingsideEvent {
    const at = this.iso(this.t);
    return { v: EVENT_MODEL_VERSION, id: `${body.type}:${this.n++}`, source: 'console', occurredAt: at, receivedAt: at, lines: [], ...body } as RingsideEvent;
  }

  /** Every event gets a unique id and the relay's clock as receivedAt, and is checked against the schema as the relay's edge does. */
  private stamp(events: RingsideEvent[]): RingsideEvent[] {
    return events.map((event) => ringsideEventSchema.parse({ ...event, id: `${event.id}#${this.n++}`, receivedAt: this.iso(Math.max(this.t, Date.parse(event.occurredAt))) }));
  }

  private someCustomer(): string | null {
    if (this.customers.size === 0) return null;
    return this.pick([...this.customers.keys()]);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  private iso(ms: number): string {
    return new Date(ms).toISOString();
  }

  private random(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let x = this.state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  }
}
