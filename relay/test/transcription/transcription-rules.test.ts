import { describe, expect, it } from 'vitest';
import { parseRelaySettings } from '../../src/config';
import { WEBHOOK_PROVIDERS } from '../../src/providers/registry';
import { failureAlert, failureDetail } from '../../src/transcription/transcription-facts';
import { audioExtension } from '../../src/transcription/transcription-client';
import { readTranscript } from '../../src/transcription/transcript-reading';

const segment = (text: string, avgLogprob: number, noSpeech = 0.01) => ({ start: 0, end: 1, text, avg_logprob: avgLogprob, no_speech_prob: noSpeech });

describe('how a transcript the relay makes is read', () => {
  it('gives each segment the confidence exp(avg_logprob), within 0 to 1', () => {
    const read = readTranscript({ text: '', segments: [segment(' yes', -0.05), segment(' no', 0.2)] });
    expect(read.dialogue.map((line) => line.confidence)).toEqual([Math.exp(-0.05), 1]);
    expect(read.quality).toBe('clear');
  });

  it('calls a transcript poor when its mean confidence is below one half, and empty when no segment is speech', () => {
    expect(readTranscript({ text: 'a b', segments: [segment(' a', -1), segment(' b', -0.5)] }).quality).toBe('poor');
    expect(readTranscript({ text: 'a b', segments: [segment(' a', -0.2), segment(' b', -1)] }).quality).toBe('clear');
    const silence = readTranscript({ text: 'Thanks for watching', segments: [segment(' Thanks for watching', -1.5, 0.9), segment('   ', -0.1)] });
    expect(silence).toMatchObject({ quality: 'empty', dialogue: [] });
    expect(readTranscript({ text: '', segments: [] }).quality).toBe('empty');
  });

  it('reads a server that answers only text as one line without a confidence', () => {
    expect(readTranscript({ text: ' Hello there ', duration: 3 })).toMatchObject({ quality: 'clear', dialogue: [{ text: 'Hello there', confidence: null, endSeconds: 3 }] });
    expect(readTranscript({ text: ' ' }).quality).toBe('empty');
  });

  it('sends mp3, wav and m4a, and nothing else', () => {
    expect(['audio/mpeg', 'audio/wav', 'audio/x-wav', 'audio/mp4', 'audio/x-m4a', 'Audio/MPEG; charset=binary'].map(audioExtension)).toEqual(['mp3', 'wav', 'wav', 'm4a', 'm4a', 'mp3']);
    expect(audioExtension('audio/amr')).toBeNull();
    expect(audioExtension('image/jpeg')).toBeNull();
  });

  it('words failures for a receptionist, with no codes or setting names', () => {
    const words = [
      failureDetail('unsupported_audio', 'recording'),
      failureDetail('too_large', 'voicemail'),
      failureDetail('backend_refused', 'recording'),
      failureDetail('backend_unreachable', 'recording'),
      failureAlert('too_large', 'voicemail', { party: '+16175550111', direction: 'incoming' }, ['+16175550100']),
    ];
    expect(words[4]).toBe('A voicemail from +1 617 555 0111 could not be transcribed: it is too long for the transcription service. It can still be played from the call.');
    for (const text of words) expect(text).not.toMatch(/TRANSCRIPTION_|_/);
    for (const text of words.slice(0, 4)) expect(text).not.toMatch(/\d/);
  });
});

describe('transcription settings', () => {
  const parse = (env: Record<string, string>) => parseRelaySettings({ RELAY_DATA_DIR: '/tmp/x', ...env }, WEBHOOK_PROVIDERS);

  it('is off until TRANSCRIPTION_API_URL is set, with whisper-1, 6 tries and a 90-second wait by default', () => {
    const off = parse({});
    expect(off.ok && off.settings.transcription).toMatchObject({ apiUrl: null, model: 'whisper-1', maxAttempts: 6, providerWaitMs: 90_000 });
    const on = parse({ TRANSCRIPTION_API_URL: 'https://api.openai.com/v1/', TRANSCRIPTION_API_KEY: 'sk-abc' });
    expect(on.ok && on.settings.transcription).toMatchObject({ apiUrl: 'https://api.openai.com', apiKey: 'sk-abc' });
    const local = parse({ TRANSCRIPTION_API_URL: 'http://127.0.0.1:9000' });
    expect(local.ok && local.settings.transcription.apiUrl).toBe('http://127.0.0.1:9000');
  });

  it('stops start-up naming a bad value', () => {
    const cases: [Record<string, string>, string][] = [
      [{ TRANSCRIPTION_API_URL: 'http://whisper.example.com' }, 'TRANSCRIPTION_API_URL'],
      [{ TRANSCRIPTION_API_URL: 'https://user:pw@api.openai.com' }, 'TRANSCRIPTION_API_URL'],
      [{ TRANSCRIPTION_MAX_ATTEMPTS: '0' }, 'TRANSCRIPTION_MAX_ATTEMPTS'],
      [{ TRANSCRIPTION_PROVIDER_WAIT_SECONDS: 'soon' }, 'TRANSCRIPTION_PROVIDER_WAIT_SECONDS'],
      [{ TRANSCRIPTION_MODEL: 'whisper 1' }, 'TRANSCRIPTION_MODEL'],
      [{ TRANSCRIPTION_API_KEY: 'sk a' }, 'TRANSCRIPTION_API_KEY'],
    ];
    for (const [env, name] of cases) {
      const parsed = parse(env);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.errors.join('\n')).toContain(name);
    }
  });
});
