import type { OpenPhoneImportProgress } from '../../../shared/api/history-import';

/** The history import panel's words: pure, so the panel only lays them out. */

const KIND_WORDS: readonly [keyof OpenPhoneImportProgress['imported'], string, string][] = [
  ['conversations', 'conversation', 'conversations'],
  ['calls', 'call', 'calls'],
  ['messages', 'text', 'texts'],
  ['photos', 'photo', 'photos'],
  ['recordings', 'recording', 'recordings'],
  ['voicemails', 'voicemail', 'voicemails'],
  ['transcripts', 'transcript', 'transcripts'],
  ['summaries', 'summary', 'summaries'],
  ['contacts', 'contact', 'contacts'],
];

export function countWords(progress: OpenPhoneImportProgress): { label: string; value: string }[] {
  return KIND_WORDS.map(([kind, one, many]) => ({ label: progress.imported[kind] === 1 ? one : many, value: progress.imported[kind].toLocaleString('en-US') }));
}

export function stateWords(progress: OpenPhoneImportProgress): string {
  switch (progress.state) {
    case 'running':
      return 'Importing';
    case 'paused':
      return 'Paused';
    case 'finished':
      return progress.finishedAt === null ? 'Finished' : `Finished ${new Date(progress.finishedAt).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' })}`;
    default:
      return 'Stopped';
  }
}

export function etaWords(seconds: number | null): string | null {
  if (seconds === null) return null;
  if (seconds < 60) return 'less than a minute left';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} minute${minutes === 1 ? '' : 's'} left`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `about ${hours} h ${String(rest).padStart(2, '0')} min left`;
}

export function rangeWords(progress: OpenPhoneImportProgress): string {
  if (progress.fromDate === null && progress.toDate === null) return 'everything OpenPhone has';
  if (progress.fromDate === null) return `everything up to ${progress.toDate}`;
  if (progress.toDate === null) return `from ${progress.fromDate} on`;
  return `${progress.fromDate} to ${progress.toDate}`;
}

export function paceWords(progress: OpenPhoneImportProgress): string {
  return `${progress.requests.toLocaleString('en-US')} requests to OpenPhone, ${progress.requestsPerSecond.toFixed(1)} a second (${Math.round(progress.budgetUsed * 100)} % of its limit)`;
}
