import type { Clock } from '../../../../../src/shared/clock';
import { createOpenPhoneRestClient, type OpenPhoneRestClient } from './openphone-rest-client';
import { openPhonePace, RequestPacer } from './request-pacer';
import type { OpenPhoneRestSettings } from './rest-settings';

/** Per attempt: well inside the 15 s a console waits for the relay. */
const OPENPHONE_TIMEOUT_MS = 8_000;
/** 1 + 3 retries of a 429 or 5xx; the waits add up to under 2 s, plus the pacer's. */
const OPENPHONE_ATTEMPTS = 4;
const OPENPHONE_BACKOFF = { baseMs: 250, capMs: 1_000 };

/**
 * The relay's one OpenPhone REST client, null while OPENPHONE_API_KEY is unset. One per
 * relay: the 10 req/s limit is per key, so sending texts, the directory sync, the history
 * import, reconciliation and contact pushes all share its pacer.
 */
export function relayOpenPhoneClient(settings: OpenPhoneRestSettings, clock: Clock): OpenPhoneRestClient | null {
  if (settings.apiKey === null) return null;
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  const pacer = new RequestPacer(openPhonePace(settings.rateLimitPerSecond), clock, sleep);
  return createOpenPhoneRestClient({ apiKey: settings.apiKey, baseUrl: settings.apiBaseUrl, pacer, timeoutMs: OPENPHONE_TIMEOUT_MS, attempts: OPENPHONE_ATTEMPTS, backoff: OPENPHONE_BACKOFF, sleep, random: Math.random });
}
