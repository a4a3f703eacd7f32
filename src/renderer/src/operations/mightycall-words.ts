import type { MightyCallStatus } from '../../../shared/api/mightycall';

/** The MightyCall card's words: pure, so the card only lays them out. Times in the console's own zone. */

const when = (iso: string | null, now: number): string | null => {
  if (iso === null) return null;
  const at = new Date(iso);
  const sameDay = new Date(now).toDateString() === at.toDateString();
  return at.toLocaleString('en-US', sameDay ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' });
};

export function intervalWords(seconds: number): string {
  if (seconds < 120) return `every ${seconds} seconds`;
  const minutes = Math.round(seconds / 6) / 10;
  return `about every ${minutes.toLocaleString('en-US')} minutes`;
}

export function pollWords(status: MightyCallStatus, now: number): string {
  const last = when(status.lastPollAt, now);
  const next = when(status.heldUntil ?? status.nextPollAt, now);
  const parts = [last === null ? 'Not read yet' : `Last read ${last}`];
  if (next !== null) parts.push(status.heldUntil !== null ? `waiting until ${next}` : `next at ${next}`);
  return `${parts.join(', ')}.`;
}

export function budgetWords(status: MightyCallStatus): string {
  return `${status.usedLast24h.toLocaleString('en-US')} of ${status.budget.toLocaleString('en-US')} requests used in the last 24 hours`;
}

export function importedWords(status: MightyCallStatus): { label: string; value: string }[] {
  const { imported } = status;
  const rows: [number, string, string][] = [
    [imported.lines, 'number', 'numbers'],
    [imported.calls, 'call', 'calls'],
    [imported.recordings, 'recording', 'recordings'],
    [imported.voicemails, 'voicemail', 'voicemails'],
    [imported.messages, 'text', 'texts'],
    [imported.contacts, 'contact', 'contacts'],
  ];
  return rows.map(([count, one, many]) => ({ label: count === 1 ? one : many, value: count.toLocaleString('en-US') }));
}
