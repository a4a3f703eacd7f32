import type { DeviceRole, EventSource } from '../../../src/shared/events/model';

/**
 * Who sees what: admin and bookkeeper devices see every event; an agent device sees
 * console events and the provider events on the business lines assigned to it.
 */
export function isVisibleTo(device: { role: DeviceRole; numbers: readonly string[] }, entry: { source: EventSource; lines: readonly string[] }): boolean {
  if (device.role !== 'agent' || entry.source === 'console') return true;
  return entry.lines.some((line) => device.numbers.includes(line));
}
