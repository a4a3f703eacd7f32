import type { RingsideEvent } from '../../shared/events/model';
import { readStoredEvent, type StoredEventReading } from '../../shared/events/upcast';
import { renormalizeOpenPhone } from '../../shared/providers/openphone/renormalize';

/**
 * A stored event as this console reads it: brought up to the current shape by the
 * upcasters, and a provider event an older relay kept unnormalized normalized again
 * by the shared normalizer when it now can be (the same code the relay runs), so a
 * re-projection shows past events of a type learnt since.
 */
export function decodeStoredEvent(stored: unknown): StoredEventReading {
  const reading = readStoredEvent(stored);
  if (reading.kind !== 'read' || reading.event.type !== 'provider.unnormalized') return reading;
  return { kind: 'read', event: renormalized(reading.event) };
}

function renormalized(event: Extract<RingsideEvent, { type: 'provider.unnormalized' }>): RingsideEvent {
  switch (event.source) {
    case 'openphone':
      return renormalizeOpenPhone(event);
    default:
      return event;
  }
}
