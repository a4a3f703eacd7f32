import { z } from 'zod';
import { quickbooksConnectionChangedData } from '../events/model';

/**
 * The relay's QuickBooks endpoints (relay/README.md "QuickBooks"), one schema per request
 * and answer: the relay types its answers with them and the console parses them.
 *   POST /v1/quickbooks/connect     admin             → connect answer
 *   POST /v1/quickbooks/token       bookkeeper, admin → token handout, or 409 token refusal
 *   POST /v1/quickbooks/disconnect  admin             → disconnect answer
 *   GET  /v1/quickbooks/status      any device        → connection status
 */

/** The company link as every console sees it: the status answer, and quickbooks.connection_changed's data. */
export const quickBooksConnectionSchema = quickbooksConnectionChangedData;
export type QuickBooksConnection = z.infer<typeof quickBooksConnectionSchema>;
export type QuickBooksConnectionState = QuickBooksConnection['state'];

export const quickBooksStatusAnswerSchema = quickBooksConnectionSchema.extend({ connectedAt: z.string().nullable() });
export type QuickBooksStatusAnswer = z.infer<typeof quickBooksStatusAnswerSchema>;

/** Step 1 of "Connect QuickBooks": the consent URL with a single-use state. */
export const quickBooksConnectAnswerSchema = z.object({ authorizeUrl: z.string().min(1), expiresAt: z.string() });
export type QuickBooksConnectAnswer = z.infer<typeof quickBooksConnectAnswerSchema>;

/** `rejectedAccessToken`: one QuickBooks just answered 401 to, so the relay refreshes once for every console. */
export const quickBooksTokenRequestSchema = z.object({ rejectedAccessToken: z.string().min(1).max(10_000).optional() });
export type QuickBooksTokenRequest = z.infer<typeof quickBooksTokenRequestSchema>;

/** A short-lived access token; the relay keeps the client secret and the refresh token. */
export const quickBooksTokenHandoutSchema = z.object({ accessToken: z.string().min(1), expiresAt: z.string(), realmId: z.string().min(1), apiBaseUrl: z.string().min(1) });
export type QuickBooksTokenHandout = z.infer<typeof quickBooksTokenHandoutSchema>;

/** 409 to a token request: nobody connected QuickBooks yet, or an admin must reconnect it. */
export const quickBooksTokenRefusalSchema = z.object({ error: z.string(), state: z.enum(['disconnected', 'needs_reconnect']), reason: z.string().nullable() });
export type QuickBooksTokenRefusal = z.infer<typeof quickBooksTokenRefusalSchema>;

export const quickBooksDisconnectAnswerSchema = z.object({ state: z.literal('disconnected'), revoked: z.boolean() });
export type QuickBooksDisconnectAnswer = z.infer<typeof quickBooksDisconnectAnswerSchema>;

/**
 * One QuickBooks request budget per company (issue 11 §2): Intuit counts 500 requests a
 * minute per company and 10 a second per company and app, so two bookkeeper consoles
 * pushing at once would overshoot. The relay lets one console at a time sync (a lease,
 * renewed while it syncs); the others wait and take over when it stops or goes away.
 *   POST /v1/quickbooks/sync-lease          bookkeeper, admin → grant, or 409 busy
 *   POST /v1/quickbooks/sync-lease/release  bookkeeper, admin → released
 * Times are relative (milliseconds ago, milliseconds from now), so the consoles' and the
 * relay's clocks need not agree.
 */
export const QUICKBOOKS_REALM_LIMITS = { requestsPerSecond: 10, requestsPerMinute: 500, batchRequestsPerMinute: 40 } as const;

/** A request the holder sent in the last minute: how long ago, and whether it was a batch. */
export const quickBooksSentRequestSchema = z.object({ ageMs: z.number().int().min(0).max(60_000), batch: z.boolean() });
export type QuickBooksSentRequest = z.infer<typeof quickBooksSentRequestSchema>;

/** Take or renew (the holder's own requests of the last minute come along, for whoever holds it next). */
export const quickBooksSyncLeaseRequestSchema = z.object({
  sent: z.array(quickBooksSentRequestSchema).max(1_000).default([]),
  /** True when this console believes it holds the lease and keeps it; false when it takes it (a restarted console inherits its own earlier requests). */
  renewal: z.boolean().default(false),
  /** This process's own id (new each start): two processes of one device (the app and the command line, or a restart while the old worker lives) never both hold the lease. */
  holderId: z.string().min(1).max(100).optional(),
});
export type QuickBooksSyncLeaseRequest = z.input<typeof quickBooksSyncLeaseRequestSchema>;

/**
 * 200: this console syncs. `inherited` are the previous holder's requests still inside
 * Intuit's windows (reported, or assumed at the full rate for the time it did not report):
 * the new holder counts them before sending its own.
 */
export const quickBooksSyncLeaseGrantSchema = z.object({
  state: z.literal('held'),
  expiresInMs: z.number().int().positive(),
  renewEveryMs: z.number().int().positive(),
  inherited: z.array(quickBooksSentRequestSchema).max(2_000),
  /** The previous holder may have left creates only it knew the outcome of (it did not release, or it was another console syncing within the minute): look every queued create up before creating anything. */
  settleFirst: z.boolean().default(false),
});
export type QuickBooksSyncLeaseGrant = z.infer<typeof quickBooksSyncLeaseGrantSchema>;

/** 409: another console syncs; ask again in `retryInMs` (its lease lapses then unless renewed). */
export const quickBooksSyncLeaseBusySchema = z.object({
  state: z.literal('held_elsewhere'),
  holder: z.object({ deviceId: z.string(), name: z.string() }),
  retryInMs: z.number().int().min(0),
});
export type QuickBooksSyncLeaseBusy = z.infer<typeof quickBooksSyncLeaseBusySchema>;

export const quickBooksSyncLeaseReleasedSchema = z.object({ state: z.literal('released') });
export type QuickBooksSyncLeaseReleased = z.infer<typeof quickBooksSyncLeaseReleasedSchema>;
