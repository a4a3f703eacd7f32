import type { RelayDatabase } from '../database';

/** How many recent calls are remembered in memory, ahead of the call_lines table. */
const RECENT_CALLS = 10_000;

/**
 * The lines a call was seen on, for what names only its call: a provider's transcripts
 * and summaries, and the team's notes, dispositions and callbacks (console events). Call
 * ids are namespaced by provider, so one table serves every provider. call_lines
 * (migration 0004) is filled when a call event is committed; the few calls just
 * normalized but still waiting in the log's group commit are remembered here too, so a summary hard on the heels of its completion is not left without lines.
 */
export class CallLines {
  private readonly select;
  private readonly recent = new Map<string, readonly string[]>();

  constructor(db: RelayDatabase) {
    this.select = db.prepare('SELECT lines FROM call_lines WHERE call_id = ?').pluck();
  }

  /** Remembers a call event's lines (a call's first lines win, like the table's). */
  saw(callId: string, lines: readonly string[]): void {
    if (lines.length === 0 || this.recent.has(callId)) return;
    if (this.recent.size >= RECENT_CALLS) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(callId, lines);
  }

  linesOf(callId: string): readonly string[] {
    const recent = this.recent.get(callId);
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
