import { z } from 'zod';

/**
 * The relay's reconciliation of its log with OpenPhone's API and its health check (issue
 * 12), for the admin console's Operations page. One schema per request and answer: the
 * relay validates with them and types its answers, the console parses them.
 *   GET  /v1/reconciliation        admin → reconciliationOverviewSchema
 *   POST /v1/reconciliation/runs   admin, body reconcileRangeRequestSchema
 *     → 202 {runId}; the run then shows in the overview. 400 a bad range, 503 without OPENPHONE_API_KEY.
 */

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-01-31');

/** The longest range one request may check: each day costs a few requests per conversation. */
export const MAX_RECONCILE_DAYS = 31;

export const reconcileRangeRequestSchema = z
  .object({ from: localDate, to: localDate })
  .strict()
  .refine((range) => range.from <= range.to, { message: 'the first day must not be after the last', path: ['to'] });
export type ReconcileRangeRequest = z.infer<typeof reconcileRangeRequestSchema>;

export const reconcileRangeAnswerSchema = z.object({ runId: z.number().int().min(1) });
export type ReconcileRangeAnswer = z.infer<typeof reconcileRangeAnswerSchema>;

export const recoveredFactSchema = z.object({
  kind: z.enum(['call', 'message']),
  key: z.string(),
  businessNumber: z.string(),
  externalNumber: z.string(),
  at: z.string(),
});

/** A call or text the relay's log describes differently from OpenPhone's API. */
export const differingFactSchema = z.object({
  kind: z.enum(['call', 'message']),
  key: z.string(),
  businessNumber: z.string(),
  externalNumber: z.string(),
  at: z.string(),
  /** duration: talk time (seconds); answered: 'answered' | 'not answered'; status: a text's status. */
  difference: z.enum(['duration', 'answered', 'status']),
  inRingside: z.union([z.string(), z.number()]),
  inOpenPhone: z.union([z.string(), z.number()]),
  /** The talk time was corrected to OpenPhone's (billing re-rates the call); false: reported only. */
  corrected: z.boolean(),
});
export type DifferingFact = z.infer<typeof differingFactSchema>;

export const reconciliationRunSchema = z.object({
  id: z.number().int(),
  /** daily: the previous day, at OPENPHONE_RECONCILE_AT; on_demand: an admin's range; after_outage: from the last event before the relay was down. */
  trigger: z.enum(['daily', 'on_demand', 'after_outage']),
  /** The business's local days covered, in RELAY_BUSINESS_TIME_ZONE. */
  fromDate: localDate,
  toDate: localDate,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  state: z.enum(['running', 'done', 'failed']),
  listedCalls: z.number().int().min(0),
  listedMessages: z.number().int().min(0),
  recoveredCalls: z.number().int().min(0),
  recoveredMessages: z.number().int().min(0),
  /** Listed calls and texts the relay could not read. */
  unreadable: z.number().int().min(0),
  recovered: z.array(recoveredFactSchema),
  /** Calls and texts in the log that OpenPhone describes differently (the whole count; `differing` lists the first 200). Absent from older relays. */
  differences: z.number().int().min(0).default(0),
  /** Of those, calls whose talk time the relay corrected to OpenPhone's. */
  correctedCalls: z.number().int().min(0).default(0),
  differing: z.array(differingFactSchema).default([]),
  /** Plain words: why the run failed. */
  error: z.string().nullable(),
});
export type ReconciliationRun = z.infer<typeof reconciliationRunSchema>;

export const healthCheckStatusSchema = z.object({
  /** false while OPENPHONE_HEALTH_CHECK_FROM / _TO are unset. */
  configured: z.boolean(),
  last: z
    .object({
      sentAt: z.string(),
      state: z.enum(['waiting', 'passed', 'failed']),
      finishedAt: z.string().nullable(),
      /** Plain words: what went wrong. */
      error: z.string().nullable(),
    })
    .nullable(),
  lastSuccessAt: z.string().nullable(),
});
export type HealthCheckStatus = z.infer<typeof healthCheckStatusSchema>;

export const reconciliationOverviewSchema = z.object({
  /** Newest first. */
  runs: z.array(reconciliationRunSchema),
  timeZone: z.string(),
  /** HH:MM, or null when the daily run is off. */
  dailyAt: z.string().nullable(),
  healthCheck: healthCheckStatusSchema,
});
export type ReconciliationOverview = z.infer<typeof reconciliationOverviewSchema>;
