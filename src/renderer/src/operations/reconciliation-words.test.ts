import { describe, expect, it } from 'vitest';
import { reconciliationRunSchema } from '../../../shared/relay-rest/reconciliation';
import { differingWords, outcomeWords } from './reconciliation-words';

const run = (extra: Record<string, unknown>) =>
  reconciliationRunSchema.parse({
    id: 1, trigger: 'daily', fromDate: '2026-11-30', toDate: '2026-11-30', startedAt: '2026-12-01T02:00:00.000Z', finishedAt: '2026-12-01T02:00:05.000Z', state: 'done',
    listedCalls: 4, listedMessages: 3, recoveredCalls: 0, recoveredMessages: 0, unreadable: 0, recovered: [], error: null, ...extra,
  });
const call = { kind: 'call', key: 'call.completed|openphone:AC1', businessNumber: '+16175550140', externalNumber: '+16175550181', at: '2026-11-30T10:00:00.000Z' } as const;

describe('what the Operations page says about calls and texts OpenPhone describes differently', () => {
  it('an older relay reports no differences: nothing missing, as before', () => {
    expect(outcomeWords(run({}))).toBe('Nothing missing: 4 calls and 3 texts in OpenPhone, all already in Ringside.');
  });

  it('says how many differ, which were corrected and which are left to check, and each difference in plain words', () => {
    const differing = [
      { ...call, difference: 'duration', inRingside: 240, inOpenPhone: 300, corrected: true },
      { ...call, kind: 'message', key: 'message.recorded|openphone:AC9', difference: 'status', inRingside: 'sent', inOpenPhone: 'undelivered', corrected: false },
    ];
    const checked = run({ differences: 2, correctedCalls: 1, differing });
    expect(outcomeWords(checked)).toBe("Nothing missing. 2 calls and texts differ from OpenPhone: the talk time of 1 call corrected to OpenPhone's, 1 left as it was for you to check.");
    expect(differingWords(checked.differing[0]!)).toMatch(/^Call with .+: talk time 4 min 0 s in Ringside, 5 min 0 s in OpenPhone \(corrected\)$/);
    expect(differingWords(checked.differing[1]!)).toMatch(/^Text with .+: sent in Ringside, not delivered in OpenPhone$/);
    expect(outcomeWords(run({ recoveredCalls: 1, recovered: [call], differences: 1, correctedCalls: 0, differing: [differing[1]] }))).toBe(
      'Found 1 call that OpenPhone never sent to Ringside, and added them to the history. 1 call or text differs from OpenPhone: 1 left as it was for you to check.',
    );
  });
});
