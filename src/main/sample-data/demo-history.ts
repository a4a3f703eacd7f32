import { createHash } from 'node:crypto';
import type { ConsoleEventInput } from '../../shared/events/model';
import { parseCustomerCsv } from '../customers/parse-customer-csv';
import { planCustomerImport } from '../customers/plan-customer-import';
import { generateSampleCustomersCsv } from './sample-customers';
import { seededRandom } from './seeded-random';

/**
 * Months of a support desk's history for the demo, so the dashboard has trends and
 * every page has something on first open: the sample customers subscribed months ago
 * on three plans; calls on weekdays in business hours (peaks mid-morning and
 * mid-afternoon), fewer after hours and at weekends; missed calls, voicemails, some
 * transcripts and summaries; texts now and then and one campaign with replies; past
 * subscription invoices synced to QuickBooks, most paid, some overdue, the current
 * month's still drafts; wallet top-ups for the pay-per-call customers.
 *
 * Provider traffic is written as legacy OpenPhone webhook bodies (spec §1.3–§1.5), so it
 * goes through the relay's normal webhook path; billing facts are console events. All
 * of it is deterministic in (seed, the day of `now`): ids derive from both.
 */

export interface DemoHistoryOptions {
  /** The business line. */
  line: string;
  now: Date;
  /** Days of history before today (default 120). */
  days?: number;
  seed?: number;
  /** Customers in the sample (default 36). */
  customers?: number;
  /** Where the voicemail of missed call `callId` is served; null: missed calls leave none. */
  voicemailUrl?: (callId: string) => string | null;
}

export interface DemoHistory {
  /** The customers as an import file, subscriptions started months ago. */
  customersCsv: string;
  /** OpenPhone webhook bodies, oldest first. */
  webhooks: string[];
  /** Billing facts (invoices synced, balances, payments, top-ups), oldest first; post after importing the customers. */
  consoleEvents: ConsoleEventInput[];
  /** The numbers customers call from, for live callers. */
  customerPhones: string[];
  counts: { calls: number; missed: number; voicemails: number; texts: number };
}

const DAY_MS = 86_400_000;
const STRANGERS = ['+14155550123', '+12125550188', '+13125550142', '+447700900123', '+13035550177', '+12065550109'];
const INBOUND_TEXTS = [
  'Hi, can someone call me back about the invoice?',
  'Is the support line open on Saturday?',
  'Thanks for the help earlier, all working now.',
  'Could you send me last month’s usage?',
  'Running 10 min late for our call.',
  'The portal shows an error again, can you look?',
];
const OUTBOUND_TEXTS = ['Sure, we will call you within the hour.', 'Yes, Saturday 9–1.', 'Glad to hear it!', 'Sent to your billing email.', 'No problem, talk soon.'];
const SUMMARIES = [
  { summary: ['The caller could not sign in after a password reset.', 'Reset the account and confirmed access.'], nextSteps: ['Follow up by email with the new sign-in steps.'] },
  { summary: ['Questions about the last invoice’s overage.'], nextSteps: ['Send the usage breakdown.'] },
  { summary: ['The caller wants to move to a bigger plan next month.'], nextSteps: ['Prepare a plan change from the 1st.'] },
];
const CAMPAIGN_TEXT = 'Our support hours change next week: 8 am–6 pm, Monday to Friday. Reply if you need an evening slot.';

