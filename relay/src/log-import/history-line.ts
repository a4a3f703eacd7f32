import { z } from 'zod';
import { consoleEventInputSchema, ringsideEventSchema, type ConsoleEventInput, type RingsideEvent } from '../../../src/shared/events/model';

/**
 * One line of a history file for `log import`: a provider's webhook body as the relay
 * would have received it, or a console's fact as POST /v1/events would have taken it,
 * each with the relay time it is to be stored at; or an event as a console kept it,
 * `{"seq", "event"}`, from the `diverged-log-….jsonl` a console writes when a relay restored
 * from a backup no longer has it (stored again as it was, received at the import's time).
 */
const isoTime = z.iso.datetime({ offset: true });

const webhookLineSchema = z.strictObject({
  receivedAt: isoTime,
  /** A provider of relay/src/providers/registry.ts, as in /webhooks/<provider>. */
  provider: z.string().min(1),
  /** The delivery's headers, if any: a Standard Webhooks `webhook-id` keeps its delivery id. */
  headers: z.record(z.string(), z.string()).optional(),
  /** The parsed body: JSON, or for a form-encoded provider (Twilio) the fields. */
  payload: z.unknown(),
});

const consoleLineSchema = z.strictObject({
  receivedAt: isoTime,
  event: z.unknown(),
});

const keptLineSchema = z.strictObject({
  /** Its seq in the log the console had: only read, the relay gives it a new one. */
  seq: z.number().int().min(1),
  event: z.unknown(),
});

export type HistoryLine =
  | { kind: 'webhook'; receivedAt: string; provider: string; headers: Record<string, string>; payload: unknown }
  | { kind: 'console'; receivedAt: string; event: ConsoleEventInput }
  | { kind: 'kept'; receivedAt: string; event: RingsideEvent };

/**
 * Parses one line of the file; the error is a sentence without the line number (the caller
 * adds it). A kept event is received at `importedAt`: its own receivedAt is behind the log's.
 */
export function parseHistoryLine(text: string, importedAt: string): { ok: true; line: HistoryLine } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (typeof value === 'object' && value !== null && 'seq' in value) {
    const parsed = keptLineSchema.safeParse(value);
    if (!parsed.success) return { ok: false, error: z.prettifyError(parsed.error) };
    const event = ringsideEventSchema.safeParse(parsed.data.event);
    if (!event.success) return { ok: false, error: `the kept event (seq ${parsed.data.seq}) is not one this relay reads (update the relay, or leave the line out): ${z.prettifyError(event.error).slice(0, 300)}` };
    return { ok: true, line: { kind: 'kept', receivedAt: importedAt, event: event.data } };
  }
  if (typeof value === 'object' && value !== null && 'event' in value) {
    const parsed = consoleLineSchema.safeParse(value);
    if (!parsed.success) return { ok: false, error: z.prettifyError(parsed.error) };
    const event = consoleEventInputSchema.safeParse(parsed.data.event);
    if (!event.success) return { ok: false, error: `the console event is not valid: ${z.prettifyError(event.error)}` };
    return { ok: true, line: { kind: 'console', receivedAt: parsed.data.receivedAt, event: event.data } };
  }
  const parsed = webhookLineSchema.safeParse(value);
  if (!parsed.success) return { ok: false, error: `expected {"receivedAt", "provider", "headers"?, "payload"} or {"receivedAt", "event"}: ${z.prettifyError(parsed.error)}` };
  return { ok: true, line: { kind: 'webhook', receivedAt: parsed.data.receivedAt, provider: parsed.data.provider, headers: parsed.data.headers ?? {}, payload: parsed.data.payload } };
}
