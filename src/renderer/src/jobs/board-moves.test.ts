import { describe, expect, it } from 'vitest';
import type { JobBoard, JobCard } from '../../../shared/api/jobs';
import { jobStages } from '../../../shared/events/model';
import { boardWithMove, placementOf } from './JobBoardView';

const card = (jobId: string, stage: JobCard['stage']): JobCard => ({
  jobId,
  stage,
  title: jobId,
  customerId: null,
  customerName: null,
  address: null,
  scheduledStart: null,
  scheduledEnd: null,
  urgency: null,
  priceMinor: null,
  currency: null,
  unreviewedFields: 0,
  photoCount: 0,
  createdAtMs: 0,
  origin: 'Added here',
});

const board: JobBoard = {
  columns: jobStages.map((stage) => ({ stage, name: stage, jobs: stage === 'quote_requested' ? ['a', 'b', 'c'].map((id) => card(id, stage)) : stage === 'confirmed' ? [card('x', stage)] : [] })),
};
const ids = (b: JobBoard, stage: JobCard['stage']) => b.columns.find((c) => c.stage === stage)!.jobs.map((j) => j.jobId);

describe('where a dropped card goes', () => {
  it('dropped on a card higher in its column, it goes before it; lower, after it', () => {
    expect(placementOf(board, 'c', 'a')).toEqual({ jobId: 'c', stage: 'quote_requested', beforeJobId: 'a' });
    expect(placementOf(board, 'a', 'b')).toEqual({ jobId: 'a', stage: 'quote_requested', beforeJobId: 'c' });
    expect(placementOf(board, 'a', 'c')).toEqual({ jobId: 'a', stage: 'quote_requested', beforeJobId: null });
  });

  it('dropped on another column’s card it goes before it; on the column itself, at its end', () => {
    expect(placementOf(board, 'b', 'x')).toEqual({ jobId: 'b', stage: 'confirmed', beforeJobId: 'x' });
    expect(placementOf(board, 'b', 'column:completed')).toEqual({ jobId: 'b', stage: 'completed', beforeJobId: null });
  });

  it('the board shows the move at once, before the relay has it back', () => {
    const moved = boardWithMove(board, { jobId: 'b', stage: 'confirmed', beforeJobId: 'x' });
    expect(ids(moved, 'quote_requested')).toEqual(['a', 'c']);
    expect(ids(moved, 'confirmed')).toEqual(['b', 'x']);
    expect(ids(boardWithMove(board, { jobId: 'a', stage: 'quote_requested', beforeJobId: null }), 'quote_requested')).toEqual(['b', 'c', 'a']);
  });
});
