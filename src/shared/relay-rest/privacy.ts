import { z } from 'zod';

/**
 * Issue 15 §4, the relay's side of privacy (admin devices only):
 *   POST /v1/privacy/erasures {requestId, customerId}  → 202 {erasure}: the relay rewrites every stored
 *        event about the customer (their name, numbers, emails, addresses and words replaced; seq, types
 *        and billing figures kept), deletes their media, scrubs the freed pages, and appends log.redacted.
 *        A retry with the same requestId answers the same erasure.
 *   GET  /v1/privacy/erasures                        → 200 {erasures}
 *   POST /v1/events/read {seqs}                      any device → 200 {events}: the stored events at these
 *        seqs as the log holds them now (what the device may see), so a console replaces its local
 *        copies after a log.redacted. At most 1,000 seqs a request.
 * The retention policy is a console event (retention_policy.defined); the relay applies it every
 * RELAY_RETENTION_RUN_HOURS and appends log.redacted for what it removed.
 */

export const ERASURES_PATH = '/v1/privacy/erasures';
export const EVENTS_READ_PATH = '/v1/events/read';
export const MAX_SEQS_PER_READ = 1000;

export const erasureRequestSchema = z.object({ requestId: z.string().min(8).max(200), customerId: z.string().min(1).max(200) }).strict();
export const erasureStates = ['running', 'done', 'failed'] as const;
export const erasureSchema = z.object({
  erasureId: z.string().min(1),
  customerId: z.string().min(1),
  state: z.enum(erasureStates),
  requestedAt: z.string(),
  requestedBy: z.string(),
  finishedAt: z.string().nullable(),
  eventsRewritten: z.number().int().min(0),
  mediaDeleted: z.number().int().min(0),
  /** Plain words when it failed. */
  error: z.string().nullable(),
});
export type Erasure = z.infer<typeof erasureSchema>;
export const erasureAnswerSchema = z.object({ erasure: erasureSchema });
export const erasureListSchema = z.object({ erasures: z.array(erasureSchema) });

export const eventsReadRequestSchema = z.object({ seqs: z.array(z.number().int().min(1)).min(1).max(MAX_SEQS_PER_READ) }).strict();
/** `event` is the stored JSON as the log holds it now (decoded by the console like any stream entry); null when the device may not see it. */
export const eventsReadAnswerSchema = z.object({ events: z.array(z.object({ seq: z.number().int().min(1), event: z.unknown().nullable() })) });
