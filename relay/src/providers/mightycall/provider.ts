import type { PlannedProviderDefinition } from '../webhook-provider';

/**
 * MightyCall's webhooks are unconfirmed (spec telephony-providers §4.3), so the relay polls
 * its API instead (mightycall-poller.ts) and /webhooks/mightycall stays off, answering 501,
 * until a real capture of MightyCall's webhooks exists (docs/providers/mightycall.md).
 */
export const mightyCallProvider: PlannedProviderDefinition = { name: 'mightycall', title: 'MightyCall', planned: true };
