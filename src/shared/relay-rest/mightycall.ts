import { z } from 'zod';

/**
 * The relay's MightyCall poller (issue 13 §4), for the admin console's Operations page:
 *   GET /v1/mightycall/status   admin → mightyCallStatusSchema
 * MightyCall's webhooks are unconfirmed, so the relay reads its API v4 on a timer within
 * the account's daily request budget; this says how often, how much of the budget the
 * last 24 hours used, and what went wrong last, in plain words.
 */

export const mightyCallEditions = ['classic', 'callcenter'] as const;
export type MightyCallEdition = (typeof mightyCallEditions)[number];

export const mightyCallResources = ['phonenumbers', 'calls', 'voicemails', 'messages', 'contacts'] as const;
export type MightyCallResource = (typeof mightyCallResources)[number];

export const mightyCallStatusSchema = z.object({
  /** False while MIGHTYCALL_API_KEY is unset: nothing else is meaningful then. */
  configured: z.boolean(),
  edition: z.enum(mightyCallEditions),
  /** The API host the relay reads (no secret in it). */
  apiHost: z.string(),
  /** The resources polled (MIGHTYCALL_POLL). */
  resources: z.array(z.enum(mightyCallResources)),
  /** ISO instants; null before the first round / while stopped. */
  lastPollAt: z.string().nullable(),
  nextPollAt: z.string().nullable(),
  /** Seconds between rounds, derived from the budget. */
  intervalSeconds: z.number().int().nonnegative(),
  /** MIGHTYCALL_DAILY_REQUEST_BUDGET, and the requests the relay sent in the last 24 hours (token requests included). */
  budget: z.number().int().positive(),
  usedLast24h: z.number().int().nonnegative(),
  /** Facts stored by polling since the relay's database was made, per kind. */
  imported: z.object({ calls: z.number().int(), recordings: z.number().int(), voicemails: z.number().int(), messages: z.number().int(), contacts: z.number().int(), lines: z.number().int() }),
  /** Plain words; null when the last round went well. */
  lastError: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
  /** While MightyCall said the account is over its limit (or the relay's own budget is spent): no request before this. */
  heldUntil: z.string().nullable(),
});
export type MightyCallStatus = z.infer<typeof mightyCallStatusSchema>;
