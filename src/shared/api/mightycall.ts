import { z } from 'zod';
import type { MightyCallStatus } from '../relay-rest/mightycall';

export type { MightyCallStatus } from '../relay-rest/mightycall';

/**
 * The Operations page's MightyCall card (merged into apiInputSchemas in contract.ts): how
 * the relay reads MightyCall (the interval, the day's requests of the budget, the last
 * round and the last error), read from the relay each time by an admin console.
 */
export const mightyCallApiInputSchemas = {
  'operations.mightyCallStatus': z.object({}).strict(),
} as const;

export interface MightyCallApiOutputs {
  'operations.mightyCallStatus': MightyCallStatus;
}
