import { z } from 'zod';
import { isApiPush, type ApiPush, type ApiResult } from '../../shared/api/contract';
import type { DeviceTokenStatus } from '../../shared/api/settings';
import type { ConsoleSettings } from '../settings';

/**
 * The one message protocol between the shell (Electron main process, the browser
 * harness, a test) and the console core running in its own worker or process.
 * Every message is checked against these schemas where it arrives; API inputs are
 * validated again by the contract in the core (dispatchApiCall), and outputs and
 * push payloads are trusted types, as on the renderer side of the contract.
 *
 * host → core: start (once), invoke (a renderer API call), answer (to an ask), stop.
 * core → host: started | failed, result (of an invoke), push, ask (the core needs
 * the host: store settings, open a URL in the browser), log, stopped.
 */

const id = z.number().int().nonnegative();

const apiResultSchema: z.ZodType<ApiResult<unknown>> = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.string() }),
]) as z.ZodType<ApiResult<unknown>>;

const settingsSchema: z.ZodType<ConsoleSettings> = z.object({ relayUrl: z.string(), deviceToken: z.string().nullable(), phoneRegion: z.string() });

const tokenStatusSchema: z.ZodType<DeviceTokenStatus> = z.object({
  tokenProtection: z.enum(['os_keychain', 'obfuscated', 'owner_only_file', 'memory_only']),
  tokenCleared: z.enum(['relay_changed', 'unreadable', 'insecure_relay']).nullable(),
});

/** The host's stored settings, as the core mirrors them. */
export const storedSettingsSchema = z.object({ settings: settingsSchema, tokenStatus: tokenStatusSchema });
export type StoredSettings = z.infer<typeof storedSettingsSchema>;

/** QuickBooks sync tuning that can cross (plain data; tests shorten waits). */
const quickBooksTuningSchema = z
  .object({
    retry: z.object({ maxAttempts: z.number(), baseMs: z.number(), capMs: z.number(), throttleWaitMs: z.number() }),
    rateLimits: z.object({ requestsPerMinute: z.number(), requestsPerSecond: z.number(), batchRequestsPerMinute: z.number() }),
    requestTimeoutMs: z.number(),
    pollMs: z.number(),
    errorRetryMs: z.number(),
  })
  .partial();
export type QuickBooksTuning = z.infer<typeof quickBooksTuningSchema>;

export const coreConfigSchema = z.object({
  dbPath: z.string().min(1),
  stored: storedSettingsSchema,
  /** The host can open URLs in the system browser (Electron); else the page opens the consent URL. */
  openExternal: z.boolean(),
  backoff: z.object({ baseMs: z.number().positive(), capMs: z.number().positive() }).optional(),
  quickBooksSync: z.union([z.literal(false), quickBooksTuningSchema]).optional(),
});
export type CoreConfig = z.infer<typeof coreConfigSchema>;

export const askSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('settings.write'), patch: z.object({ relayUrl: z.string(), deviceToken: z.string().nullable(), phoneRegion: z.string() }).partial() }),
  z.object({ kind: z.literal('openExternal'), url: z.string() }),
]);
export type Ask = z.infer<typeof askSchema>;

export const hostMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), config: coreConfigSchema }),
  z.object({ type: z.literal('invoke'), id, method: z.string(), input: z.unknown() }),
  z.object({ type: z.literal('answer'), id, result: apiResultSchema }),
  z.object({ type: z.literal('stop') }),
]);
export type HostMessage = z.infer<typeof hostMessageSchema>;

export const coreMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('started') }),
  z.object({ type: z.literal('failed'), error: z.string() }),
  z.object({ type: z.literal('result'), id, result: apiResultSchema }),
  z.object({ type: z.literal('push'), push: z.custom<ApiPush>(isApiPush, 'not a push of the renderer API'), payload: z.unknown() }),
  z.object({ type: z.literal('ask'), id, ask: askSchema }),
  z.object({ type: z.literal('log'), level: z.enum(['info', 'warn', 'error']), message: z.string() }),
  z.object({ type: z.literal('stopped') }),
]);
export type CoreMessage = z.infer<typeof coreMessageSchema>;

/** One side of the channel, whatever carries it (a worker thread's port, Electron's parentPort). */
export interface MessageEnd {
  post(message: unknown): void;
  listen(listener: (message: unknown) => void): void;
}

/** Reads a message against its schema; a message outside the protocol is named, not thrown. */
export function readMessage<T>(schema: z.ZodType<T>, message: unknown): { ok: true; message: T } | { ok: false; error: string } {
  const parsed = schema.safeParse(message);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: `${issue?.path.join('.') || 'message'}: ${issue?.message ?? 'rejected'}` };
}
