import { z } from 'zod';
import { calendarDay } from './calendar-day';

/**
 * The OpenPhone history import on the relay (issue 12 §1), started and watched from an
 * admin console. The relay validates with these schemas and types its answers; the
 * console parses them.
 *   GET  /v1/openphone/import   admin → the latest import's progress, or null
 *   POST /v1/openphone/import   admin → start / pause / resume; the progress after it
 * Only one import runs at a time; a relay restart continues a running one.
 */

const isoDate = calendarDay;

export const importBillingChoices = ['record_only', 'bill'] as const;

export const openPhoneImportRequestSchema = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('start'),
      /** First day of history to import, in the relay's RELAY_BUSINESS_TIME_ZONE; null: everything the API has. */
      fromDate: isoDate.nullable().default(null),
      /** Last day included, in RELAY_BUSINESS_TIME_ZONE; null: up to now. */
      toDate: isoDate.nullable().default(null),
      /** record_only (default): history shown, never billed; bill: billed like webhooks. */
      billing: z.enum(importBillingChoices).default('record_only'),
    })
    .strict()
    .refine((start) => start.fromDate === null || start.toDate === null || start.fromDate <= start.toDate, { message: 'the first day must not be after the last day', path: ['toDate'] }),
  z.object({ action: z.literal('pause') }).strict(),
  z.object({ action: z.literal('resume') }).strict(),
]);
export type OpenPhoneImportRequest = z.input<typeof openPhoneImportRequestSchema>;

export const importedKinds = ['conversations', 'calls', 'messages', 'photos', 'recordings', 'voicemails', 'transcripts', 'summaries', 'contacts'] as const;
export type ImportedKind = (typeof importedKinds)[number];

export const openPhoneImportProgressSchema = z.object({
  importId: z.number().int(),
  state: z.enum(['running', 'paused', 'finished', 'failed']),
  fromDate: isoDate.nullable(),
  toDate: isoDate.nullable(),
  billing: z.enum(importBillingChoices),
  startedBy: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Facts stored by this import, per kind. */
  imported: z.record(z.enum(importedKinds), z.number().int().nonnegative()),
  /** Facts the log already held (by webhook, or an earlier import): skipped. */
  alreadyInLog: z.number().int().nonnegative(),
  /** Requests this import made to OpenPhone. */
  requests: z.number().int().nonnegative(),
  /** Every OpenPhone request the relay made over the last 10 s, per second, and that ÷ the key's limit. */
  requestsPerSecond: z.number().nonnegative(),
  budgetUsed: z.number().nonnegative(),
  /** The most 429 answers in a row since the relay started. */
  longest429Streak: z.number().int().nonnegative(),
  /** 0-1, estimated from the work known so far (OpenPhone's totals are not accurate). */
  fraction: z.number().min(0).max(1),
  /** Seconds left at the current pace; null when not running or not known yet. */
  etaSeconds: z.number().nonnegative().nullable(),
  /** What could not be imported and why, in plain words. */
  report: z.array(z.string()),
  /** Why it stopped, when it failed. */
  failure: z.string().nullable(),
});
export type OpenPhoneImportProgress = z.infer<typeof openPhoneImportProgressSchema>;

export const openPhoneImportAnswerSchema = z.object({ import: openPhoneImportProgressSchema.nullable() });
export type OpenPhoneImportAnswer = z.infer<typeof openPhoneImportAnswerSchema>;
