import type { Statement } from 'better-sqlite3';
import type { RelayDatabase } from '../database';

/**
 * The other party of a call, from the call's own events in the log, for an alert about
 * media that names only the call (a recording or voicemail arriving on its own). Only
 * the newest events of the call's line are read, through the line index: a recording
 * follows its call within minutes, and alerts are rare.
 */

const LOOK_BACK_EVENTS = 2000;

export interface CallParty {
  party: string;
  direction: 'incoming' | 'outgoing';
}

export class CallPartyLookup {
  private readonly recent: Statement;

  constructor(db: RelayDatabase) {
    this.recent = db.prepare(`
      SELECT events.event FROM (SELECT seq FROM event_lines WHERE line = ? ORDER BY seq DESC LIMIT ${LOOK_BACK_EVENTS}) AS recent
      JOIN events ON events.seq = recent.seq
      WHERE events.type IN ('call.ringing', 'call.answered', 'call.completed', 'call.missed', 'call.forwarded')
      ORDER BY recent.seq DESC`).pluck();
  }

  find(callId: string, lines: readonly string[]): CallParty | null {
    for (const line of lines) {
      for (const json of this.recent.iterate(line) as Iterable<string>) {
        // A cheap test before parsing: most of the line's events are other calls.
        if (!json.includes(callId)) continue;
        const data = (JSON.parse(json) as { data?: { callId?: unknown; externalNumber?: unknown; direction?: unknown } }).data;
        if (data?.callId === callId && typeof data.externalNumber === 'string' && (data.direction === 'incoming' || data.direction === 'outgoing')) {
          return { party: data.externalNumber, direction: data.direction };
        }
      }
    }
    return null;
  }
}
