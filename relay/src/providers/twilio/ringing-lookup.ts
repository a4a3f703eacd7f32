import type { Statement } from 'better-sqlite3';
import type { CallRingingData } from '../../../../src/shared/events/model';
import type { RelayDatabase } from '../../database';
import { talkEventId } from './normalize';

/**
 * A Twilio call's ringing as the relay stored it from the voice request (event id
 * `<CallSid>:voice`, found through the log's (source, event_id) index): the caller's
 * numbers and start, which a dialled leg's status and a recording do not carry. The
 * TwiML is answered only once that event is committed, so whatever Twilio sends after
 * it finds it.
 */
export class TwilioRingingLookup {
  private readonly select: Statement;
  private readonly selectTalk: Statement;

  constructor(db: RelayDatabase) {
    this.select = db.prepare("SELECT event FROM events WHERE source = 'twilio' AND event_id = ? AND type = 'call.ringing'").pluck();
    this.selectTalk = db.prepare("SELECT 1 FROM events WHERE source = 'twilio' AND event_id = ? AND type = 'call.completed'").pluck();
  }

  talkOfLegStored(callSid: string): boolean {
    return this.selectTalk.get(talkEventId(callSid)) !== undefined;
  }

  ringingOf(callSid: string): CallRingingData | null {
    const json = this.select.get(`${callSid}:voice`) as string | undefined;
    return json === undefined ? null : (JSON.parse(json) as { data: CallRingingData }).data;
  }
}
