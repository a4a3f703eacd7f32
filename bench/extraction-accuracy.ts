import { performance } from 'node:perf_hooks';
import { accuracy, scoreExtractions, SCORED_FIELDS, type ScoredField } from '../src/shared/jobs/extraction/extraction-accuracy';
import { extractOffline } from '../src/shared/jobs/extraction/offline-extractor';
import { HELD_OUT_TRANSCRIPTS } from '../tests/fixtures/extraction/held-out-transcripts';
import { LABELLED_TRANSCRIPTS } from '../tests/fixtures/extraction/labelled-transcripts';
import { UNSEEN_TRANSCRIPTS } from '../tests/fixtures/extraction/unseen-transcripts';
import { BLIND_TRANSCRIPTS } from '../tests/fixtures/extraction/blind-transcripts';
import { FRESH_TRANSCRIPTS } from '../tests/fixtures/extraction/fresh-transcripts';
import { BLIND_2_TRANSCRIPTS } from '../tests/fixtures/extraction/blind-2-transcripts';
import { WIDE_TRANSCRIPTS } from '../tests/fixtures/extraction/wide-transcripts';
import { BLIND_3_TRANSCRIPTS } from '../tests/fixtures/extraction/blind-3-transcripts';
import { BLIND_4_TRANSCRIPTS } from '../tests/fixtures/extraction/blind-4-transcripts';
import { BLIND_5_TRANSCRIPTS } from '../tests/fixtures/extraction/blind-5-transcripts';
import { BLIND_6_TRANSCRIPTS } from '../tests/fixtures/extraction/blind-6-transcripts';
import { atLeast, figure, reported, type BenchmarkResult } from './figures';

/**
 * Issue 15 §2: the offline extractor's field accuracy on the labelled set
 * (tests/fixtures/extraction), the goal ≥ 90 % on date/time, phone and address; the other
 * fields and the total are reported. Deterministic: the same figures on every machine. The
 * time per transcript is reported too (the extractor runs on the relay for every call).
 *
 * What each set is, honestly: the labelled set and the second set were tuned on (the extractor
 * was changed until they passed), and so was the "unseen" set after its first reading (its
 * misses were fixed in 100f9e2), so all three are in-sample. The blind set, written by someone
 * who never saw the extractor, was out of sample until 2026-12-02, tuned on since: its figures
 * are in-sample now too, and so are the wide set's (written that day without reading the
 * extractor, then tuned on). Blind set 2, written and audited that day by two people who never
 * read the extractor and never opened by its authors, is the out-of-sample measure: the goal is
 * reported on it, and its misses stay in the details (never printed as a to-do list). Blind set 3,
 * written on 2026-12-03 the same way, was read once out of sample (its first reading is in its
 * note) and is tuned on since. Blind set 4, written on 2026-12-04 the same way, was read once out
 * of sample (its first reading is in its line below; its writer had been given a list of phrasings
 * to cover, and that day's date rules were written from the same list, so that reading flatters).
 * Blind set 5, written the same day with no such list, was read once out of sample too: the
 * plainer measure of the two. Blind set 6, written the same way after the rules tuned on blind
 * set 5, was read once to see whether they carry to conversations they were not written from.
 */

const GOAL_FIELDS: readonly ScoredField[] = ['preferredTime', 'phone', 'address'];
const LABELS: Record<ScoredField | 'outcome', string> = {
  preferredTime: 'date/time',
  phone: 'phone',
  address: 'address',
  customerName: 'name',
  price: 'price',
  urgency: 'urgency',
  outcome: 'outcome (appointment, none, dropped)',
};

