import { retentionKinds, type RetentionKind } from '../../../shared/events/model';

/** What each kind of personal data is called on the Privacy settings, and what keeping it means. */
export const retentionKindWords: Record<RetentionKind, { label: string; hint: string }> = {
  recordings: { label: 'Call recordings', hint: 'The audio of calls and voicemails.' },
  transcripts: { label: 'Transcripts', hint: 'The written words of calls and voicemails, and their summaries.' },
  message_bodies: { label: 'Text messages', hint: 'What texts said. That a text was sent stays.' },
  media: { label: 'Pictures and files', hint: 'Photos and files sent in texts.' },
};

export interface RetentionRowInput {
  forever: boolean;
  daysText: string;
}

export type RetentionFormInput = Record<RetentionKind, RetentionRowInput>;

export function retentionFormFrom(days: Record<RetentionKind, number | null>): RetentionFormInput {
  return Object.fromEntries(retentionKinds.map((kind) => [kind, { forever: days[kind] === null, daysText: days[kind] === null ? '365' : String(days[kind]) }])) as RetentionFormInput;
}

/** The form read as the policy to post, or, per kind, what is wrong in plain words. */
export function readRetentionForm(form: RetentionFormInput): { ok: true; days: Record<RetentionKind, number | null> } | { ok: false; errors: Partial<Record<RetentionKind, string>> } {
  const days = {} as Record<RetentionKind, number | null>;
  const errors: Partial<Record<RetentionKind, string>> = {};
  for (const kind of retentionKinds) {
    const row = form[kind];
    if (row.forever) {
      days[kind] = null;
      continue;
    }
    const text = row.daysText.trim();
    const value = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isInteger(value) || value < 1) errors[kind] = 'Type a whole number of days, at least 1.';
    else if (value > 36_500) errors[kind] = 'At most 36500 days (100 years); choose “Keep forever” for longer.';
    else days[kind] = value;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, days };
}
