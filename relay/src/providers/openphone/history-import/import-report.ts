/**
 * What the history import could not bring over, in words an admin reads (issue 12 §1).
 * Problems are counted under a key while importing; here each becomes one sentence. Pure.
 */

export type ImportProblem =
  | 'recording-expired'
  | 'voicemail-expired'
  | 'photo-expired'
  | 'ai-refused'
  | 'unreadable'
  | 'thread-refused'
  | 'group-calls';

const plural = (count: number, one: string, many: string) => `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;

export function importReport(problems: Readonly<Record<string, number>>, finished: boolean): string[] {
  const count = (key: ImportProblem) => problems[key] ?? 0;
  const lines: string[] = [];
  if (count('recording-expired') > 0) lines.push(`${plural(count('recording-expired'), 'call recording is', 'call recordings are')} older than OpenPhone keeps media for its API and could not be downloaded; the calls themselves were imported.`);
  if (count('voicemail-expired') > 0) lines.push(`${plural(count('voicemail-expired'), 'voicemail recording is', 'voicemail recordings are')} too old to download from OpenPhone; the voicemail's text was kept where OpenPhone had it.`);
  if (count('photo-expired') > 0) lines.push(`${plural(count('photo-expired'), 'photo', 'photos')} in texts ${count('photo-expired') === 1 ? 'is' : 'are'} too old to download from OpenPhone; the texts were imported without ${count('photo-expired') === 1 ? 'it' : 'them'}.`);
  if (count('ai-refused') > 0) lines.push(`OpenPhone refused transcripts or summaries for ${plural(count('ai-refused'), 'call', 'calls')}: they need OpenPhone's Business or Scale plan.`);
  if (count('thread-refused') > 0) lines.push(`OpenPhone refused to list the calls or texts of ${plural(count('thread-refused'), 'conversation', 'conversations')}; they were skipped.`);
  if (count('unreadable') > 0) lines.push(`${plural(count('unreadable'), 'item', 'items')} from OpenPhone could not be read and ${count('unreadable') === 1 ? 'was' : 'were'} left out.`);
  if (count('group-calls') > 0) lines.push(`OpenPhone's API lists calls only with one other person: calls in ${plural(count('group-calls'), 'group conversation', 'group conversations')} cannot be imported (their texts were).`);
  // Always true of API v1 (spec §1.11), so said whatever this workspace holds.
  if (finished) lines.push("Contacts made in OpenPhone's own app cannot be read through OpenPhone's API; only contacts made through the API were imported. Add the others as customers in Ringside.");
  return lines;
}