export function demoHistory(options: DemoHistoryOptions): DemoHistory {
  const { line, now } = options;
  const days = options.days ?? 120;
  const seed = options.seed ?? 1;
  const random = seededRandom(seed);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const idOf = idMaker(`${seed}:${new Date(today).toISOString().slice(0, 10)}`);
  const customersCsv = backdatedSubscriptions(generateSampleCustomersCsv(options.customers ?? 36, seed), today, days, random);
  const rows = parseCustomerCsv(customersCsv, { region: 'US' }).rows;
  const customerPhones = rows.map((row) => row.phones[0]!).filter(Boolean);
  const phoneNumberId = `PN${digest(line).slice(0, 8)}`;
  const userIds = ['US' + digest(`user:${line}`).slice(0, 8), 'US' + digest(`user2:${line}`).slice(0, 8)];
  const timed: { at: number; body: string }[] = [];
  const push = (atMs: number, type: string, object: Record<string, unknown>): void => {
    const createdAt = new Date(atMs).toISOString();
    timed.push({ at: atMs, body: JSON.stringify({ id: idOf('EV'), object: 'event', apiVersion: 'v3', createdAt, type, data: { object } }) });
  };
  const counts = { calls: 0, missed: 0, voicemails: 0, texts: 0 };
  // A few customers call a lot, most now and then (a Zipf-like weight).
  const weights = customerPhones.map((_, i) => 1 / (1 + i * 0.35));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const pickCaller = (): string => {
    if (random() < 0.14) return STRANGERS[Math.floor(random() * STRANGERS.length)]!;
    let r = random() * totalWeight;
    for (let i = 0; i < customerPhones.length; i += 1) {
      r -= weights[i]!;
      if (r <= 0) return customerPhones[i]!;
    }
    return customerPhones[0]!;
  };
  const conversationId = (other: string) => `CN${digest(`${line}|${other}`).slice(0, 32)}`;

  const call = (startMs: number, from: string, afterHours: boolean): void => {
    const callId = idOf('AC');
    const missed = random() < (afterHours ? 0.35 : 0.1);
    const ringMs = (3 + Math.floor(random() * 12)) * 1000;
    const talkSeconds = Math.round(60 * (1.5 + -Math.log(1 - random()) * 6));
    const answeredAt = missed ? null : startMs + ringMs;
    const completedAt = missed ? startMs + ringMs + 10_000 : answeredAt! + talkSeconds * 1000;
    const voicemail = missed && random() < 0.55 ? options.voicemailUrl?.(callId) ?? null : null;
    const base = {
      id: callId,
      object: 'call',
      from,
      to: line,
      direction: 'incoming',
      media: [],
      createdAt: new Date(startMs).toISOString(),
      userId: userIds[Math.floor(random() * userIds.length)],
      phoneNumberId,
      conversationId: conversationId(from),
    };
    push(startMs, 'call.ringing', { ...base, voicemail: null, status: 'ringing', answeredAt: null, completedAt: null });
    push(completedAt, 'call.completed', {
      ...base,
      voicemail: voicemail === null ? null : { url: voicemail, type: 'audio/mpeg', duration: 8 + Math.floor(random() * 30) },
      status: 'completed',
      answeredAt: answeredAt === null ? null : wholeSeconds(answeredAt),
      completedAt: wholeSeconds(completedAt),
    });
    counts.calls += 1;
    if (missed) counts.missed += 1;
    if (voicemail !== null) counts.voicemails += 1;
    if (!missed && random() < 0.12) {
      const at = completedAt + 30_000;
      const talk = talkSeconds;
      const dialogue = [
        { identifier: line, userId: base.userId, content: 'Thanks for calling support, how can I help?', start: 0, end: Math.round(talk * 0.1) },
        { identifier: from, userId: null, content: 'Hi, I have a question about my account.', start: Math.round(talk * 0.12), end: Math.round(talk * 0.5) },
        { identifier: line, userId: base.userId, content: 'Sure, let me look that up for you.', start: Math.round(talk * 0.52), end: Math.round(talk * 0.95) },
      ];
      push(at, 'call.transcript.completed', { callId, object: 'callTranscript', createdAt: new Date(at).toISOString(), dialogue, duration: talk, status: 'completed', contactIds: [] });
      const s = SUMMARIES[Math.floor(random() * SUMMARIES.length)]!;
      push(at + 5_000, 'call.summary.completed', { callId, object: 'callSummary', status: 'completed', summary: s.summary, nextSteps: s.nextSteps, contactIds: [] });
    }
  };

  const text = (atMs: number, direction: 'incoming' | 'outgoing', other: string, body: string): void => {
    const incoming = direction === 'incoming';
    push(atMs, incoming ? 'message.received' : 'message.delivered', {
      id: idOf('AC'),
      object: 'message',
      from: incoming ? other : line,
      to: incoming ? line : other,
      direction,
      body,
      media: [],
      status: incoming ? 'received' : 'delivered',
      createdAt: new Date(atMs).toISOString(),
      userId: incoming ? null : userIds[0],
      phoneNumberId,
      conversationId: conversationId(other),
    });
    counts.texts += 1;
  };

  for (let d = days; d >= 1; d -= 1) {
    const dayMs = today - d * DAY_MS;
    const weekday = new Date(dayMs).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    // Busier on Mondays, a slow summer-to-winter growth in volume.
    const growth = 1 + (days - d) / days / 2;
    const businessCalls = weekend ? 0 : Math.round((5 + random() * 5 + (weekday === 1 ? 3 : 0)) * growth);
    for (let i = 0; i < businessCalls; i += 1) {
      const hour = businessHour(random);
      call(dayMs + hour * 3_600_000 + Math.floor(random() * 3_600_000), pickCaller(), false);
    }
    const afterHoursCalls = weekend ? Math.floor(random() * 3) : random() < 0.5 ? 1 : 0;
    for (let i = 0; i < afterHoursCalls; i += 1) {
      const hour = [7, 18, 19, 20, 21][Math.floor(random() * 5)]!;
      call(dayMs + hour * 3_600_000 + Math.floor(random() * 3_600_000), pickCaller(), true);
    }
    if (!weekend && random() < 0.6) {
      const from = customerPhones[Math.floor(random() * customerPhones.length)]!;
      const at = dayMs + businessHour(random) * 3_600_000 + Math.floor(random() * 3_000_000);
      text(at, 'incoming', from, INBOUND_TEXTS[Math.floor(random() * INBOUND_TEXTS.length)]!);
      if (random() < 0.8) text(at + (2 + Math.floor(random() * 30)) * 60_000, 'outgoing', from, OUTBOUND_TEXTS[Math.floor(random() * OUTBOUND_TEXTS.length)]!);
    }
    if (d === 42) {
      // The campaign: one text to twenty customers within two minutes, three replies.
      const start = dayMs + 10 * 3_600_000;
      customerPhones.slice(0, 20).forEach((phone, i) => text(start + i * 6_000, 'outgoing', phone, CAMPAIGN_TEXT));
      customerPhones.slice(2, 5).forEach((phone, i) => text(start + (20 + i * 25) * 60_000, 'incoming', phone, i === 0 ? 'Yes please, Tuesday evening' : 'Thanks for letting us know'));
    }
  }
  timed.sort((a, b) => a.at - b.at);
  return { customersCsv, webhooks: timed.map((t) => t.body), consoleEvents: billingFacts(customersCsv, today, idOf, random), customerPhones, counts };
}

