import type { PlannedProviderDefinition } from '../webhook-provider';

/** MightyCall's webhooks land with their own issue; until then /webhooks/mightycall answers 501. */
export const mightyCallProvider: PlannedProviderDefinition = { name: 'mightycall', title: 'MightyCall', planned: true };
