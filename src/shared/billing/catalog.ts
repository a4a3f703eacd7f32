import { z } from 'zod';

/**
 * What an owner configures about billing: plans, the pay-as-you-go rate card and
 * the billing policy. These travel as console events (plan.defined,
 * rate_card.defined, billing_policy.defined) so every console rates alike.
 * Money is integer minor units; rates are exact integers; multipliers are permille.
 */

const id = z.string().min(1).max(200);
const currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO currency code like USD');
const minor = z.number().int().min(0);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time like 09:00');

export const billingIncrements = [1, 6, 30, 60, 360, 900] as const;
export const billingIncrementSeconds = z.union(billingIncrements.map((s) => z.literal(s)) as [z.ZodLiteral<1>, ...z.ZodLiteral<number>[]]);

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

/** Opening hours per weekday in a time zone; a day without hours is after hours all day. */
export const businessHoursSchema = z.object({
  timeZone: z.string().min(1).max(64).refine(isTimeZone, 'must be an IANA time zone like America/New_York'),
  days: z.object(Object.fromEntries(weekdays.map((d) => [d, z.object({ open: hhmm, close: hhmm }).nullable()])) as Record<Weekday, z.ZodNullable<z.ZodObject<{ open: typeof hhmm; close: typeof hhmm }>>>),
});
export type BusinessHours = z.infer<typeof businessHoursSchema>;

/** Whether `zone` is an IANA time zone this runtime knows (the console's forms and the schemas share it). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Rules that turn a call's raw seconds into billable seconds; shared by plans and the rate card. */
export const callRoundingSchema = z.object({
  incrementSeconds: billingIncrementSeconds.default(60),
  minimumBillableSeconds: z.number().int().min(0).max(86_400).default(0),
  /** Calls shorter than this are free... */
  graceSeconds: z.number().int().min(0).max(3_600).default(0),
  /** ...but only the first N such calls per period (null: every one). */
  graceCallsPerPeriod: z.number().int().min(0).nullable().default(null),
  billMissedCalls: z.boolean().default(false),
  billVoicemails: z.boolean().default(false),
  /** null: every hour counts as business hours. */
  businessHours: businessHoursSchema.nullable().default(null),
  /** After-hours time counts this many thousandths (1500 = 1.5×). */
  afterHoursMultiplierPermille: z.number().int().min(0).max(10_000).default(1000),
  perCallFeeMinor: minor.default(0),
});
export type CallRounding = z.infer<typeof callRoundingSchema>;

export const rolloverSchema = z.discriminatedUnion('policy', [
  z.object({ policy: z.literal('none') }),
  z.object({ policy: z.literal('capped'), capSeconds: z.number().int().min(0) }),
  z.object({ policy: z.literal('full') }),
]);

/**
 * What one text message costs, per direction (docs/billing.md "Messages"): incoming
 * and outgoing are priced and counted separately; an outgoing group text counts once
 * per recipient.
 */
export const messageRatesSchema = z.object({
  incomingRateMinor: minor.default(0),
  outgoingRateMinor: minor.default(0),
});
export type MessageRates = z.infer<typeof messageRatesSchema>;

/** A plan's texts: each direction has its own allowance per period, then its per-text rate. */
export const planMessagingSchema = messageRatesSchema.extend({
  includedIncoming: z.number().int().min(0).default(0),
  includedOutgoing: z.number().int().min(0).default(0),
});
export type PlanMessaging = z.infer<typeof planMessagingSchema>;

export const planSchema = callRoundingSchema.extend({
  planId: id,
  name: z.string().min(1).max(200),
  period: z.enum(['monthly', 'annual']),
  priceMinor: minor,
  currency,
  includedSeconds: z.number().int().min(0),
  /** Unused included time carried into the next period only (it expires at that period's end). */
  rollover: rolloverSchema.default({ policy: 'none' }),
  /** null: overage is billed at the pay-as-you-go rate card's per-minute rate. */
  overageRatePerHourMinor: minor.nullable().default(null),
  /** null (and every plan defined before messages were billed): texts are free and not metered. */
  messaging: planMessagingSchema.nullable().default(null),
  /**
   * Issue 13: prepaid call credit posted to the wallet at the start of every period (the plan's
   * currency), e.g. "Growth, $199/month, includes $50 of call credit": a `grant` lot keyed by
   * subscription and period (never twice for one period), expiring at the period's end unless
   * expiresAfterDays says otherwise. null: no credit with the plan.
   */
  periodGrant: z
    .object({ amountMinor: z.number().int().min(1), expiresAfterDays: z.number().int().min(1).max(3_660).nullable().default(null) })
    .nullable()
    .default(null),
  /** Issue 13: callers on this plan are never refused by the AI voice agent for want of balance (an enterprise plan billed afterwards). */
  balanceExempt: z.boolean().default(false),
});
export type Plan = z.infer<typeof planSchema>;

export const rateCardSchema = callRoundingSchema.extend({
  currency,
  ratePerMinuteMinor: minor,
  /** What a customer without a subscription pays per text; null: texts are free and not metered. */
  messaging: messageRatesSchema.nullable().default(null),
});
export type RateCard = z.infer<typeof rateCardSchema>;

export const DEFAULT_RATE_CARD: RateCard = rateCardSchema.parse({
  currency: 'USD',
  ratePerMinuteMinor: 300,
  perCallFeeMinor: 0,
  incrementSeconds: 60,
  minimumBillableSeconds: 60,
  graceSeconds: 30,
});

export const billingPolicySchema = z.object({
  /** Which prepaid bucket a subscriber's call uses first; overage / pay-per-call is always last. */
  consumptionOrder: z.enum(['included_then_wallet', 'wallet_then_included']).default('included_then_wallet'),
  /** What happens when a wallet runs dry mid-call. */
  walletDryPolicy: z.enum(['bill_overage', 'allow_negative']).default('bill_overage'),
  lowBalanceThresholdMinor: minor.default(2_000),
  invoicing: z
    .discriminatedUnion('mode', [
      z.object({ mode: z.literal('per_call') }),
      z.object({ mode: z.literal('period'), dayOfMonth: z.number().int().min(1).max(28) }),
    ])
    .default({ mode: 'period', dayOfMonth: 1 }),
  /** Tax per line kind, in basis points (825 = 8.25 %); 0 = no tax line. */
  taxBasisPoints: z
    .object({
      subscription: z.number().int().min(0).max(10_000).default(0),
      overage: z.number().int().min(0).max(10_000).default(0),
      payPerCall: z.number().int().min(0).max(10_000).default(0),
      fees: z.number().int().min(0).max(10_000).default(0),
    })
    .default({ subscription: 0, overage: 0, payPerCall: 0, fees: 0 }),
});
export type BillingPolicy = z.infer<typeof billingPolicySchema>;
export const DEFAULT_BILLING_POLICY: BillingPolicy = billingPolicySchema.parse({});
