import { describe, expect, it } from 'vitest';
import { refusedAlert, retryingAlert, savedAlert, type MediaSubject } from '../../src/media/alert-wording';

const recording: MediaSubject = { kind: 'recording', contentType: 'audio/mpeg', party: '+16175550111', direction: 'incoming', lines: ['+16175550100'] };

describe('what a receptionist reads about media', () => {
  it('names the piece and the other party in plain words', () => {
    expect(retryingAlert(recording)).toBe('A call recording from +1 617 555 0111 could not be saved yet; Ringside keeps trying.');
    expect(savedAlert(recording)).toBe('The call recording from +1 617 555 0111 has been saved.');
    expect(retryingAlert({ ...recording, direction: 'outgoing' })).toBe('A call recording with +1 617 555 0111 could not be saved yet; Ringside keeps trying.');
    expect(retryingAlert({ ...recording, kind: 'voicemail' })).toBe('A voicemail from +1 617 555 0111 could not be saved yet; Ringside keeps trying.');
    expect(retryingAlert({ ...recording, kind: 'attachment', contentType: 'image/jpeg' })).toBe('A photo from +1 617 555 0111 could not be saved yet; Ringside keeps trying.');
    expect(retryingAlert({ ...recording, kind: 'attachment', contentType: 'video/mp4', direction: 'outgoing' })).toBe('A video sent to +1 617 555 0111 could not be saved yet; Ringside keeps trying.');
    expect(retryingAlert({ ...recording, kind: 'attachment', contentType: 'audio/amr' })).toBe('An audio clip from +1 617 555 0111 could not be saved yet; Ringside keeps trying.');
  });

  it('falls back to our line when the other party is not known', () => {
    expect(retryingAlert({ ...recording, party: null, direction: null })).toBe('A call recording on the line +1 617 555 0100 could not be saved yet; Ringside keeps trying.');
  });

  it('says why media can never be saved, with no ids, event names or settings', () => {
    const messages = [
      refusedAlert(recording, { reason: 'host_not_allowed', host: 'media.example.net' }),
      refusedAlert(recording, { reason: 'private_address', host: 'intranet' }),
      refusedAlert(recording, { reason: 'too_large', maxBytes: 26_214_400 }),
      refusedAlert(recording, { reason: 'not_media', contentType: 'text/html' }),
      refusedAlert(recording, { reason: 'bad_url' }),
    ];
    expect(messages[2]).toBe("A call recording from +1 617 555 0111 could not be saved: it is larger than 25 MB, the most Ringside keeps. Ringside keeps the provider's link instead, which may stop working.");
    for (const message of messages) expect(message).not.toMatch(/RELAY_|openphone:|media\.captured|_/);
  });
});
