import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkoutPage } from './checkout-page';
import { appFeeCents, parseMajorAmount, supportedCurrencies } from './money';
import type { Customer, PaymentLink, PaymentPlan, Subscription, Transaction, TransactionStatus } from './records';
import { chargeCompletedBody, renderPlan, renderSubscription, renderTransaction, subscriptionCancelledBody } from './records';
import type { SignatureMode } from './signature';
import type { WebhookDelivery } from './webhook-delivery';
import { WebhookSender } from './webhook-delivery';

/**
 * Flutterwave EMULATOR (not Flutterwave's service): one loopback HTTP server playing the v3 API
 * (`api.flutterwave.com/v3`) and the hosted checkout, faithful to docs/providers/flutterwave.md and
 * its §13 checklist, so a client written for the real host works with only its base URL changed.
 * Tests pay through the checkout page or the `pay` hook, renew and cancel subscriptions, and send
 * webhooks that are signed right but disagree with what verification later says.
 */

export const emulatorDefaults = {
  secretKey: 'FLWSECK_TEST-ringsideemulator00000000000000000-X',
  secretHash: 'ringside-emulator-secret-hash',
  accountId: 2430001,
} as const;

export interface FlutterwaveEmulatorOptions {
  /** Epoch ms; advanceClock() adds to it. Default Date.now. */
  clock?: () => number;
  secretKey?: string;
  /** The dashboard "secret hash" webhooks are signed with. */
  secretHash?: string;
  /** Where webhooks go; without it nothing is posted (deliveries are still recorded). */
  webhookUrl?: string;
  /** Default 'both': `verif-hash` and `flutterwave-signature` on every webhook. */
  signatureMode?: SignatureMode;
  /** Default 3 retries, 1000 ms apart (wall time), 5000 ms answer timeout. */
  webhookRetries?: number;
  webhookRetryDelayMs?: number;
  webhookTimeoutMs?: number;
  /** Public base URL printed in payment links; default the server's own loopback address. */
  publicBaseUrl?: string;
  /** Items per page of GET /v3/subscriptions (`?page=`, 1-based, `meta.page_info`); default 10. */
  listPageSize?: number;
}

export interface RequestLogEntry {
  atMs: number;
  method: string;
  path: string;
  status: number;
}

export interface PayOptions {
  outcome?: 'successful' | 'failed';
  /** What the customer actually paid, in major units (default the link's amount). */
  amount?: number | string;
  currency?: string;
}

type Json = Record<string, unknown>;
interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const json = (status: number, body: unknown): Reply => ({ status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) });
const ok = (message: string, data: unknown, extra: Json = {}) => json(200, { status: 'success', message, ...extra, data });
/** Flutterwave's v3 error envelope. */
const fail = (status: number, message: string) => json(status, { status: 'error', message, data: null });