export function extractionAccuracy(options: { progress: (line: string) => void }): Promise<BenchmarkResult> {
  // Warm up chrono and the patterns once, so the time per transcript is the steady one.
  for (const labelled of LABELLED_TRANSCRIPTS.slice(0, 5)) extractOffline(labelled.input);
  const started = performance.now();
  const cases = LABELLED_TRANSCRIPTS.map((labelled) => ({ id: labelled.id, expected: labelled.expected, got: extractOffline(labelled.input) }));
  const perTranscriptMs = (performance.now() - started) / LABELLED_TRANSCRIPTS.length;
  const report = scoreExtractions(cases);
  options.progress(`${LABELLED_TRANSCRIPTS.length} transcripts scored, ${report.misses.length} misses`);
  const percent = (field: ScoredField | 'outcome') => Math.round(accuracy(report.fields[field]) * 1000) / 10;
  const unseen = scoreExtractions(UNSEEN_TRANSCRIPTS.map((labelled) => ({ id: labelled.id, expected: labelled.expected, got: extractOffline(labelled.input) })));
  const second = scoreExtractions(HELD_OUT_TRANSCRIPTS.map((labelled) => ({ id: labelled.id, expected: labelled.expected, got: extractOffline(labelled.input) })));
  // Written by someone who never read the extractor or the other sets, never seen by its authors: reported only, never a goal.
  const blind = scoreExtractions(BLIND_TRANSCRIPTS.map((labelled) => ({ id: labelled.id, expected: labelled.expected, got: extractOffline(labelled.input) })));
  // Written on 2026-12-02 by someone who never read the extractor, audited by a second reader who never ran it on the set; never opened by the extractor's authors: the out-of-sample measure.
  const blind2 = scoreExtractions(BLIND_2_TRANSCRIPTS.map((labelled) => ({ id: labelled.id, expected: labelled.expected, got: extractOffline(labelled.input) })));
  // Written on 2026-12-02 without reading the extractor, then tuned on: in-sample.
  const wide = scoreExtractions(WIDE_TRANSCRIPTS.map((labelled) => ({ id: labelled.id, expected: labelled.expected, got: extractOffline(labelled.input) })));
  // Speech-to-text, corrections, spoken numbers: its first reading is in its file's header; tuned on since, so in-sample.
  const fresh = scoreExtractions(FRESH_TRANSCRIPTS.map((labelled) => ({ id: labelled.id, expected: labelled.expected, got: extractOffline(labelled.input) })));
  // Written on 2026-12-03 by someone who never read the extractor nor the other sets; read once out of sample (the first reading below), tuned on since.
  const blind3 = scoreExtractions(BLIND_3_TRANSCRIPTS.map((labelled) => ({ id: labelled.id, expected: labelled.expected, got: extractOffline(labelled.input) })));
  const blind4 = scoreExtractions(BLIND_4_TRANSCRIPTS.map((labelled) => ({ id: labelled.id, expected: labelled.expected, got: extractOffline(labelled.input) })));
  const blind5 = scoreExtractions(BLIND_5_TRANSCRIPTS.map((labelled) => ({ id: labelled.id, expected: labelled.expected, got: extractOffline(labelled.input) })));
  const blind6 = scoreExtractions(BLIND_6_TRANSCRIPTS.map((labelled) => ({ id: labelled.id, expected: labelled.expected, got: extractOffline(labelled.input) })));
  const appointments = LABELLED_TRANSCRIPTS.reduce((sum, labelled) => sum + labelled.expected.appointments.length, 0);
  return Promise.resolve({
    name: 'extraction-accuracy',
    setup: `${LABELLED_TRANSCRIPTS.length} labelled transcripts (calls, voicemails, text threads; ${appointments} appointments; tuned on) read by the offline extractor`,
    figures: [
      ...GOAL_FIELDS.map((field) => figure(`${LABELS[field]} accuracy (labelled set, tuned on)`, percent(field), '%', atLeast(90))),
      // The same goal on the blind set (out of sample until 2026-12-02, tuned on since).
      ...GOAL_FIELDS.map((field) => figure(`${LABELS[field]} accuracy (blind set 2)`, Math.round(accuracy(blind2.fields[field]) * 1000) / 10, '%', atLeast(90))),
      ...(['customerName', 'price', 'urgency', 'outcome'] as const).map((field) => reported(`${LABELS[field]} accuracy`, percent(field), '%')),
      reported('total field accuracy', Math.round(accuracy(report.total) * 1000) / 10, '%'),
      reported('time per transcript', Math.round(perTranscriptMs * 100) / 100, 'ms'),
    ],
    notes: [
      `labelled set, tuned on (in-sample), per field (right / scored): ${[...SCORED_FIELDS, 'outcome' as const].map((field) => `${LABELS[field]} ${report.fields[field].right}/${report.fields[field].total}`).join(', ')}`,
      `second set, written after the extractor and then tuned on (in-sample; ${HELD_OUT_TRANSCRIPTS.length} transcripts; its first reading, before fixes, was 84.7 % of all fields): ${[...SCORED_FIELDS, 'outcome' as const].map((field) => `${LABELS[field]} ${second.fields[field].right}/${second.fields[field].total}`).join(', ')}, total ${(accuracy(second.total) * 100).toFixed(1)} %`,
      `"unseen" set, tuned on after its first reading (in-sample now; ${UNSEEN_TRANSCRIPTS.length} transcripts; its first reading, before its misses were fixed, was 62.0 % of all fields): ${[...SCORED_FIELDS, 'outcome' as const].map((field) => `${LABELS[field]} ${unseen.fields[field].right}/${unseen.fields[field].total}`).join(', ')}, total ${(accuracy(unseen.total) * 100).toFixed(1)} %`,
      // Its own block, per field; its misses stay in the details only, so the set is not read as a to-do list for the extractor.
      `blind set (written by someone who never saw the extractor; out of sample until 2026-12-02, tuned on since): ${BLIND_TRANSCRIPTS.length} transcripts, ${BLIND_TRANSCRIPTS.reduce((sum, labelled) => sum + labelled.expected.appointments.length, 0)} appointments, total ${(accuracy(blind.total) * 100).toFixed(1)} %`,
      ...[...SCORED_FIELDS, 'outcome' as const].map((field) => `  blind ${LABELS[field]}: ${(accuracy(blind.fields[field]) * 100).toFixed(1)} % (${blind.fields[field].right}/${blind.fields[field].total})`),
      `blind set 2 (out of sample: written and audited by people who never read the extractor, never opened by its authors): ${BLIND_2_TRANSCRIPTS.length} transcripts, ${BLIND_2_TRANSCRIPTS.reduce((sum, labelled) => sum + labelled.expected.appointments.length, 0)} appointments, total ${(accuracy(blind2.total) * 100).toFixed(1)} %`,
      ...[...SCORED_FIELDS, 'outcome' as const].map((field) => `  blind 2 ${LABELS[field]}: ${(accuracy(blind2.fields[field]) * 100).toFixed(1)} % (${blind2.fields[field].right}/${blind2.fields[field].total})`),
      `blind set 3 (written 2026-12-03 without reading the extractor or the other sets; first reading, out of sample, before any change: date/time 72.2 %, phone 91.7 %, address 80.6 %, name 50.0 %, price 72.2 %, urgency 75.0 %, outcome 92.5 %, total 76.6 %; tuned on since): ${BLIND_3_TRANSCRIPTS.length} transcripts, ${[...SCORED_FIELDS, 'outcome' as const].map((field) => `${LABELS[field]} ${blind3.fields[field].right}/${blind3.fields[field].total}`).join(', ')}, total ${(accuracy(blind3.total) * 100).toFixed(1)} %`,
      `blind set 4 (written 2026-12-04 without reading the extractor or the other sets, from a list of phrasings its writer was given, some of which the extractor's rules of that day also cover; first reading, out of sample, before any change for it: date/time 89.2 % (81.1 % on the extractor of the morning, before that day's date rules), phone 91.9 %, address 94.6 %, name 78.4 %, price 94.6 %, urgency 86.5 %, outcome 95.0 %, total 90.1 %): ${BLIND_4_TRANSCRIPTS.length} transcripts, ${[...SCORED_FIELDS, 'outcome' as const].map((field) => `${LABELS[field]} ${blind4.fields[field].right}/${blind4.fields[field].total}`).join(', ')}, total ${(accuracy(blind4.total) * 100).toFixed(1)} %`,
      `blind set 5 (written 2026-12-04 without reading the extractor or the other sets, and with no list of phrasings: conversations as they go; first reading, out of sample, before any change for it: date/time 57.9 % (the same on the extractor of that morning), phone 94.7 %, address 78.9 %, name 81.6 %, price 89.5 %, urgency 68.4 %, outcome 90.0 %, total 80.2 %): ${BLIND_5_TRANSCRIPTS.length} transcripts, ${[...SCORED_FIELDS, 'outcome' as const].map((field) => `${LABELS[field]} ${blind5.fields[field].right}/${blind5.fields[field].total}`).join(', ')}, total ${(accuracy(blind5.total) * 100).toFixed(1)} %`,
      `blind set 6 (written 2026-12-04 like blind set 5, after the rules tuned on it; first reading, out of sample: date/time 75.0 %, against 67.9 % on the extractor of that morning and 71.4 % before the blind set 5 rules; phone 100 %, address 96.4 %, name 75.0 %, price 96.4 %, urgency 64.3 %, outcome 93.3 %, total 85.9 %): ${BLIND_6_TRANSCRIPTS.length} transcripts, ${[...SCORED_FIELDS, 'outcome' as const].map((field) => `${LABELS[field]} ${blind6.fields[field].right}/${blind6.fields[field].total}`).join(', ')}, total ${(accuracy(blind6.total) * 100).toFixed(1)} %`,
      `wide set (written without reading the extractor, then tuned on; ${WIDE_TRANSCRIPTS.length} transcripts): ${[...SCORED_FIELDS, 'outcome' as const].map((field) => `${LABELS[field]} ${wide.fields[field].right}/${wide.fields[field].total}`).join(', ')}, total ${(accuracy(wide.total) * 100).toFixed(1)} %`,
      `fresh set (written and then tuned on by the same author; ${FRESH_TRANSCRIPTS.length} transcripts, first reading 61.2 % of all fields): ${[...SCORED_FIELDS, 'outcome' as const].map((field) => `${LABELS[field]} ${fresh.fields[field].right}/${fresh.fields[field].total}`).join(', ')}, total ${(accuracy(fresh.total) * 100).toFixed(1)} %`,
      ...unseen.misses.filter((miss) => miss.expected !== null || miss.got !== null).map((miss) => `"unseen" (tuned on) miss: ${miss.case} ${LABELS[miss.field]}: expected ${miss.expected ?? 'nothing'}, got ${miss.got ?? 'nothing'}`),
      ...report.misses.slice(0, 20).map((miss) => `miss: ${miss.case} ${LABELS[miss.field]}: expected ${miss.expected ?? 'nothing'}, got ${miss.got ?? 'nothing'}`),
    ],
    details: { fields: report.fields, total: report.total, misses: report.misses, perTranscriptMs, secondSet: { fields: second.fields, total: second.total, misses: second.misses }, unseenSet: { fields: unseen.fields, total: unseen.total, misses: unseen.misses }, blindSet: { fields: blind.fields, total: blind.total, misses: blind.misses }, blindSet2: { fields: blind2.fields, total: blind2.total, misses: blind2.misses }, wideSet: { fields: wide.fields, total: wide.total, misses: wide.misses }, blindSet3: { fields: blind3.fields, total: blind3.total, misses: blind3.misses }, blindSet4: { fields: blind4.fields, total: blind4.total, misses: blind4.misses }, blindSet5: { fields: blind5.fields, total: blind5.total, misses: blind5.misses }, blindSet6: { fields: blind6.fields, total: blind6.total, misses: blind6.misses }, freshSet: { fields: fresh.fields, total: fresh.total, misses: fresh.misses } },
  });
}
