import { z } from 'zod';
import { deviceRoles, type RingsideEvent } from './events/model';

/**
 * Relay stream protocol v1 (GET /v1/stream?after=SEQ, WebSocket, bearer device token).
 * The relay replays every visible event after SEQ, says `caught_up`, then streams live
 * events, always in seq order. The console acks cumulatively.
 */
export type ServerFrame =
  | { type: 'event'; seq: number; event: RingsideEvent }
  | { type: 'caught_up'; seq: number }
  | PresenceFrame;

/**
 * Who is on the team right now (GET /v1/stream?presence=1 only, so a console that does
 * not read it is never sent it): sent once the stream is caught up, then whenever a
 * console connects, disconnects or says which call it is on. Of the moment, never in
 * the log: a console that reconnects is sent the current one.
 */
export const presenceDeviceSchema = z.object({
  name: z.string(),
  role: z.enum(deviceRoles),
  online: z.boolean(),
  lastSeenAt: z.string().nullable(),
  /** The callId this console said it is on, cleared when the call ends or the console goes. */
  onCall: z.string().nullable(),
});
export type PresenceDevice = z.infer<typeof presenceDeviceSchema>;
export const presenceFrameSchema = z.object({ type: z.literal('presence'), devices: z.array(presenceDeviceSchema) });
export type PresenceFrame = z.infer<typeof presenceFrameSchema>;

export const clientFrameSchema = z.object({ type: z.literal('ack'), seq: z.number().int().min(0) });
export type ClientFrame = z.infer<typeof clientFrameSchema>;

export const serverFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('event'), seq: z.number().int().min(1), event: z.unknown() }),
  z.object({ type: z.literal('caught_up'), seq: z.number().int().min(0) }),
  presenceFrameSchema,
]);

/**
 * The log's epoch (issue 16 §4): an accepted stream's upgrade answer names the relay log's
 * current epoch in this header; the console keeps it with its copy of the log and sends it
 * back as `epoch=` when it resumes. A relay restored from a backup begins a new epoch, and
 * refuses (409) a console whose copy goes past where that backup ended.
 */
export const LOG_EPOCH_HEADER = 'x-ringside-log-epoch';
export const logEpochSchema = z.string().regex(/^[0-9a-f]{32}$/);

/** The body of a refused stream upgrade; on 409, `validThrough` is the last seq of the console's copy that this log still agrees with. */
export const streamRefusalSchema = z.object({ error: z.string(), validThrough: z.number().int().min(0).optional() });

/** WebSocket close codes the relay uses; the console shows the reason. */
export const STREAM_CLOSE = {
  revoked: 4401,
  shuttingDown: 4503,
} as const;

/** POST /v1/events answer. */
export interface AppendResponse {
  seq: number;
  duplicate: boolean;
}

/** GET /healthz answer. */
export interface HealthResponse {
  ok: true;
  headSeq: number;
  connectedDevices: number;
  /** Issue 12: alerts raised and not cleared. */
  openAlerts?: number;
  /** Issue 12: each recurring check's last success and failure (ISO instants, null when never), by check name (relay/src/health/check-names.ts). */
  checks?: Record<string, { lastSuccessAt: string | null; lastFailureAt: string | null; lastFailure: string | null }>;
}