export function createFlutterwaveEmulator(options: FlutterwaveEmulatorOptions = {}) {
  let offsetMs = 0;
  const baseClock = options.clock ?? Date.now;
  const now = () => baseClock() + offsetMs;
  const secretKey = options.secretKey ?? emulatorDefaults.secretKey;
  let secretHash = options.secretHash ?? emulatorDefaults.secretHash;
  let webhookUrl = options.webhookUrl;
  let signatureMode: SignatureMode = options.signatureMode ?? 'both';
  const accountId = emulatorDefaults.accountId;

  const links = new Map<string, PaymentLink>();
  const linksByTxRef = new Map<string, PaymentLink>();
  const transactions = new Map<number, Transaction>();
  const plans = new Map<number, PaymentPlan>();
  const subscriptions = new Map<number, Subscription>();
  const customers = new Map<string, Customer>();
  const log: RequestLogEntry[] = [];
  let nextTransactionId = 8_100_001;
  let nextPlanId = 71_001;
  let nextSubscriptionId = 50_001;
  let nextCustomerId = 2_600_001;
  let renewalCounter = 0;

  const sender = new WebhookSender(
    () =>
      webhookUrl
        ? { url: webhookUrl, secretHash, signatureMode, retries: options.webhookRetries ?? 3, retryDelayMs: options.webhookRetryDelayMs ?? 1000, timeoutMs: options.webhookTimeoutMs ?? 5000 }
        : undefined,
    now,
  );

  function customerFor(email: string, name: string, phone: string): Customer {
    const key = email.toLowerCase();
    const existing = customers.get(key);
    if (existing) return existing;
    const c: Customer = { id: nextCustomerId++, email, name: name || 'Anonymous customer', phone: phone || 'N/A', createdAtMs: now() };
    customers.set(key, c);
    return c;
  }

  function recordTransaction(input: { txRef: string; amountCents: bigint; currency: string; status: TransactionStatus; customer: Customer; meta: Json | null; paymentPlanId: number | null }): Transaction {
    const fee = appFeeCents(input.amountCents);
    const t: Transaction = {
      id: nextTransactionId++,
      txRef: input.txRef,
      flwRef: `FLW-MOCK-${randomBytes(12).toString('hex')}`,
      amountCents: input.amountCents,
      chargedAmountCents: input.amountCents,
      appFeeCents: input.status === 'successful' ? fee : 0n,
      currency: input.currency,
      status: input.status,
      processorResponse: input.status === 'successful' ? 'Approved. Successful' : 'Insufficient funds',
      createdAtMs: now(),
      customer: input.customer,
      meta: input.meta,
      paymentPlanId: input.paymentPlanId,
    };
    transactions.set(t.id, t);
    return t;
  }

  function subscribe(planId: number, customer: Customer, amountCents: bigint): Subscription {
    const s: Subscription = { id: nextSubscriptionId++, amountCents, customer, planId, status: 'active', createdAtMs: now(), consecutiveFailures: 0 };
    subscriptions.set(s.id, s);
    return s;
  }

  const chargeWebhook = (t: Transaction, overrides?: Json, sign?: { secretHash?: string; signatureMode?: SignatureMode }) => sender.send(chargeCompletedBody(t, accountId, overrides), sign);

  function cancel(s: Subscription): Promise<WebhookDelivery> {
    s.status = 'cancelled';
    return sender.send(subscriptionCancelledBody(s));
  }

  /** The customer finishes a checkout. Failed attempts leave the link open (Flutterwave lets them retry). */
  function completeCheckout(link: PaymentLink, pay: PayOptions): { transaction: Transaction; webhook: Promise<WebhookDelivery> } {
    const t = startAttempt(link, pay, pay.outcome ?? 'successful');
    settle(link, t);
    return { transaction: t, webhook: chargeWebhook(t) };
  }

  function startAttempt(link: PaymentLink, pay: Omit<PayOptions, 'outcome'>, status: TransactionStatus): Transaction {
    if (link.status !== 'open') throw new Error(`payment link ${link.txRef} is ${link.status}`);
    const amountCents = pay.amount === undefined ? link.amountCents : parseMajorAmount(pay.amount);
    if (amountCents === undefined) throw new Error(`not an amount: ${String(pay.amount)}`);
    const t = recordTransaction({ txRef: link.txRef, amountCents, currency: pay.currency ?? link.currency, status, customer: link.customer, meta: link.meta, paymentPlanId: link.paymentPlanId });
    link.transactionIds.push(t.id);
    if (status === 'pending') link.status = 'pending';
    return t;
  }

  /** What a transaction's final status does to its link (and, on a plan, to the subscription). */
  function settle(link: PaymentLink, t: Transaction): void {
    if (t.status === 'pending') return;
    if (link.status === 'pending') link.status = 'open';
    const failures = link.transactionIds.filter((id) => transactions.get(id)!.status === 'failed').length;
    if (t.status === 'failed' && link.maxRetryAttempts !== null && failures > link.maxRetryAttempts) link.status = 'failed';
    if (t.status === 'successful') {
      link.status = 'paid';
      if (link.paymentPlanId !== null) subscribe(link.paymentPlanId, link.customer, t.amountCents);
    }
  }

  function authorized(req: http.IncomingMessage): boolean {
    return req.headers.authorization === `Bearer ${secretKey}`;
  }

  function createPayment(body: Json): Reply {
    const txRef = body.tx_ref;
    if (typeof txRef !== 'string' || txRef.trim() === '') return fail(400, 'tx_ref is required');
    if (txRef.length > 100) return fail(400, 'tx_ref must be at most 100 characters');
    if (linksByTxRef.has(txRef)) return fail(400, 'A transaction with this tx_ref already exists. Please use a unique reference');
    const amountCents = parseMajorAmount(body.amount);
    if (amountCents === undefined || amountCents <= 0n) return fail(400, 'amount is required and must be a positive number');
    const currency = body.currency === undefined ? 'NGN' : body.currency;
    if (typeof currency !== 'string' || !(supportedCurrencies as readonly string[]).includes(currency)) return fail(400, 'Invalid currency');
    const redirectUrl = body.redirect_url;
    if (typeof redirectUrl !== 'string' || !URL.canParse(redirectUrl)) return fail(400, 'redirect_url is required and must be a valid URL');
    const customer = body.customer as Json | undefined;
    const email = customer && typeof customer === 'object' ? customer.email : undefined;
    if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return fail(400, 'customer.email is required');
    const meta = body.meta === undefined || body.meta === null ? null : body.meta;
    if (meta !== null && (typeof meta !== 'object' || Array.isArray(meta))) return fail(400, 'meta must be an object');
    let paymentPlanId: number | null = null;
    if (body.payment_plan !== undefined) {
      const plan = plans.get(Number(body.payment_plan));
      if (!plan || plan.status !== 'active') return fail(400, 'Payment plan not found');
      paymentPlanId = plan.id;
    }
    const sessionMinutes = Math.min(Number(body.session_duration) || 1440, 1440);
    const maxRetry = body.max_retry_attempt === undefined ? null : Number(body.max_retry_attempt);
    if (maxRetry !== null && !(Number.isInteger(maxRetry) && maxRetry >= 0)) return fail(400, 'max_retry_attempt must be a whole number');
    const link: PaymentLink = {
      token: randomBytes(16).toString('hex'),
      txRef,
      amountCents,
      currency,
      redirectUrl,
      customer: customerFor(email, String((customer as Json).name ?? ''), String((customer as Json).phonenumber ?? '')),
      meta: meta as Json | null,
      paymentPlanId,
      createdAtMs: now(),
      expiresAtMs: now() + sessionMinutes * 60_000,
      status: 'open',
      maxRetryAttempts: maxRetry,
      transactionIds: [],
    };
    links.set(link.token, link);
    linksByTxRef.set(txRef, link);
    return ok('Hosted Link', { link: `${publicBase()}/v3/hosted/pay/${link.token}` });
  }

  function hostedPay(req: http.IncomingMessage, token: string, form: URLSearchParams | undefined): Reply {
    const link = links.get(token);
    if (!link) return { status: 404, headers: { 'content-type': 'text/html' }, body: '<h1>Payment link not found</h1>' };
    if (link.status === 'open' && now() > link.expiresAtMs) return { status: 410, headers: { 'content-type': 'text/html' }, body: '<h1>This payment session has expired</h1>' };
    if (req.method === 'GET' || !form) return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: checkoutPage(link) };
    const outcome = form.get('outcome');
    const back = new URL(link.redirectUrl);
    if (outcome === 'cancelled') {
      if (link.status === 'open') link.status = 'cancelled';
      back.searchParams.set('status', 'cancelled');
      back.searchParams.set('tx_ref', link.txRef);
    } else if (outcome === 'successful' || outcome === 'failed') {
      if (link.status !== 'open') return { status: 409, headers: { 'content-type': 'text/html' }, body: `<h1>This payment link is ${link.status}</h1>` };
      const { transaction } = completeCheckout(link, { outcome });
      back.searchParams.set('status', transaction.status);
      back.searchParams.set('tx_ref', link.txRef);
      back.searchParams.set('transaction_id', String(transaction.id));
    } else {
      return { status: 400, headers: { 'content-type': 'text/html' }, body: '<h1>Unknown outcome</h1>' };
    }
    return { status: 302, headers: { location: back.toString() }, body: '' };
  }

  function dispatch(req: http.IncomingMessage, url: URL, raw: Buffer): Reply {
    const path = url.pathname.replace(/\/+$/, '');
    const hosted = /^\/v3\/hosted\/pay\/([0-9a-f]+)$/.exec(path);
    if (hosted) return hostedPay(req, hosted[1]!, req.method === 'POST' ? new URLSearchParams(raw.toString('utf8')) : undefined);
    if (!path.startsWith('/v3/')) return fail(404, 'Not found');
    if (!authorized(req)) return fail(401, 'Invalid authorization key');
    let body: Json = {};
    if (req.method === 'POST' || req.method === 'PUT') {
      try {
        const parsed: unknown = raw.length ? JSON.parse(raw.toString('utf8')) : {};
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return fail(400, 'Request body must be a JSON object');
        body = parsed as Json;
      } catch {
        return fail(400, 'Request body must be valid JSON');
      }
    }
    const route = `${req.method} ${path}`;
    if (route === 'POST /v3/payments') return createPayment(body);
    if (route === 'GET /v3/transactions/verify_by_reference') {
      const txRef = url.searchParams.get('tx_ref') ?? '';
      const link = linksByTxRef.get(txRef);
      const last = link?.transactionIds.at(-1);
      if (last === undefined) return fail(400, 'No transaction was found for this tx_ref');
      return ok('Transaction fetched successfully', renderTransaction(transactions.get(last)!, accountId));
    }
    let m = /^\/v3\/transactions\/(\d+)\/(verify|resend-hook)$/.exec(path);
    if (m) {
      const t = transactions.get(Number(m[1]));
      if (!t) return fail(400, 'No transaction was found for this id');
      if (m[2] === 'verify' && req.method === 'GET') return ok('Transaction fetched successfully', renderTransaction(t, accountId));
      if (m[2] === 'resend-hook' && req.method === 'POST') {
        void chargeWebhook(t);
        return ok('hook sent successfully', 'hook sent');
      }
    }
    if (route === 'POST /v3/payment-plans') {
      const amountCents = body.amount === undefined ? 0n : parseMajorAmount(body.amount);
      if (amountCents === undefined) return fail(400, 'amount must be a positive number');
      if (typeof body.name !== 'string' || !body.name.trim()) return fail(400, 'name is required');
      if (typeof body.interval !== 'string' || !/^(daily|weekly|monthly|quarterly|bi-annually|yearly|every \d+ (days|weeks|months|years))$/.test(body.interval)) return fail(400, 'interval is required');
      const currency = typeof body.currency === 'string' ? body.currency : 'NGN';
      if (!(supportedCurrencies as readonly string[]).includes(currency)) return fail(400, 'Invalid currency');
      const plan: PaymentPlan = { id: nextPlanId++, name: body.name, amountCents, interval: body.interval, duration: Number(body.duration) || 0, currency, status: 'active', planToken: `rpp_${randomBytes(10).toString('hex')}`, createdAtMs: now() };
      plans.set(plan.id, plan);
      return ok('Payment plan created', renderPlan(plan));
    }
    if (route === 'GET /v3/payment-plans') return ok('Payment plans fetched', [...plans.values()].map(renderPlan), { meta: { page_info: { total: plans.size, current_page: 1, total_pages: 1 } } });
    m = /^\/v3\/payment-plans\/(\d+)$/.exec(path);
    if (m && req.method === 'GET') {
      const plan = plans.get(Number(m[1]));
      return plan ? ok('Payment plan fetched', renderPlan(plan)) : fail(404, 'Payment plan not found');
    }
    if (route === 'GET /v3/subscriptions') {
      const email = url.searchParams.get('email')?.toLowerCase();
      const plan = url.searchParams.get('plan');
      const status = url.searchParams.get('status');
      const list = [...subscriptions.values()].filter((s) => (!email || s.customer.email.toLowerCase() === email) && (!plan || String(s.planId) === plan) && (!status || s.status === status));
      // Paginated like Flutterwave's lists (docs §8): `page` from 1, a page past the last is empty.
      const size = options.listPageSize ?? 10;
      const page = Math.max(1, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1);
      const items = list.slice((page - 1) * size, page * size);
      return ok('Plan subscriptions fetched', items.map(renderSubscription), { meta: { page_info: { total: list.length, current_page: page, total_pages: Math.ceil(list.length / size) } } });
    }
    m = /^\/v3\/subscriptions\/(\d+)\/(cancel|activate)$/.exec(path);
    if (m && req.method === 'PUT') {
      const s = subscriptions.get(Number(m[1]));
      if (!s) return fail(404, 'Subscription not found');
      if (m[2] === 'cancel') {
        void cancel(s);
        return ok('Subscription cancelled', renderSubscription(s));
      }
      s.status = 'active';
      s.consecutiveFailures = 0;
      return ok('Subscription activated', renderSubscription(s));
    }
    return fail(404, 'Not found');
  }

  /** Outages a test asks for: the next `times` API calls matching `route` (e.g. /verify$/) fail with `status`, or are answered `delayMs` late. */
  const outages: { route: RegExp; times: number; status?: number; delayMs?: number }[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://emulator.invalid');
      const outage = outages.find((o) => o.times > 0 && o.route.test(`${req.method ?? 'GET'} ${url.pathname}`));
      if (outage) outage.times--;
      const answer = (): void => {
        let reply: Reply;
        try {
          // Flutterwave's own answer to a timeout or an outage (docs §11).
          reply = outage?.status !== undefined ? fail(outage.status, 'An error occurred. Please contact support') : dispatch(req, url, Buffer.concat(chunks));
        } catch (e) {
          console.error('[flutterwave emulator] unexpected error', e);
          reply = fail(500, 'An error occurred. Please contact support');
        }
        log.push({ atMs: now(), method: req.method ?? 'GET', path: url.pathname, status: reply.status });
        if (res.destroyed) return;
        res.writeHead(reply.status, { ...reply.headers, 'content-length': String(Buffer.byteLength(reply.body)) });
        res.end(reply.body);
      };
      if (outage?.delayMs !== undefined) setTimeout(answer, outage.delayMs).unref();
      else answer();
    });
  });

  function baseUrl(): string {
    const address = server.address() as AddressInfo | null;
    if (!address || typeof address === 'string') throw new Error('Flutterwave emulator is not listening yet');
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
  }
  const publicBase = () => options.publicBaseUrl ?? baseUrl();

  function linkFor(linkOrTxRef: string): PaymentLink {
    const token = /\/v3\/hosted\/pay\/([0-9a-f]+)$/.exec(linkOrTxRef)?.[1];
    const link = token ? links.get(token) : linksByTxRef.get(linkOrTxRef);
    if (!link) throw new Error(`no payment link for ${linkOrTxRef}`);
    return link;
  }

  function liveSubscription(id: number): Subscription {
    const s = subscriptions.get(id);
    if (!s) throw new Error(`no subscription ${id}`);
    return s;
  }

  return {
    server,
    secretKey,
    accountId,
    get secretHash(): string {
      return secretHash;
    },
    get baseUrl(): string {
      return baseUrl();
    },
    /** The v3 API base a client is configured with (real: https://api.flutterwave.com/v3). */
    get apiBase(): string {
      return `${baseUrl()}/v3`;
    },
    /** Starts listening (default 127.0.0.1, port 0) and resolves with the base URL. */
    listen(port = 0, host = '127.0.0.1'): Promise<string> {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve(baseUrl()));
      });
    },
    now,
    advanceClock(ms: number): void {
      offsetMs += ms;
    },
    setWebhookUrl(url: string | undefined): void {
      webhookUrl = url;
    },
    setSignatureMode(mode: SignatureMode): void {
      signatureMode = mode;
    },
    /**
     * An outage: the next `times` API calls whose `METHOD /path` matches `route` are answered
     * `status` in Flutterwave's error envelope (default 503), or, with `delayMs`, answered that late.
     */
    disrupt(route: RegExp, times: number, how: { status?: number; delayMs?: number } = {}): void {
      outages.push({ route, times, ...(how.delayMs === undefined ? { status: how.status ?? 503 } : { delayMs: how.delayMs }) });
    },
    /** The owner changes the secret hash in the dashboard. */
    setSecretHash(hash: string): void {
      secretHash = hash;
    },

    /** The customer pays (or is declined) on the link's checkout; resolves after the webhook's first attempt. */
    async pay(linkOrTxRef: string, payOptions: PayOptions = {}): Promise<{ transaction: ReturnType<typeof renderTransaction>; webhook: WebhookDelivery }> {
      const { transaction, webhook } = completeCheckout(linkFor(linkOrTxRef), payOptions);
      return { transaction: renderTransaction(transaction, accountId), webhook: await webhook };
    },
    /** An asynchronous payment (bank transfer, USSD) starts: verification says `pending`, no webhook yet. */
    startPendingPayment(linkOrTxRef: string, payOptions: Omit<PayOptions, 'outcome'> = {}): ReturnType<typeof renderTransaction> {
      return renderTransaction(startAttempt(linkFor(linkOrTxRef), payOptions, 'pending'), accountId);
    },
    /** The pending payment completes: its status changes and charge.completed is posted. */
    async settlePendingPayment(transactionId: number, outcome: 'successful' | 'failed'): Promise<WebhookDelivery> {
      const t = transactions.get(transactionId);
      if (!t || t.status !== 'pending') throw new Error(`no pending transaction ${transactionId}`);
      t.status = outcome;
      t.processorResponse = outcome === 'successful' ? 'Approved. Successful' : 'Transaction failed';
      t.appFeeCents = outcome === 'successful' ? appFeeCents(t.amountCents) : 0n;
      settle(linksByTxRef.get(t.txRef)!, t);
      return chargeWebhook(t);
    },
    /**
     * A correctly signed charge.completed for a real transaction whose body says something the
     * verification endpoint will not (amount, currency, status, tx_ref…): the relay must believe
     * only verification.
     */
    sendChargeWebhook(transactionId: number, overrides: Json = {}, sign?: { secretHash?: string; signatureMode?: SignatureMode }): Promise<WebhookDelivery> {
      const t = transactions.get(transactionId);
      if (!t) throw new Error(`no transaction ${transactionId}`);
      return chargeWebhook(t, overrides, sign);
    },
    /** A signed charge.completed naming a transaction Flutterwave never made (verification answers "not found"). */
    sendForgedChargeWebhook(data: Json, sign?: { secretHash?: string; signatureMode?: SignatureMode }): Promise<WebhookDelivery> {
      return sender.send({ event: 'charge.completed', data, 'event.type': 'CARD_TRANSACTION' }, sign);
    },
    /** Posts a delivery again byte for byte (Flutterwave's resend, or a duplicate on the network). */
    replayWebhook: (deliveryId: number) => sender.replay(deliveryId),
    /** The next billing cycle of a subscription: a new charge under the plan, and its webhook. */
    async renewSubscription(subscriptionId: number, renewal: { outcome?: 'successful' | 'failed' } = {}): Promise<{ transaction: ReturnType<typeof renderTransaction>; webhook: WebhookDelivery; cancelled?: WebhookDelivery }> {
      const s = liveSubscription(subscriptionId);
      if (s.status !== 'active') throw new Error(`subscription ${subscriptionId} is ${s.status}`);
      const plan = plans.get(s.planId)!;
      const status = renewal.outcome ?? 'successful';
      const t = recordTransaction({ txRef: `rpp-${s.id}-${++renewalCounter}-${now()}`, amountCents: plan.amountCents > 0n ? plan.amountCents : s.amountCents, currency: plan.currency, status, customer: s.customer, meta: null, paymentPlanId: plan.id });
      const webhook = await chargeWebhook(t);
      s.consecutiveFailures = status === 'failed' ? s.consecutiveFailures + 1 : 0;
      // Flutterwave cancels a subscription whose charge fails three times in a row.
      const cancelled = s.consecutiveFailures >= 3 ? await cancel(s) : undefined;
      return { transaction: renderTransaction(t, accountId), webhook, ...(cancelled ? { cancelled } : {}) };
    },
    /** The customer or the owner cancels outside Ringside (e.g. from the email link or the dashboard). */
    cancelSubscription: (subscriptionId: number) => cancel(liveSubscription(subscriptionId)),

    transactions: () => [...transactions.values()].map((t) => renderTransaction(t, accountId)),
    paymentLinks: () => [...links.values()].map((l) => ({ txRef: l.txRef, status: l.status, amount: Number(l.amountCents) / 100, currency: l.currency, email: l.customer.email, paymentPlan: l.paymentPlanId, transactionIds: [...l.transactionIds], meta: l.meta })),
    plans: () => [...plans.values()].map(renderPlan),
    subscriptions: () => [...subscriptions.values()].map(renderSubscription),
    deliveries: () => sender.deliveries(),
    requests: (): RequestLogEntry[] => log.map((e) => ({ ...e })),
    close(): Promise<void> {
      sender.close();
      return new Promise((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

export type FlutterwaveEmulator = ReturnType<typeof createFlutterwaveEmulator>;
