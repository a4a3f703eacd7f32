import type { Statement } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../src/shared/clock';
import { EVENT_MODEL_VERSION, type EventOf } from '../../../src/shared/events/model';
import type { PaymentLinkAnswer, PaymentLinkRequest } from '../../../src/shared/relay-rest/payments';
import type { Device } from '../devices/device-store';
import type { EventLog } from '../log/event-log';
import type { Logger } from '../logger';
import type { FlutterwaveClient } from '../providers/flutterwave/flutterwave-client';
import { billsInCents, unsupportedCurrencyWords } from '../../../src/shared/billing/currency-exponent';
import { formatMoney } from '../../../src/shared/units';
import { majorText } from '../providers/flutterwave/money';
import { linkEventId, teamLines } from '../providers/flutterwave/payment-records';
import type { RelayDatabase } from '../database';
import { CustomerContacts } from './customer-contact';
import { LinkStore, type LinkRow } from './link-store';

/**
 * Creates a Flutterwave payment link for a console's request (docs/providers/flutterwave.md §2):
 * a fresh tx_ref (the linkId) recorded before Flutterwave is asked, the customer's name and
 * email from the log, the secret key only here. The link is recorded as `payment_link.created`
 * (event id `flutterwave:link:<linkId>`) before it is answered: that event is what verification
 * later checks a payment against. One link per device and requestId, concurrent retries included.
 */

export type LinkOutcome = { ok: true; status: 201; answer: PaymentLinkAnswer } | { ok: false; status: 400 | 404 | 422 | 502 | 503; error: string };

/** Who asks for a link: a console's device, or the client portal ({ id: 'portal:<linkId>', name: 'Client portal' }). */
export type Requester = Pick<Device, 'id' | 'name'>;

export interface PaymentLinkCreatorDeps {
  db: RelayDatabase;
  log: EventLog;
  logger: Logger;
  clock: Clock;
  /** Null while FLUTTERWAVE_SECRET_KEY is unset. */
  client: FlutterwaveClient | null;
  /** Null while neither FLUTTERWAVE_REDIRECT_URL nor RELAY_PUBLIC_URL is set. */
  redirectUrl: string | null;
  /** Ringside planId → Flutterwave payment plan id (FLUTTERWAVE_PAYMENT_PLANS). */
  paymentPlans: Readonly<Record<string, string>>;
  /** The lines the event carries: every line of the team, so every agent console sees the link. */
  everyLine: () => readonly string[];
}

export class PaymentLinkCreator {
  private readonly links: LinkStore;
  private readonly contacts: CustomerContacts;
  private readonly plans: Statement;
  private readonly linkEvent: Statement;
  private readonly inFlight = new Map<string, Promise<LinkOutcome>>();

  constructor(private readonly deps: PaymentLinkCreatorDeps) {
    this.links = new LinkStore(deps.db);
    this.contacts = new CustomerContacts(deps.db);
    this.plans = deps.db.prepare("SELECT event FROM events WHERE type = 'plan.defined' AND json_extract(event, '$.data.planId') = ? ORDER BY seq DESC LIMIT 1").pluck();
    this.linkEvent = deps.db.prepare("SELECT seq, event FROM events WHERE source = 'flutterwave' AND event_id = ?");
  }

  /** `device`: the console asking, or the client portal asking for its customer (only its id and name are read). */
  create(device: Requester, request: PaymentLinkRequest): Promise<LinkOutcome> {
    const requestKey = `${device.id}:${request.requestId}`;
    const running = this.inFlight.get(requestKey);
    if (running) return running;
    const outcome = this.createOnce(device, requestKey, request).finally(() => this.inFlight.delete(requestKey));
    this.inFlight.set(requestKey, outcome);
    return outcome;
  }

