import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_MODEL_VERSION, type EventOf } from '../../../src/shared/events/model';
import { MediaHost } from '../../../tools/emulators/openphone/media-host';
import { serverError, startOpenAiEmulator, type OpenAiEmulator } from '../../../tools/emulators/openai/emulator';
import { openRelayDatabase } from '../../src/database';
import { callCompleted, eventually, newCallId, recordingReady, startMediaRelay, type MediaRelay } from '../media/media-relay';

/**
 * Transcripts for recorded calls without a provider transcript (issue 15 §1), against a real
 * relay (HTTP, SQLite file, media capture) and the OpenAI-compatible emulator.
 */

const KEY = 'sk-test-transcription';
const LINE = '+16175550100';
let host: MediaHost;
let openai: OpenAiEmulator;
const relays: MediaRelay[] = [];

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    RELAY_MEDIA_ALLOWED_HOSTS: host.hostPort,
    RELAY_MEDIA_RETRY_BASE_MS: '20',
    RELAY_MEDIA_RETRY_CAP_MS: '80',
    TRANSCRIPTION_API_URL: openai.url,
    TRANSCRIPTION_API_KEY: KEY,
    TRANSCRIPTION_PROVIDER_WAIT_SECONDS: '0',
    TRANSCRIPTION_RETRY_BASE_MS: '20',
    TRANSCRIPTION_RETRY_CAP_MS: '80',
    ...extra,
  };
}

async function relayWith(extra: Record<string, string> = {}): Promise<MediaRelay> {
  const relay = await startMediaRelay(env(extra));
  relays.push(relay);
  return relay;
}

/** A recording served by the media host and its call's recording_ready; resolves with its bytes' hash once captured. */
async function recordedCall(relay: MediaRelay, body?: Buffer): Promise<{ callId: string; mediaId: string; sha: string }> {
  const callId = newCallId();
  const file = `/rec/${callId}.mp3`;
  const bytes = body === undefined ? host.addRecording(file, 2) : host.put(file, 'audio/mpeg', body);
  await relay.deliver(recordingReady(callId, [host.signedUrl(file)]));
  const mediaId = `${callId}:recording:0`;
  await eventually(() => relay.eventsOf('media.captured').find((event) => event.data.mediaId === mediaId), 'the recording to be captured');
  return { callId, mediaId, sha: sha256(bytes) };
}

function ringsideTranscripts(relay: MediaRelay, callId: string): EventOf<'call.transcript_ready'>[] {
  return relay.eventsOf('call.transcript_ready').filter((event) => event.data.callId === callId && event.data.transcribedBy === 'ringside');
}

function failures(relay: MediaRelay, callId: string): EventOf<'call.transcription_failed'>[] {
  return relay.eventsOf('call.transcription_failed').filter((event) => event.data.callId === callId);
}

function providerTranscript(callId: string, text: string): EventOf<'call.transcript_ready'> {
  const at = new Date().toISOString();
  return {
    v: EVENT_MODEL_VERSION,
    id: `EV-transcript-${callId}`,
    source: 'openphone',
    occurredAt: at,
    receivedAt: at,
    lines: [LINE],
    type: 'call.transcript_ready',
    data: { callId, durationSeconds: 2, dialogue: [{ speakerNumber: '+16175550111', speakerUserId: null, text, startSeconds: 0, endSeconds: 2 }] },
  };
}

beforeAll(async () => {
  host = await MediaHost.start();
  openai = await startOpenAiEmulator({ apiKey: KEY });
});

afterEach(async () => {
  for (const relay of relays.splice(0)) await relay.stop();
});

afterAll(async () => {
  await openai?.close();
  await host?.close();
});

