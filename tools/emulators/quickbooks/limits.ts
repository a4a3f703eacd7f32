/**
 * QuickBooks Online emulator: every number the emulator enforces, in one place (spec §2.3, §5, §6, §8, §9).
 * Values marked UNCONFIRMED in the spec are the emulator's choice; tests may override any of them.
 */
export interface QuickBooksLimits {
  /** §2.3: access tokens live 1 h. */
  accessTokenTtlSec: number;
  /** §2.3/§13: refresh tokens roll for 100 days from their last use. */
  refreshTokenTtlSec: number;
  /** §2.3: absolute cap from the first consent (5 years). */
  refreshTokenHardCapSec: number;
  /** §2.3: a refresh within this age of the refresh token returns the same token; after it, a new one. */
  refreshTokenRotationAfterSec: number;
  /** §13: how long the previous refresh token still works after rotation (UNCONFIRMED; default 0). */
  rotatedRefreshTokenGraceSec: number;
  /** §2.1: authorization code lifetime (UNCONFIRMED). */
  authorizationCodeTtlSec: number;
  /** §2.1: whether redeeming a code twice also revokes the tokens issued for it (UNCONFIRMED; default off). */
  codeReuseRevokesTokens: boolean;
  /** §8: per realm. */
  requestsPerMinute: number;
  requestsPerSecond: number;
  batchRequestsPerMinute: number;
  batchMaxItems: number;
  /** §5.2 */
  queryDefaultMaxResults: number;
  queryMaxResults: number;
  /** §9 */
  cdcMaxObjects: number;
  cdcLookbackDays: number;
  /** §6: how long a requestid is remembered (UNCONFIRMED). */
  requestIdRetentionSec: number;
  requestIdMaxLength: number;
  batchRequestIdMaxLength: number;
  batchItemIdMaxLength: number;
  /** §8: sandbox companies only. */
  sandboxEmailsPerDay: number;
}

export const defaultLimits: QuickBooksLimits = {
  accessTokenTtlSec: 3600,
  refreshTokenTtlSec: 100 * 86_400,
  refreshTokenHardCapSec: 5 * 365 * 86_400,
  refreshTokenRotationAfterSec: 86_400,
  rotatedRefreshTokenGraceSec: 0,
  authorizationCodeTtlSec: 600,
  codeReuseRevokesTokens: false,
  requestsPerMinute: 500,
  requestsPerSecond: 10,
  batchRequestsPerMinute: 40,
  batchMaxItems: 30,
  queryDefaultMaxResults: 100,
  queryMaxResults: 1000,
  cdcMaxObjects: 1000,
  cdcLookbackDays: 30,
  requestIdRetentionSec: 86_400,
  requestIdMaxLength: 50,
  batchRequestIdMaxLength: 36,
  batchItemIdMaxLength: 10,
  sandboxEmailsPerDay: 40,
};

/** Field length caps QBO validates with 2050 (spec §5). */
export const fieldLengths = {
  DocNumber: 21,
  DisplayName: 500,
  phone: 30,
  Notes: 2000,
  PrivateNote: 4000,
  ItemName: 100,
} as const;
