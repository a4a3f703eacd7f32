import { describe, expect, it } from 'vitest';
import { readRetentionForm, retentionFormFrom } from './retention-form';

describe('the retention form', () => {
  it('reads “Keep forever” as no limit and days as a whole number', () => {
    const form = retentionFormFrom({ recordings: 90, transcripts: null, message_bodies: null, media: 30 });
    expect(form.recordings).toEqual({ forever: false, daysText: '90' });
    expect(form.transcripts).toEqual({ forever: true, daysText: '365' });
    form.transcripts = { forever: false, daysText: ' 400 ' };
    expect(readRetentionForm(form)).toEqual({ ok: true, days: { recordings: 90, transcripts: 400, message_bodies: null, media: 30 } });
  });

  it('says in words what is wrong with a number of days', () => {
    const form = retentionFormFrom({ recordings: null, transcripts: null, message_bodies: null, media: null });
    form.recordings = { forever: false, daysText: '0' };
    form.media = { forever: false, daysText: '2.5' };
    form.message_bodies = { forever: false, daysText: '40000' };
    expect(readRetentionForm(form)).toEqual({
      ok: false,
      errors: { recordings: 'Type a whole number of days, at least 1.', media: 'Type a whole number of days, at least 1.', message_bodies: 'At most 36500 days (100 years); choose “Keep forever” for longer.' },
    });
  });
});
