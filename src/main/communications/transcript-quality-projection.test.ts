import { afterEach, describe, expect, it } from 'vitest';
import { answered, completed, ringing } from '../../../tests/support/event-builders';
import { EVENT_MODEL_VERSION, type EventOf, type RingsideEvent } from '../../shared/events/model';
import { openConsoleDatabase, type ConsoleDatabase } from '../db/open-console-database';
import { applyBatch } from '../projection/apply-event';
import { callDetail } from './call-reads';

const LINE = '+16175550199';
const ADA = '+16175550100';
const at = (minutes: number) => new Date(Date.parse('2026-03-02T15:00:00.000Z') + minutes * 60_000).toISOString();
const READ_AT = Date.parse(at(30));

function envelope(id: string, when: string, source: RingsideEvent['source']) {
  return { v: EVENT_MODEL_VERSION, id, source, occurredAt: when, receivedAt: when, lines: [LINE] };
}

function ringsideTranscript(callId: string, data: Partial<EventOf<'call.transcript_ready'>['data']>): EventOf<'call.transcript_ready'> {
  return {
    ...envelope(`transcription:${callId}:${callId}:recording:0`, at(8), 'relay'),
    type: 'call.transcript_ready',
    data: { callId, durationSeconds: 4, dialogue: [], transcribedBy: 'ringside', mediaId: `${callId}:recording:0`, quality: 'clear', language: 'english', ...data },
  };
}

function failed(callId: string): EventOf<'call.transcription_failed'> {
  return {
    ...envelope(`transcription-failed:${callId}`, at(9), 'relay'),
    type: 'call.transcription_failed',
    data: { callId, mediaId: `${callId}:recording:0`, reason: 'unsupported_audio', detail: 'The recording could not be read as audio, so no transcript was made.', attempts: 1 },
  };
}

describe('transcript quality and failures on the call', () => {
  let db: ConsoleDatabase;
  let seq = 0;
  const apply = (...events: RingsideEvent[]) => applyBatch(db, events.map((event) => ({ seq: ++seq, event })));
  const call = (callId: string) => apply(ringing(callId, ADA, at(0)), answered(callId, ADA, at(0)), completed(callId, ADA, at(0), 120));
  afterEach(async () => {
    await db.close();
    seq = 0;
  });

  it('keeps who transcribed the call, how it reads and each line’s confidence', async () => {
    db = await openConsoleDatabase(':memory:');
    call('openphone:AC1');
    apply(
      ringsideTranscript('openphone:AC1', {
        quality: 'poor',
        dialogue: [
          { speakerNumber: null, speakerUserId: null, text: 'the pipe is uh', startSeconds: 0, endSeconds: 2, confidence: 0.41 },
          { speakerNumber: null, speakerUserId: null, text: 'tuesday maybe', startSeconds: 2, endSeconds: 4, confidence: 0.45 },
        ],
      }),
    );
    const detail = callDetail(db, 'openphone:AC1', READ_AT)!;
    expect(detail.transcriptInfo).toEqual({ by: 'ringside', quality: 'poor', language: 'english' });
    expect(detail.transcript.map((line) => line.confidence)).toEqual([0.41, 0.45]);
    expect(detail.transcriptionFailure).toBeNull();
  });

  it('holds a transcript with no speech as a transcript, with no lines', async () => {
    db = await openConsoleDatabase(':memory:');
    call('openphone:AC2');
    apply(ringsideTranscript('openphone:AC2', { quality: 'empty' }));
    const detail = callDetail(db, 'openphone:AC2', READ_AT)!;
    expect(detail.transcript).toEqual([]);
    expect(detail.transcriptInfo).toEqual({ by: 'ringside', quality: 'empty', language: 'english' });
  });

  it('shows why no transcript could be made, until a provider’s transcript arrives', async () => {
    db = await openConsoleDatabase(':memory:');
    call('openphone:AC3');
    apply(failed('openphone:AC3'));
    let detail = callDetail(db, 'openphone:AC3', READ_AT)!;
    expect(detail.transcriptionFailure).toBe('The recording could not be read as audio, so no transcript was made.');
    expect(detail.transcriptInfo).toBeNull();

    apply({
      ...envelope('EV-provider-transcript', at(12), 'openphone'),
      type: 'call.transcript_ready',
      data: { callId: 'openphone:AC3', durationSeconds: 120, dialogue: [{ speakerNumber: ADA, speakerUserId: null, text: 'Hello, it is Ada', startSeconds: 0, endSeconds: 2 }] },
    });
    detail = callDetail(db, 'openphone:AC3', READ_AT)!;
    expect(detail.transcriptionFailure).toBeNull();
    // A provider transcript from before issue 15 says nothing of who or how: it reads as the provider's, quality unknown.
    expect(detail.transcriptInfo).toEqual({ by: 'provider', quality: null, language: null });
    expect(detail.transcript).toEqual([expect.objectContaining({ text: 'Hello, it is Ada', confidence: null })]);
  });

  it('a failure arriving before the call is kept for it', async () => {
    db = await openConsoleDatabase(':memory:');
    apply(failed('openphone:AC4'));
    call('openphone:AC4');
    expect(callDetail(db, 'openphone:AC4', READ_AT)!.transcriptionFailure).toMatch(/could not be read as audio/);
  });
});