/** An hour of the working day, weighted towards 10–11 and 14–15. */
function businessHour(random: () => number): number {
  const hours = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17];
  const weights = [4, 8, 12, 10, 5, 6, 10, 9, 7, 4];
  let r = random() * 75;
  for (let i = 0; i < hours.length; i += 1) {
    r -= weights[i]!;
    if (r <= 0) return hours[i]!;
  }
  return 16;
}

/** Every subscription starts between `days` and a month ago, on a day ≤ 28 so its periods are calendar-plain. */
function backdatedSubscriptions(csv: string, today: number, days: number, random: () => number): string {
  return csv
    .split('\n')
    .map((row) =>
      row.replace(/,(\d{4}-\d{2}-\d{2})$/, () => {
        const start = new Date(today - (30 + Math.floor(random() * (days - 30))) * DAY_MS);
        const day = Math.min(start.getUTCDate(), 28);
        return `,${start.getUTCFullYear()}-${String(start.getUTCMonth() + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      }),
    )
    .join('\n');
}

/**
 * Past subscription invoices as the bookkeeper's QuickBooks sync would have left them
 * (synced with a DocNumber, a balance, most paid, one in six still open after its due
 * date), and wallet top-ups for customers without a plan.
 */
function billingFacts(csv: string, today: number, idOf: (prefix: string) => string, random: () => number): ConsoleEventInput[] {
  const rows = parseCustomerCsv(csv, { region: 'US' }).rows;
  const events = planCustomerImport(rows, { occurredAt: new Date(today).toISOString() });
  const plans = new Map(events.filter((e) => e.type === 'plan.defined').map((e) => [(e.data as { planId: string }).planId, e.data as { period: string; priceMinor: number; currency: string }]));
  const facts: { at: number; event: Omit<ConsoleEventInput, 'occurredAt'> }[] = [];
  let docNumber = 1001;
  for (const e of events) {
    if (e.type !== 'subscription.started') continue;
    const { subscriptionId, customerId, planId, startDate } = e.data as { subscriptionId: string; customerId: string; planId: string; startDate: string };
    const plan = plans.get(planId);
    if (!plan) continue;
    const step = plan.period === 'annual' ? 12 : plan.period === 'quarterly' ? 3 : 1;
    const [y, m, d] = startDate.split('-').map(Number) as [number, number, number];
    for (let k = 0; ; k += step) {
      const periodStart = Date.UTC(y, m - 1 + k, d);
      const nextStart = Date.UTC(y, m - 1 + k + step, d);
      if (periodStart > today) break;
      // The current month's invoice stays a draft: it has not gone to QuickBooks yet. An annual plan is invoiced when its year starts.
      if (nextStart > today && step === 1) break;
      const invoiceKey = `sub:${subscriptionId}:${isoDate(periodStart)}`;
      const quickbooksId = String(docNumber + 5000);
      const syncedAt = periodStart + DAY_MS;
      const due = periodStart + 30 * DAY_MS;
      facts.push({ at: syncedAt, event: { id: idOf('qb'), type: 'invoice.synced', data: { invoiceKey, quickbooksId, docNumber: `RS-${docNumber}`, link: null, syncedAt: new Date(syncedAt).toISOString() } } });
      facts.push({ at: syncedAt + 1000, event: { id: idOf('qb'), type: 'invoice.balance_changed', data: { invoiceKey, quickbooksId, totalMinor: plan.priceMinor, balanceMinor: plan.priceMinor, currency: plan.currency, dueDate: isoDate(due) } } });
      docNumber += 1;
      const paidAt = periodStart + (5 + Math.floor(random() * 30)) * DAY_MS;
      if (paidAt < today && random() > 1 / 6) {
        facts.push({
          at: paidAt,
          event: {
            id: idOf('pay'),
            type: 'payment.recorded',
            data: { paymentId: idOf('pmt'), quickbooksId: String(docNumber + 9000), customerId, amountMinor: plan.priceMinor, currency: plan.currency, receivedOn: isoDate(paidAt), appliedTo: [{ invoiceKey, quickbooksInvoiceId: quickbooksId, amountMinor: plan.priceMinor }] },
          },
        });
        facts.push({ at: paidAt + 1000, event: { id: idOf('qb'), type: 'invoice.balance_changed', data: { invoiceKey, quickbooksId, totalMinor: plan.priceMinor, balanceMinor: 0, currency: plan.currency, dueDate: isoDate(due) } } });
      }
    }
  }
  // Pay-per-call customers keep a prepaid wallet topped up every few weeks.
  rows
    .filter((row) => !row.plan)
    .slice(0, 6)
    .forEach((row, i) => {
      for (let at = today - (100 - i * 7) * DAY_MS; at < today; at += (21 + Math.floor(random() * 21)) * DAY_MS) {
        facts.push({ at, event: { id: idOf('wallet'), type: 'wallet.credited', data: { entryId: idOf('top'), customerId: row.customerId, kind: 'top_up', amountMinor: [5000, 10000, 20000][Math.floor(random() * 3)]!, currency: 'USD', expiresOn: null, note: 'Card top-up' } } });
      }
    });
  // Two plans the import file cannot describe: Growth with $50 of call credit each month (posted to
  // the wallet when each period starts), and Enterprise, served by the AI agent whatever the balance
  // and billed afterwards. A pay-per-call customer on each since the 1st, so both show on a customer.
  const now = new Date(today);
  const firstOfMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  facts.push({ at: firstOfMonth - DAY_MS, event: { id: idOf('plan'), type: 'plan.defined', data: DEMO_GROWTH_PLAN } });
  facts.push({ at: firstOfMonth - DAY_MS, event: { id: idOf('plan'), type: 'plan.defined', data: DEMO_ENTERPRISE_PLAN } });
  const payPerCall = rows.filter((row) => !row.plan);
  [DEMO_GROWTH_PLAN, DEMO_ENTERPRISE_PLAN].forEach((plan, i) => {
    const row = payPerCall[6 + i];
    if (!row) return;
    facts.push({ at: firstOfMonth, event: { id: idOf('sub'), type: 'subscription.started', data: { subscriptionId: idOf('s'), customerId: row.customerId, planId: plan.planId, startDate: isoDate(firstOfMonth), renewal: 'auto' } } });
  });
  return facts.sort((a, b) => a.at - b.at).map(({ at, event }) => ({ ...event, occurredAt: new Date(at).toISOString() }) as ConsoleEventInput);
}

/** The demo's plan with call credit ("Growth, $199/month, includes $50 of call credit"). */
export const DEMO_GROWTH_PLAN = { planId: 'growth', name: 'Growth', period: 'monthly', priceMinor: 19_900, currency: 'USD', includedSeconds: 2 * 3600, periodGrant: { amountMinor: 5_000, expiresAfterDays: null } } as const;
/** The demo's plan whose callers the AI agent never refuses for want of balance. */
export const DEMO_ENTERPRISE_PLAN = { planId: 'enterprise', name: 'Enterprise', period: 'monthly', priceMinor: 99_900, currency: 'USD', includedSeconds: 20 * 3600, balanceExempt: true } as const;

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function wholeSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function idMaker(seed: string): (prefix: string) => string {
  let n = 0;
  return (prefix) => `${prefix}${digest(`${seed}:${(n += 1)}`).slice(0, 32)}`;
}
