import type { PlannedProviderDefinition } from '../webhook-provider';

/** Vapi's webhooks land with their own issue; until then /webhooks/vapi answers 501. */
export const vapiProvider: PlannedProviderDefinition = { name: 'vapi', title: 'Vapi', planned: true };
