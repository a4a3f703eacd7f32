import { afterEach, describe, expect, it } from 'vitest';
import { completed, customerUpserted, ringing, sequenced } from '../../../tests/support/event-builders';
import { extractionRecorded, field, fieldReviewed, jobCreated, jobEdited, jobMoved, noteAdded, photoAdded, proposal, stagesNamed } from '../../../tests/support/job-event-builders';
import { EVENT_MODEL_VERSION, type EventOf, type RingsideEvent } from '../../shared/events/model';
import { defaultStageNames, foldJobEvents, jobsInColumn } from '../../shared/jobs/job-fold';
import { openConsoleDatabase, type ConsoleDatabase } from '../db/open-console-database';
import { applyBatch } from '../projection/apply-event';
import { accuracyOf, allJobRecords, boardOf, calendarOf, jobView } from './job-reads';
import { readJobRecord } from './job-store';

const MARIA = '+16175550123';
const CALL = 'openphone:AC1';

const maria = proposal({
  customerName: field('Maria Lopez', 0.92, 'hi, this is Maria Lopez'),
  phone: field(MARIA, 0.99, 'six one seven five five five zero one two three'),
  address: field('12 Elm St, Springfield', 0.71, 'I’m at 12 Elm Street in Springfield'),
  preferredTime: field('2026-12-08T09:00:00-05:00/2026-12-08T12:00:00-05:00', 0.8, 'next Tuesday morning'),
  description: field('Crack in the basement wall', 0.6, 'there’s a crack in the basement wall'),
  price: field('45000 USD', 0.55, 'you said about four fifty'),
  urgency: field('soon', 0.5, 'as soon as you can'),
});

function summaryReady(callId: string, summary: string[]): EventOf<'call.summary_ready'> {
  return { v: EVENT_MODEL_VERSION, id: `${callId}:summary`, source: 'openphone', occurredAt: '2026-12-01T14:59:00.000Z', receivedAt: '2026-12-01T14:59:00.000Z', lines: ['+16175550199'], type: 'call.summary_ready', data: { callId, summary, nextSteps: [] } };
}

const theCall: RingsideEvent[] = [
  customerUpserted('cust-maria', 'Maria Lopez', [MARIA]),
  ringing(CALL, MARIA, '2026-12-01T14:50:00.000Z'),
  completed(CALL, MARIA, '2026-12-01T14:50:00.000Z', 240),
  summaryReady(CALL, ['Maria Lopez has a crack in her basement wall.', 'She would like a visit next Tuesday morning.']),
];

