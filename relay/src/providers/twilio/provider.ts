import type { PlannedProviderDefinition } from '../webhook-provider';

/** Twilio's webhooks land with their own issue; until then /webhooks/twilio answers 501. */
export const twilioProvider: PlannedProviderDefinition = { name: 'twilio', title: 'Twilio', planned: true };
