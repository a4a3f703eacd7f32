import { z } from 'zod';

/** Every relay refusal (4xx, 5xx) carries the relay's own words in `error`. */
export const relayRefusalSchema = z.object({ error: z.string() });
export type RelayRefusal = z.infer<typeof relayRefusalSchema>;
