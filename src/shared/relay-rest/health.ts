import { z } from 'zod';
import type { HealthResponse } from '../relay-protocol';

/**
 * GET /healthz: liveness; to a device or the operator also the log's head (a new stream
 * starts from there) and how many consoles are connected.
 */
export const relayHealthSchema = z.object({ ok: z.literal(true), headSeq: z.number().int().min(0).optional(), connectedDevices: z.number().int().min(0).optional() });
export type RelayHealth = z.infer<typeof relayHealthSchema>;

// What the relay sends (HealthResponse) must read as a RelayHealth.
const _relayAnswersRead: HealthResponse extends RelayHealth ? true : never = true;