describe('jobs on a console', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());
  const open = async (events: RingsideEvent[]) => {
    db = await openConsoleDatabase(':memory:');
    applyBatch(db, sequenced(events));
    return db;
  };

  it('a recorded call’s extraction is a card in Quote requested with what the caller said', async () => {
    await open([...theCall, extractionRecorded(CALL, [maria], { customerId: 'cust-maria' })]);
    const board = boardOf(db, allJobRecords(db));
    expect(board.columns.map((column) => column.name)).toEqual(['Quote requested', 'Quote sent', 'Confirmed', 'In progress', 'Completed']);
    expect(board.columns[0]!.jobs).toEqual([
      expect.objectContaining({
        jobId: `call:${CALL}:0`,
        title: 'Crack in the basement wall',
        customerName: 'Maria Lopez',
        address: '12 Elm St, Springfield',
        scheduledStart: '2026-12-08T09:00:00-05:00',
        urgency: 'soon',
        priceMinor: 45000,
        currency: 'USD',
        unreviewedFields: 7,
        origin: expect.stringMatching(/^Call on 1 Dec, \d{1,2}:50$/),
      }),
    ]);
  });

  it('the job’s page shows each suggestion with how sure it was, the words it came from, and the call’s summary', async () => {
    await open([...theCall, extractionRecorded(CALL, [maria])]);
    const view = jobView(db, readJobRecord(db, `call:${CALL}:0`)!);
    expect(view.summary).toEqual(['Maria Lopez has a crack in her basement wall.', 'She would like a visit next Tuesday morning.']);
    expect(view.callId).toBe(CALL);
    const address = view.fields.find((f) => f.field === 'address')!;
    expect(address.proposed).toEqual({ value: '12 Elm St, Springfield', display: '12 Elm St, Springfield', confidence: 0.71, evidence: 'I’m at 12 Elm Street in Springfield' });
    expect(view.fields.find((f) => f.field === 'preferredTime')!.proposed?.display).toBe('Tue 8 Dec, 9:00–12:00');
    expect(view.fields.find((f) => f.field === 'price')!.proposed?.display).toBe('$450.00');
    expect(view.fields.find((f) => f.field === 'phone')!.proposed?.display).toBe('+1 617 555 0123');
    expect(view.fields.find((f) => f.field === 'notes')!.proposed).toBeNull();
    expect(view.history.map((h) => h.words)).toEqual(['Made from the conversation']);
  });

  it('moves, reviews, edits, notes and photos are written as every console folds them, and told in the history', async () => {
    const jobId = `call:${CALL}:0`;
    await open([
      ...theCall,
      extractionRecorded(CALL, [maria]),
      jobMoved(jobId, 'confirmed'),
      fieldReviewed(jobId, 'address', 'edited', '12 Elm St, Springfield', '14 Elm St, Springfield'),
      jobEdited(jobId, { address: '14 Elm St, Springfield' }),
      fieldReviewed(jobId, 'price', 'rejected', '45000 USD', null),
      jobEdited(jobId, { priceMinor: null, currency: null }),
      fieldReviewed(jobId, 'customerName', 'accepted', 'Maria Lopez', 'Maria Lopez'),
      noteAdded(jobId, 'Side gate is open', 'n1'),
      photoAdded(jobId, 'b'.repeat(64), 'wall.jpg'),
      stagesNamed({ ...defaultStageNames, confirmed: 'Booked' }),
    ]);
    const view = jobView(db, readJobRecord(db, jobId)!);
    expect(view).toMatchObject({ stage: 'confirmed', address: '14 Elm St, Springfield', priceMinor: null, unreviewedFields: 4, photoCount: 1 });
    expect(view.fields.find((f) => f.field === 'address')!.review).toMatchObject({ decision: 'edited', chosen: '14 Elm St, Springfield', by: 'Front desk' });
    expect(view.notes.map((n) => n.text)).toEqual(['Side gate is open']);
    expect(view.photos).toEqual([expect.objectContaining({ sha256: 'b'.repeat(64), fileName: 'wall.jpg', contentType: 'image/jpeg' })]);
    expect(view.history.map((h) => h.words)).toEqual([
      'Made from the conversation',
      'Moved from Quote requested to Booked by Front desk',
      'Address corrected by Front desk',
      'Details changed by Front desk',
      'Price rejected by Front desk',
      'Details changed by Front desk',
      'Customer accepted by Front desk',
      'Note added by Front desk',
      'Photo wall.jpg added by Front desk',
    ]);
    expect(boardOf(db, allJobRecords(db)).columns[2]).toMatchObject({ name: 'Booked', jobs: [expect.objectContaining({ jobId })] });
  });

  it('the board’s order in every column is the one the shared fold gives', async () => {
    const events: RingsideEvent[] = [
      ...theCall,
      extractionRecorded(CALL, [maria, proposal({ description: 'Gutters' })]),
      jobCreated('j-kitchen', { title: 'Kitchen quote' }),
      jobCreated('j-roof', { title: 'Roof check' }),
      jobMoved('j-kitchen', 'quote_sent'),
      jobMoved('j-roof', 'quote_sent', 'j-kitchen'),
      jobMoved(`call:${CALL}:1`, 'quote_requested', `call:${CALL}:0`),
    ];
    await open(events);
    const folded = foldJobEvents(events);
    const board = boardOf(db, allJobRecords(db));
    for (const column of board.columns) expect(column.jobs.map((card) => card.jobId)).toEqual(jobsInColumn(folded, column.stage).map((job) => job.jobId));
    expect(board.columns[1]!.jobs.map((card) => card.title)).toEqual(['Roof check', 'Kitchen quote']);
    expect(board.columns[0]!.jobs.map((card) => card.title)).toEqual(['Gutters', 'Crack in the basement wall']);
  });

  it('a search keeps the cards whose title, customer or address holds every word', async () => {
    await open([...theCall, extractionRecorded(CALL, [maria]), jobCreated('j-kitchen', { title: 'Kitchen quote', address: '3 Oak Rd' })]);
    const found = boardOf(db, allJobRecords(db), 'elm maria').columns.flatMap((column) => column.jobs.map((card) => card.title));
    expect(found).toEqual(['Crack in the basement wall']);
  });

  it('the calendar shows confirmed and later jobs starting in the range, not quotes', async () => {
    await open([
      ...theCall,
      extractionRecorded(CALL, [maria]),
      jobCreated('j-kitchen', { title: 'Kitchen quote', scheduledStart: '2026-12-09T14:00:00-05:00' }),
      jobCreated('j-roof', { title: 'Roof check', scheduledStart: '2026-12-20T10:00:00-05:00' }),
      jobMoved(`call:${CALL}:0`, 'confirmed'),
      jobMoved('j-roof', 'in_progress'),
    ]);
    expect(calendarOf(db, '2026-12-01', '2026-12-31').map((job) => job.title)).toEqual(['Crack in the basement wall', 'Roof check']);
    expect(calendarOf(db, '2026-12-01', '2026-12-07')).toEqual([]);
    expect(calendarOf(db, '2026-12-08', '2026-12-08')[0]).toMatchObject({ start: '2026-12-08T09:00:00-05:00', end: '2026-12-08T12:00:00-05:00', customerName: 'Maria Lopez', stage: 'confirmed' });
  });

  it('how often the suggestions were right counts each field’s answers', async () => {
    const second = `call:openphone:AC2:0`;
    await open([
      extractionRecorded(CALL, [maria]),
      extractionRecorded('openphone:AC2', [maria]),
      fieldReviewed(`call:${CALL}:0`, 'address', 'accepted', 'x', 'x'),
      fieldReviewed(second, 'address', 'edited', 'x', 'y'),
      fieldReviewed(second, 'price', 'rejected', 'x', null),
    ]);
    const accuracy = accuracyOf(db);
    expect(accuracy.find((a) => a.field === 'address')).toEqual({ field: 'address', reviewed: 2, accepted: 1, edited: 1, rejected: 0, accuracy: 0.5 });
    expect(accuracy.find((a) => a.field === 'price')).toMatchObject({ reviewed: 1, accuracy: 0 });
    expect(accuracy.find((a) => a.field === 'phone')).toMatchObject({ reviewed: 0, accuracy: null });
  });

  it('a merged customer’s jobs belong to the customer kept', async () => {
    await open([
      extractionRecorded(CALL, [proposal({ description: 'Leak' })], { customerId: 'cust-old' }),
      customerUpserted('cust-new', 'Maria Lopez', [MARIA]),
      { v: EVENT_MODEL_VERSION, id: 'merge', source: 'console', occurredAt: '2026-12-02T00:00:00.000Z', receivedAt: '2026-12-02T00:00:00.000Z', lines: [], type: 'customer.merged', data: { fromCustomerId: 'cust-old', intoCustomerId: 'cust-new', by: 'Owner' } },
    ]);
    expect(boardOf(db, allJobRecords(db)).columns[0]!.jobs[0]).toMatchObject({ customerId: 'cust-new', customerName: 'Maria Lopez' });
  });
});
