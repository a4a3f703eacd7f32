import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRelayDatabase, type RelayDatabase } from '../../../src/database';
import { jobKeyOf, REFUSED_ERROR_PREFIX, UNCONFIRMED_OUTCOME, VerificationQueue } from '../../../src/providers/flutterwave/verification-queue';

/** The verifier's durable jobs, on a real relay.db. */

let dir: string;
let db: RelayDatabase;
let queue: VerificationQueue;
const job = { jobKey: jobKeyOf('charge', '8100001'), kind: 'charge' as const, subjectId: '8100001', email: null, webhookSeq: 7 };

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ringside-fw-queue-'));
  db = openRelayDatabase(dir);
  queue = new VerificationQueue(db);
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a verification Flutterwave would not confirm', () => {
  it('is reopened by the webhook coming again, and by the reference sweep finding its transaction', () => {
    queue.enqueue([job], 7, 1_000);
    queue.done(job.jobKey, `${UNCONFIRMED_OUTCOME}: HTTP 404: No transaction was found`, null, 2_000);
    expect(queue.dueJobs(10_000, 10)).toEqual([]);
    queue.enqueue([{ ...job, webhookSeq: 9 }], 9, 3_000);
    expect(queue.dueJobs(10_000, 10).map((j) => [j.jobKey, j.attempts])).toEqual([[job.jobKey, 0]]);

    queue.done(job.jobKey, `${UNCONFIRMED_OUTCOME}: HTTP 403: Forbidden`, null, 4_000);
    expect(queue.found({ ...job, webhookSeq: 0 }, 5_000)).toBe(true);
    expect(queue.dueJobs(10_000, 10).map((j) => j.jobKey)).toEqual([job.jobKey]);
  });

  it('a job settled with a payment stays settled whatever comes again', () => {
    queue.enqueue([job], 7, 1_000);
    queue.done(job.jobKey, 'received', 12, 2_000);
    queue.enqueue([job], 9, 3_000);
    expect(queue.found(job, 4_000)).toBe(false);
    expect(queue.dueJobs(10_000, 10)).toEqual([]);
  });

  it('while it is asked again, is not counted as Flutterwave being down (it has its own alert)', () => {
    queue.enqueue([job, { ...job, jobKey: jobKeyOf('charge', '8100002'), subjectId: '8100002' }], 7, 1_000);
    for (let i = 0; i < 3; i++) {
      queue.failed(job.jobKey, `${REFUSED_ERROR_PREFIX} HTTP 404: No transaction was found`, 2_000, 1_000);
      queue.failed(jobKeyOf('charge', '8100002'), 'Flutterwave answered 503', 2_000, 1_000);
    }
    expect(queue.failingCount(2)).toBe(1);
    expect(queue.pendingCount()).toBe(2);
  });
});
