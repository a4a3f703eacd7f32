import type { RingsideEvent } from '../../../src/shared/events/model';
import type { RelayDatabase } from '../database';

/** The events that name the lines of their call (as migration 0004's trigger listed them). */
export const CALL_EVENT_TYPES: ReadonlySet<string> = new Set(['call.ringing', 'call.answered', 'call.completed', 'call.missed', 'call.forwarded', 'call.recording_ready', 'call.voicemail_ready']);

/** The call whose lines this event gives, if any: a call event with lines and a call id. */
export function callNamingLines(event: RingsideEvent): string | null {
  if (!CALL_EVENT_TYPES.has(event.type) || event.lines.length === 0) return null;
  const callId = (event.data as { callId?: unknown }).callId;
  return typeof callId === 'string' ? callId : null;
}

/** At least how many recent calls are remembered in memory (at most twice as many), ahead of the call_lines table. */
const RECENT_CALLS = 10_000;

/**
 * The lines a call was seen on, for what names only its call: a provider's transcripts
 * and summaries, and the team's notes, dispositions and callbacks (console events). Call
 * ids are namespaced by provider, so one table serves every provider. call_lines
 * (migration 0004) is filled by the event log in the transaction that commits a call event (event-log.ts); the few calls just
 * normalized but still waiting in the log's group commit are remembered here too, so a summary hard on the heels of its completion is not left without lines.
 */
export class CallLines {
  private readonly select;
  /**
   * Two generations, the older dropped whole when the newer is full: evicting the oldest
   * key of one Map call by call walks the holes its deletes leave (O(n) per call, a few
   * µs of every call webhook once 10,000 calls were seen).
   */
  private recent = new Map<string, readonly string[]>();
  private older = new Map<string, readonly string[]>();

  constructor(db: RelayDatabase) {
    this.select = db.prepare('SELECT lines FROM call_lines WHERE call_id = ?').pluck();
  }

  /** Remembers a call event's lines (a call's first lines win, like the table's). */
  saw(callId: string, lines: readonly string[]): void {
    if (lines.length === 0 || this.recent.has(callId) || this.older.has(callId)) return;
    if (this.recent.size >= RECENT_CALLS) {
      this.older = this.recent;
      this.recent = new Map();
    }
    this.recent.set(callId, lines);
  }

  linesOf(callId: string): readonly string[] {
    const recent = this.recent.get(callId) ?? this.older.get(callId);
    if (recent !== undefined) return recent;
    const stored = this.select.get(callId) as string | undefined;
    if (stored === undefined) return [];
    try {
      const lines: unknown = JSON.parse(stored);
      return Array.isArray(lines) ? lines.filter((line): line is string => typeof line === 'string') : [];
    } catch {
      return [];
    }
  }
}
