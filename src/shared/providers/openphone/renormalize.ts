import type { EventOf, RingsideEvent } from '../../events/model';
import { normalizeOpenPhone } from './normalize';

/**
 * An OpenPhone event an older relay kept as `provider.unnormalized`, normalized again
 * from its raw payload by this version's normalizer (docs: "A log the console never
 * forgets"). The event keeps its id and times; what this normalizer cannot read
 * either stays as it was.
 *
 * The relay's phoneNumberId → line map is not on the console; the event's own `lines`
 * stand in for it: an unnormalized event with one line names the line its
 * phoneNumberId is (the relay's normalizer put it there from that map).
 */
export function renormalizeOpenPhone(event: EventOf<'provider.unnormalized'>, options: { linesOfCall?: (callId: string) => readonly string[] } = {}): RingsideEvent {
  if (event.source !== 'openphone' || event.raw === undefined) return event;
  const result = normalizeOpenPhone(event.raw, {
    receivedAt: event.receivedAt,
    deliveryId: event.id,
    phoneNumberIds: lineOfPhoneNumberId(event),
    // A transcript or summary the old relay stored names only its call; a console that
    // knows the call's lines may pass them, else the lines the old relay gave it stay.
    linesOfCall: options.linesOfCall ?? (() => event.lines),
  });
  if (!result.ok || result.event.type === 'provider.unnormalized') return event;
  return result.event;
}

function lineOfPhoneNumberId(event: EventOf<'provider.unnormalized'>): Record<string, string> {
  const raw = event.raw;
  if (event.lines.length !== 1 || !isObject(raw) || !isObject(raw.data)) return {};
  const resource = isObject(raw.data.object) ? raw.data.object : isObject(raw.data.resource) ? raw.data.resource : null;
  const phoneNumberId = resource?.phoneNumberId;
  return typeof phoneNumberId === 'string' ? { [phoneNumberId]: event.lines[0]! } : {};
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
