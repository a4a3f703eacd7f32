import { describe, expect, it } from 'vitest';
import { isUnsure, transcriptNotes } from './transcript-notes';

const call = { callId: 'openphone:AC1' } as never;

describe('what the call says about its transcript', () => {
  it('says who transcribed it: Ringside, or the provider by name', () => {
    expect(transcriptNotes({ call, transcriptInfo: { by: 'ringside', quality: 'clear', language: 'english' }, transcriptionFailure: null })).toEqual({ by: 'Transcribed by Ringside', warning: null, instead: null });
    expect(transcriptNotes({ call, transcriptInfo: { by: 'provider', quality: null, language: null } }).by).toBe('Transcribed by OpenPhone');
    expect(transcriptNotes({ call: { callId: 'acme:1' } as never, transcriptInfo: { by: 'provider', quality: null, language: null } }).by).toBe('Transcribed by the phone provider');
  });

  it('warns of poor audio, says when no speech was found, and gives the reason none could be made', () => {
    expect(transcriptNotes({ call, transcriptInfo: { by: 'ringside', quality: 'poor', language: null } }).warning).toBe('Poor audio — parts of this transcript may be wrong.');
    expect(transcriptNotes({ call, transcriptInfo: { by: 'ringside', quality: 'empty', language: null } }).instead).toBe('No speech was found in the recording.');
    expect(transcriptNotes({ call, transcriptInfo: null, transcriptionFailure: 'The recording could not be read as audio, so no transcript was made.' })).toEqual({
      by: null,
      warning: null,
      instead: 'The recording could not be read as audio, so no transcript was made.',
    });
    expect(transcriptNotes({ call, transcriptInfo: null, transcriptionFailure: null }).instead).toBeNull();
  });

  it('marks a line as unsure only when its confidence is known and below one half', () => {
    expect([isUnsure(0.3), isUnsure(0.5), isUnsure(null), isUnsure(undefined)]).toEqual([true, false, false, false]);
  });
});
