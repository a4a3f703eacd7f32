import type { PresenceDevice, PresenceFrame } from '../../../src/shared/relay-protocol';
import type { Device } from '../devices/device-store';
import type { LogEntry } from '../log/event-log';

/** Call events after which nobody is on that call any more. */
const CALL_ENDS = new Set(['call.completed', 'call.missed', 'call.voicemail']);

/** The presence frame: every active console, online or not, by name. Pure. */
export function presenceOf(input: {
  devices: readonly Device[];
  online: ReadonlySet<string>;
  lastSeenAt: (deviceId: string) => string | null;
  onCall: ReadonlyMap<string, string>;
}): PresenceFrame {
  const devices: PresenceDevice[] = [...input.devices]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((device) => {
      const online = input.online.has(device.id);
      return { name: device.name, role: device.role, online, lastSeenAt: input.lastSeenAt(device.id), onCall: online ? (input.onCall.get(device.id) ?? null) : null };
    });
  return { type: 'presence', devices };
}

export interface PresenceBoardDeps {
  devices: () => readonly Device[];
  online: () => ReadonlySet<string>;
  lastSeenAt: (deviceId: string) => string | null;
  /** Sends the frame to every console that asked for presence. */
  publish: (frame: string) => void;
}

/**
 * Which call each console is on, and the presence frame built from it. Changes are
 * published once per event-loop turn, however many happened in it (a burst of consoles
 * reconnecting after a relay restart sends one frame, not one each).
 */
export class PresenceBoard {
  private readonly onCall = new Map<string, string>();
  private scheduled = false;
  private closed = false;

  constructor(private readonly deps: PresenceBoardDeps) {}

  /** The relay is stopping: a frame still scheduled is not built (its device list is read from a database about to close). */
  close(): void {
    this.closed = true;
  }

  frame(): string {
    return JSON.stringify(presenceOf({ devices: this.deps.devices(), online: this.deps.online(), lastSeenAt: this.deps.lastSeenAt, onCall: this.onCall }));
  }

  setOnCall(deviceId: string, callId: string | null): void {
    if (callId === null) this.onCall.delete(deviceId);
    else this.onCall.set(deviceId, callId);
    this.changed();
  }

  /** A console went offline: it is on no call. */
  disconnected(deviceId: string): void {
    if (!this.deps.online().has(deviceId)) this.onCall.delete(deviceId);
    this.changed();
  }

  /** Ends the presence on a call its end event names. Parses only events naming a call someone is on. */
  noticeCommitted(entries: readonly LogEntry[]): void {
    if (this.onCall.size === 0) return;
    const calls = new Set(this.onCall.values());
    let ended = false;
    for (const entry of entries) {
      if (entry.source === 'console') continue;
      // A substring test first: parsing every webhook's event while someone is on a call would cost the ingest path.
      if (![...calls].some((callId) => entry.json.includes(callId))) continue;
      const event = JSON.parse(entry.json) as { type?: string; data?: { callId?: unknown } };
      if (!CALL_ENDS.has(event.type ?? '') || typeof event.data?.callId !== 'string' || !calls.has(event.data.callId)) continue;
      for (const [deviceId, callId] of this.onCall) if (callId === event.data.callId) this.onCall.delete(deviceId);
      ended = true;
    }
    if (ended) this.changed();
  }

  changed(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.closed) return;
      this.deps.publish(this.frame());
    });
  }
}
