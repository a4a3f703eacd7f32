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