  private async createOnce(device: Requester, requestKey: string, request: PaymentLinkRequest): Promise<LinkOutcome> {
    const { client, redirectUrl, clock, log, logger } = this.deps;
    const earlier = this.links.byRequest(requestKey);
    if (earlier !== null) {
      const answered = this.answerAgain(earlier);
      if (answered !== null) return answered;
    }
    // The billing engine counts in cents: a UGX link would ask the customer for 100 times the amount typed.
    if (!billsInCents(request.currency)) return { ok: false, status: 400, error: unsupportedCurrencyWords(request.currency) };
    if (client === null) return { ok: false, status: 503, error: 'Flutterwave is not set up on the relay yet, so a payment link cannot be made. Ask the owner to set FLUTTERWAVE_SECRET_KEY and FLUTTERWAVE_SECRET_HASH.' };
    if (redirectUrl === null) return { ok: false, status: 503, error: "The relay does not know its public address, so a payment link cannot be made. Ask the owner to set RELAY_PUBLIC_URL (or FLUTTERWAVE_REDIRECT_URL)." };

    const customer = this.contacts.of(request.customerId);
    if (customer === null) return { ok: false, status: 404, error: 'This customer is not known to the relay yet (or was removed). Save the customer and try again in a moment.' };
    if (customer.email === null) return { ok: false, status: 422, error: `Flutterwave needs an email address for ${customer.name}. Add one to the customer and try again.` };
    let flutterwavePlan: string | undefined;
    if (request.purpose === 'subscription') {
      if (request.planId === null) return { ok: false, status: 400, error: 'A subscription payment needs the plan it pays for.' };
      const plan = this.planOf(request.planId);
      if (plan === null) return { ok: false, status: 404, error: `There is no plan ${request.planId}.` };
      if (plan.priceMinor !== request.amountMinor || plan.currency !== request.currency) {
        return { ok: false, status: 400, error: `The ${plan.name} plan costs ${formatMoney({ minor: plan.priceMinor, currency: plan.currency })}; the link must ask for exactly that.` };
      }
      flutterwavePlan = this.deps.paymentPlans[request.planId];
    } else if (request.planId !== null) {
      return { ok: false, status: 400, error: 'A top-up is not for a plan: leave the plan out.' };
    }

    const linkId = `rs-${request.purpose === 'top_up' ? 'topup' : 'sub'}-${randomUUID()}`;
    this.links.begin({ requestKey, linkId, customerId: customer.customerId, email: customer.email, purpose: request.purpose, planId: request.planId, amountMinor: request.amountMinor, currency: request.currency }, clock());
    const what = request.purpose === 'top_up' ? 'Call credit top-up' : `Subscription`;
    const created = await client.createPayment({
      tx_ref: linkId,
      amount: majorText(request.amountMinor, request.currency),
      currency: request.currency,
      redirect_url: redirectUrl,
      customer: { email: customer.email, name: customer.name },
      meta: { ringsideCustomerId: customer.customerId, purpose: request.purpose, ...(request.planId === null ? {} : { planId: request.planId }) },
      customizations: { title: what, description: `${what} for ${customer.name}` },
      ...(flutterwavePlan === undefined ? {} : { payment_plan: flutterwavePlan }),
    });
    if (!created.ok) {
      logger.warn('Flutterwave refused a payment link', { kind: created.kind, message: created.message });
      const why =
        created.kind === 'unauthorized'
          ? "Flutterwave refused the relay's secret key (FLUTTERWAVE_SECRET_KEY): ask the owner to check it."
          : created.kind === 'unavailable'
            ? `Flutterwave could not be reached, so no link was made. Try again in a moment. (${created.message})`
            : `Flutterwave refused the payment link: ${created.message}`;
      return { ok: false, status: 502, error: why };
    }
    const now = clock();
    const at = new Date(now).toISOString();
    const event: EventOf<'payment_link.created'> = {
      v: EVENT_MODEL_VERSION,
      id: linkEventId(linkId),
      source: 'flutterwave',
      type: 'payment_link.created',
      occurredAt: at,
      receivedAt: at,
      lines: teamLines(this.deps.everyLine()),
      data: { linkId, provider: 'flutterwave', customerId: customer.customerId, purpose: request.purpose, planId: request.planId, amountMinor: request.amountMinor, currency: request.currency, url: created.value.link, by: device.name },
    };
    const stored = await log.append(event);
    this.links.completed(linkId, created.value.link, stored.seq);
    return { ok: true, status: 201, answer: { linkId, url: created.value.link, seq: stored.seq, duplicate: false } };
  }

  /** The link an earlier try of this request made, if it got as far as the log. */
  private answerAgain(row: LinkRow): LinkOutcome | null {
    if (row.url !== null && row.seq !== null) return { ok: true, status: 201, answer: { linkId: row.linkId, url: row.url, seq: row.seq, duplicate: true } };
    const stored = this.linkEvent.get(linkEventId(row.linkId)) as { seq: number; event: string } | undefined;
    if (stored === undefined) return null;
    const url = (JSON.parse(stored.event) as EventOf<'payment_link.created'>).data.url;
    this.links.completed(row.linkId, url, stored.seq);
    return { ok: true, status: 201, answer: { linkId: row.linkId, url, seq: stored.seq, duplicate: true } };
  }

  private planOf(planId: string): { name: string; priceMinor: number; currency: string } | null {
    const json = this.plans.get(planId) as string | undefined;
    if (json === undefined) return null;
    return (JSON.parse(json) as { data: { name: string; priceMinor: number; currency: string } }).data;
  }
}