describe('transcripts the relay makes for recorded calls', () => {
  it('transcribes a recorded call without a provider transcript, keeping each segment’s confidence, the language and the call’s lines', async () => {
    const relay = await relayWith();
    const callId = newCallId();
    const file = `/rec/${callId}.mp3`;
    const sha = sha256(host.addRecording(file, 3));
    openai.scriptTranscript(sha, {
      language: 'english',
      segments: [
        { start: 0, end: 2.5, text: ' Hi, my basement is leaking again.', avg_logprob: -0.1, no_speech_prob: 0.01 },
        { start: 2.5, end: 5, text: ' Can someone come Tuesday morning?', avg_logprob: -0.3, no_speech_prob: 0.02 },
      ],
    });
    await relay.deliver(recordingReady(callId, [host.signedUrl(file)]));

    const [transcript] = await eventually(() => (ringsideTranscripts(relay, callId).length > 0 ? ringsideTranscripts(relay, callId) : undefined), 'the relay’s transcript');
    expect(transcript).toMatchObject({
      id: `transcription:${callId}:${callId}:recording:0`,
      source: 'relay',
      lines: [LINE],
      data: { callId, transcribedBy: 'ringside', mediaId: `${callId}:recording:0`, quality: 'clear', language: 'english', durationSeconds: 5 },
    });
    expect(transcript!.data.dialogue.map((line) => line.text)).toEqual(['Hi, my basement is leaking again.', 'Can someone come Tuesday morning?']);
    expect(transcript!.data.dialogue[0]!.confidence).toBeCloseTo(Math.exp(-0.1), 6);
    expect(transcript!.data.dialogue[1]!.confidence).toBeCloseTo(Math.exp(-0.3), 6);
    const sent = openai.transcriptions.filter((request) => request.sha256 === sha);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ model: 'whisper-1', responseFormat: 'verbose_json', contentType: 'audio/mpeg', status: 200 });
    expect(sent[0]!.fileName).toMatch(/\.mp3$/);
  });

  it('makes no request when the provider’s own transcript arrives within the wait', async () => {
    const relay = await relayWith({ TRANSCRIPTION_PROVIDER_WAIT_SECONDS: '1' });
    const provided = await recordedCall(relay);
    await relay.deliver(providerTranscript(provided.callId, 'The provider heard this.'));
    // A second call, captured later with the same wait: once its transcript is made, the first call's wait is long over.
    const later = await recordedCall(relay);
    await eventually(() => (ringsideTranscripts(relay, later.callId).length > 0 ? true : undefined), 'the second call’s transcript');

    expect(openai.transcriptions.filter((request) => request.sha256 === provided.sha)).toHaveLength(0);
    expect(ringsideTranscripts(relay, provided.callId)).toHaveLength(0);
    expect(relay.db.prepare('SELECT state FROM transcriptions WHERE call_id = ?').pluck().get(provided.callId)).toBe('provider');
  });

  it('tries again after the transcription service fails, and appends the transcript once', async () => {
    const relay = await relayWith();
    openai.answerNext('/v1/audio/transcriptions', serverError());
    const call = await recordedCall(relay);
    await eventually(() => (ringsideTranscripts(relay, call.callId).length > 0 ? true : undefined), 'the transcript after a retry');
    // The row is marked done just after the transcript is appended.
    const row = await eventually(() => relay.db.prepare("SELECT attempts, state FROM transcriptions WHERE call_id = ? AND state = 'done'").get(call.callId), 'the transcription to be done');
    expect(row).toEqual({ attempts: 2, state: 'done' });
    expect(ringsideTranscripts(relay, call.callId)).toHaveLength(1);
    expect(failures(relay, call.callId)).toHaveLength(0);
  });

  it('gives up on audio the service cannot read: the call says so in plain words and an alert is raised', async () => {
    const relay = await relayWith();
    const call = await recordedCall(relay, Buffer.from('this is a text file that claims to be a recording, not audio at all'));
    const [failure] = await eventually(() => (failures(relay, call.callId).length > 0 ? failures(relay, call.callId) : undefined), 'the failure');
    expect(failure).toMatchObject({ source: 'relay', lines: [LINE], data: { callId: call.callId, mediaId: call.mediaId, reason: 'unsupported_audio', attempts: 1 } });
    expect(failure!.data.detail).toBe('The recording could not be read as audio, so no transcript was made.');
    const alert = await eventually(() => relay.eventsOf('relay.alert').find((event) => event.data.alertId === `transcription:${call.callId}:${call.mediaId}`), 'the alert');
    expect(alert.lines).toEqual([LINE]);
    const message = (alert.data as { message?: string }).message ?? '';
    expect(message).toBe('A call recording on the line +1 617 555 0100 could not be transcribed: it could not be read as audio. It can still be played from the call.');
    expect(ringsideTranscripts(relay, call.callId)).toHaveLength(0);
  });

  it('gives up at once when the service does not know the model asked for, saying the service turned it down', async () => {
    const relay = await relayWith({ TRANSCRIPTION_MODEL: 'whisper-unknown' });
    const strict = await startOpenAiEmulator({ apiKey: KEY, transcriptionModels: ['whisper-1'] });
    try {
      await relay.restart(env({ TRANSCRIPTION_MODEL: 'whisper-unknown', TRANSCRIPTION_API_URL: strict.url }));
      const call = await recordedCall(relay);
      const [failure] = await eventually(() => (failures(relay, call.callId).length > 0 ? failures(relay, call.callId) : undefined), 'the failure');
      expect(failure!.data).toMatchObject({ reason: 'backend_refused', attempts: 1 });
      expect(failure!.data.detail).toBe('The transcription service turned the recording down, so no transcript was made.');
      expect(strict.transcriptions).toHaveLength(1);
    } finally {
      await strict.close();
    }
  });

  it('gives up after the configured tries when the service keeps failing, saying it could not be reached', async () => {
    const relay = await relayWith({ TRANSCRIPTION_MAX_ATTEMPTS: '2' });
    openai.answerNext('/v1/audio/transcriptions', serverError(), serverError());
    const call = await recordedCall(relay);
    const [failure] = await eventually(() => (failures(relay, call.callId).length > 0 ? failures(relay, call.callId) : undefined), 'the failure');
    expect(failure!.data).toMatchObject({ reason: 'backend_unreachable', attempts: 2 });
    expect(ringsideTranscripts(relay, call.callId)).toHaveLength(0);
  });

  it('flags a recording with no speech as empty and a mumbled one as poor, with their confidences', async () => {
    const relay = await relayWith();
    const silentBytes = host.addRecording('/rec/silent-source.mp3', 4, `silent-${Date.now()}`);
    const mumbledBytes = host.addRecording('/rec/mumbled-source.mp3', 4, `mumbled-${Date.now()}`);
    openai.scriptTranscript(sha256(silentBytes), { segments: [{ start: 0, end: 4, text: ' Thank you for watching.', avg_logprob: -1.2, no_speech_prob: 0.93 }] });
    openai.scriptTranscript(sha256(mumbledBytes), {
      segments: [
        { start: 0, end: 2, text: ' the pipe is uh', avg_logprob: -0.9, no_speech_prob: 0.2 },
        { start: 2, end: 4, text: ' tuesday maybe', avg_logprob: -0.8, no_speech_prob: 0.1 },
      ],
    });
    const silent = await recordedCall(relay, silentBytes);
    const mumbled = await recordedCall(relay, mumbledBytes);
    const [empty] = await eventually(() => (ringsideTranscripts(relay, silent.callId).length > 0 ? ringsideTranscripts(relay, silent.callId) : undefined), 'the silent call’s transcript');
    const [poor] = await eventually(() => (ringsideTranscripts(relay, mumbled.callId).length > 0 ? ringsideTranscripts(relay, mumbled.callId) : undefined), 'the mumbled call’s transcript');
    expect(empty!.data).toMatchObject({ quality: 'empty', dialogue: [] });
    expect(poor!.data.quality).toBe('poor');
    expect(poor!.data.dialogue.map((line) => line.confidence)).toEqual([Math.exp(-0.9), Math.exp(-0.8)]);
  });

  it('resumes a waiting transcription after a restart, and a transcript appended just before a crash is not appended again', async () => {
    const relay = await relayWith({ TRANSCRIPTION_PROVIDER_WAIT_SECONDS: '1' });
    const call = await recordedCall(relay);
    await eventually(() => relay.db.prepare("SELECT 1 FROM transcriptions WHERE call_id = ? AND state = 'waiting'").get(call.callId), 'the recording to be queued');
    await relay.restart();
    await eventually(() => (ringsideTranscripts(relay, call.callId).length > 0 ? true : undefined), 'the transcript after the restart');
    expect(openai.transcriptions.filter((request) => request.sha256 === call.sha)).toHaveLength(1);

    // As if the relay stopped between appending the transcript and marking it done: it asks again, the log keeps one.
    await relay.restart(env({ TRANSCRIPTION_PROVIDER_WAIT_SECONDS: '0' }), () => {
      const db = openRelayDatabase(relay.dataDir);
      try {
        db.prepare("UPDATE transcriptions SET state = 'waiting', finished_at = NULL, next_attempt_at = 0 WHERE call_id = ?").run(call.callId);
      } finally {
        db.close();
      }
    });
    await eventually(() => (relay.db.prepare('SELECT state FROM transcriptions WHERE call_id = ?').pluck().get(call.callId) === 'done' ? true : undefined), 'the second try to finish');
    expect(openai.transcriptions.filter((request) => request.sha256 === call.sha)).toHaveLength(2);
    expect(ringsideTranscripts(relay, call.callId)).toHaveLength(1);
  });

  it('leaves a voicemail the provider transcribed alone, and transcribes one it did not', async () => {
    const relay = await relayWith({ TRANSCRIPTION_PROVIDER_WAIT_SECONDS: '1' });
    const transcribedCall = newCallId();
    const plainCall = newCallId();
    const transcribed = sha256(host.addRecording(`/vm/${transcribedCall}.mp3`, 2, 'voicemail-transcribed'));
    host.addRecording(`/vm/${plainCall}.mp3`, 2, 'voicemail-plain');
    const voicemail = (callId: string, transcript: string | null): EventOf<'call.voicemail_ready'> => {
      const at = new Date().toISOString();
      return {
        v: EVENT_MODEL_VERSION,
        id: `EV-vm-${callId}`,
        source: 'mightycall',
        occurredAt: at,
        receivedAt: at,
        lines: [LINE],
        type: 'call.voicemail_ready',
        data: { callId, voicemail: { mediaId: `${callId}:voicemail:0`, url: host.signedUrl(`/vm/${callId}.mp3`), contentType: 'audio/mpeg', durationSeconds: 2 }, transcript },
      };
    };
    await relay.deliver(callCompleted(transcribedCall, null), voicemail(transcribedCall, 'Hi, call me back about the roof.'));
    await eventually(() => relay.eventsOf('media.captured').find((event) => event.data.mediaId === `${transcribedCall}:voicemail:0`), 'the first voicemail');
    await relay.deliver(callCompleted(plainCall, null), voicemail(plainCall, null));
    await eventually(() => (ringsideTranscripts(relay, plainCall).length > 0 ? true : undefined), 'the second voicemail’s transcript');
    expect(openai.transcriptions.filter((request) => request.sha256 === transcribed)).toHaveLength(0);
    expect(ringsideTranscripts(relay, transcribedCall)).toHaveLength(0);
  });
});
