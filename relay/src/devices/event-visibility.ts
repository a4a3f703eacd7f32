import type { DeviceRole, EventSource } from '../../../src/shared/events/model';

/**
 * Who sees what: admin and bookkeeper devices see every event; an agent device sees
 * the events on the business lines assigned to it, and console events about no line
 * (customers, billing); a console event about a line (a conversation's, a call's) is
 * that line's like any other.
 */
export function isVisibleTo(device: { role: DeviceRole; numbers: readonly string[] }, entry: { source: EventSource; lines: readonly string[] }): boolean {
  if (device.role !== 'agent' || (entry.source === 'console' && entry.lines.length === 0)) return true;
  return entry.lines.some((line) => device.numbers.includes(line));
}
