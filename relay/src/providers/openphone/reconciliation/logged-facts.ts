import type { RingsideEvent } from '../../../../../src/shared/events/model';
import type { RelayDatabase } from '../../../database';
import type { EventLog } from '../../../log/event-log';
import type { LoggedFact } from './differing-facts';

/**
 * The log's latest word on each fact key the reconciliation found already stored: the
 * first event of the fact (table facts), then, read once from that point on, a call's
 * later `call.corrected` (its talk time as corrected, and whether a person corrected it) and a text's later records (the
 * latest status wins, as the consoles show it). One pass over the events after the
 * earliest of these facts, so a day's run reads about a day of log.
 */
export function loggedFacts(db: RelayDatabase, log: Pick<EventLog, 'seqOfFact' | 'readAfter'>, keys: readonly string[]): Map<string, LoggedFact> {
  const found = new Map<string, LoggedFact>();
  const keyOfSubject = new Map<string, string>();
  let earliest = Number.POSITIVE_INFINITY;
  for (const key of keys) {
    const seq = log.seqOfFact(key);
    if (seq === null) continue;
    const entry = log.readAfter(seq - 1, 1)[0];
    if (entry === undefined || entry.seq !== seq) continue;
    const event = JSON.parse(entry.json) as RingsideEvent;
    if (event.type === 'call.completed') {
      found.set(key, { kind: 'call', durationSeconds: event.data.durationSeconds, answered: event.data.answeredAt !== null, correctedByHand: false, fromApi: event.origin !== undefined, healthCheck: false });
      keyOfSubject.set(`call|${event.data.callId}`, key);
    } else if (event.type === 'message.recorded') {
      found.set(key, { kind: 'message', status: event.data.status, healthCheck: event.data.healthCheck === true });
      keyOfSubject.set(`message|${event.data.messageId}`, key);
    } else continue;
    earliest = Math.min(earliest, seq);
  }
  if (found.size === 0) return found;
  const later = db.prepare(`SELECT event FROM events WHERE seq > ? AND type IN ('message.recorded', 'call.corrected') ORDER BY seq`).pluck();
  for (const json of later.iterate(earliest) as IterableIterator<string>) {
    const event = JSON.parse(json) as RingsideEvent;
    if (event.type === 'call.corrected') {
      const key = keyOfSubject.get(`call|${event.data.callId}`);
      const fact = key === undefined ? undefined : found.get(key);
      if (fact?.kind === 'call') found.set(key!, { ...fact, durationSeconds: event.data.durationSeconds, correctedByHand: event.source !== 'relay' });
    } else if (event.type === 'message.recorded') {
      const key = keyOfSubject.get(`message|${event.data.messageId}`);
      const fact = key === undefined ? undefined : found.get(key);
      if (fact?.kind === 'message') found.set(key!, { ...fact, status: event.data.status });
    }
  }
  return found;
}
