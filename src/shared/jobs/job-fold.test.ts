import { describe, expect, it } from 'vitest';
import { foldJobEvents, foldJobEvent, emptyJobsState, jobsInColumn, unreviewedFields, defaultStageNames, detailsOfProposedValue, shortTitle } from './job-fold';
import { extractionRecorded, proposal, field, jobCreated, jobMoved, jobEdited, fieldReviewed, noteAdded, photoAdded, stagesNamed } from '../../../tests/support/job-event-builders';
import type { RingsideEvent } from '../events/model';

const maria = proposal({
  customerName: field('Maria Lopez', 0.9, 'this is Maria Lopez'),
  phone: '+16175550123',
  address: field('12 Elm St, Springfield', 0.7, 'at 12 Elm Street'),
  preferredTime: '2026-12-08T09:00:00-05:00/2026-12-08T12:00:00-05:00',
  description: 'Crack in the basement wall',
  price: '45000 USD',
  urgency: 'soon',
});

const ids = (events: RingsideEvent[], stage: Parameters<typeof jobsInColumn>[1]) => jobsInColumn(foldJobEvents(events), stage).map((job) => job.jobId);

describe('a call becomes a job', () => {
  it('each appointment of an extraction is a job in Quote requested, with the proposals filled in', () => {
    const state = foldJobEvents([extractionRecorded('c1', [maria, proposal({ description: 'Gutter cleaning' })])]);
    expect([...state.jobs.keys()].sort()).toEqual(['call:c1:0', 'call:c1:1']);
    const job = state.jobs.get('call:c1:0')!;
    expect(job.stage).toBe('quote_requested');
    expect(job.callId).toBe('c1');
    expect(job.details).toMatchObject({
      title: 'Crack in the basement wall',
      customerName: 'Maria Lopez',
      phone: '+16175550123',
      address: '12 Elm St, Springfield',
      scheduledStart: '2026-12-08T09:00:00-05:00',
      scheduledEnd: '2026-12-08T12:00:00-05:00',
      priceMinor: 45000,
      currency: 'USD',
      urgency: 'soon',
    });
    expect(job.proposals.address).toEqual({ value: '12 Elm St, Springfield', confidence: 0.7, evidence: 'at 12 Elm Street' });
    expect(unreviewedFields(job)).toHaveLength(7);
  });

  it('a call without an appointment makes no job', () => {
    expect(foldJobEvents([extractionRecorded('c1', [])]).jobs.size).toBe(0);
  });

  it('a proposal not in its normal form is shown but leaves the detail empty', () => {
    const job = foldJobEvents([extractionRecorded('c1', [proposal({ phone: 'call me back', price: 'four hundred', description: 'Leak' })])]).jobs.get('call:c1:0')!;
    expect(job.details.phone).toBeNull();
    expect(job.details.priceMinor).toBeNull();
    expect(job.proposals.phone?.value).toBe('call me back');
  });

  it('a job without a description is titled by who asked', () => {
    const job = foldJobEvents([extractionRecorded('c1', [proposal({ customerName: 'Sam Reed' })])]).jobs.get('call:c1:0')!;
    expect(job.details.title).toBe('Visit for Sam Reed');
  });

  it('new jobs arrive at the top of Quote requested, in the order the call gave them', () => {
    const events = [extractionRecorded('c1', [maria]), extractionRecorded('c2', [maria, maria])];
    expect(ids(events, 'quote_requested')).toEqual(['call:c2:0', 'call:c2:1', 'call:c1:0']);
  });

  it('photos the customer sent in the thread are linked to the job', () => {
    const job = foldJobEvents([extractionRecorded('t1', [maria], { kind: 'conversation', mediaIds: ['m1', 'm2'] })]).jobs.get('conversation:t1:0')!;
    expect(job.mediaIds).toEqual(['m1', 'm2']);
  });
});

describe('a job made from the caller’s words has a short title', () => {
  it('drops the lead-in and keeps the job: "I was downstairs yesterday and I noticed there is a crack…" is "Crack in my basement wall"', () => {
    const job = foldJobEvents([
      extractionRecorded('c1', [proposal({ description: 'I was downstairs yesterday and I noticed there is a crack in my basement wall and water comes in when it rains' })]),
    ]).jobs.get('call:c1:0')!;
    expect(job.details.title).toBe('Crack in my basement wall');
  });

  it('starts with a capital and reads like a heading: "my gutters are overflowing onto the porch" is "Gutters overflowing onto the porch"', () => {
    expect(shortTitle('my gutters are overflowing onto the porch')).toBe('Gutters overflowing onto the porch');
    expect(shortTitle('so um, there is a leak under the kitchen sink, it has been dripping for two days')).toBe('Leak under the kitchen sink');
    expect(shortTitle('I need someone to look at my water heater. It makes a banging noise.')).toBe('Look at my water heater');
  });

  it('a long description is cut at a clause or a whole word, about 40 to 50 characters, never with "…"', () => {
    const title = shortTitle('Full replacement of the upstairs bathroom including new tiles, a new tub, a vanity and lighting in the ceiling, all of it');
    expect(title).toBe('Full replacement of the upstairs bathroom');
    for (const description of ['A very long description of a job that goes on and on without any commas at all for quite a while', 'x'.repeat(200)]) {
      const cut = shortTitle(description);
      expect(cut.length).toBeLessThanOrEqual(60);
      expect(cut).not.toContain('…');
      expect(description.replace(/^a /i, '').toLowerCase().startsWith(cut.toLowerCase())).toBe(true);
    }
  });

  it('a short description is kept as said, and a description of only filler words titles the job by who asked', () => {
    expect(shortTitle('Crack in the basement wall')).toBe('Crack in the basement wall');
    expect(shortTitle('Leak')).toBe('Leak');
    const job = foldJobEvents([extractionRecorded('c1', [proposal({ description: 'so um', customerName: 'Sam Reed' })])]).jobs.get('call:c1:0')!;
    expect(job.details.title).toBe('Visit for Sam Reed');
  });
});

describe('a later extraction of the same call', () => {
  it('updates the fields nobody reviewed and adds the new appointments', () => {
    const later = proposal({ ...maria, address: field('14 Elm St, Springfield', 0.95) });
    const state = foldJobEvents([extractionRecorded('c1', [maria]), extractionRecorded('c1', [later, proposal({ description: 'Second visit' })])]);
    expect(state.jobs.get('call:c1:0')!.details.address).toBe('14 Elm St, Springfield');
    expect(state.jobs.get('call:c1:0')!.proposals.address?.confidence).toBe(0.95);
    expect(state.jobs.get('call:c1:1')!.details.title).toBe('Second visit');
  });

  it('never brings back a field a person rejected', () => {
    const state = foldJobEvents([
      extractionRecorded('c1', [maria]),
      fieldReviewed('call:c1:0', 'price', 'rejected', '45000 USD', null),
      jobEdited('call:c1:0', { priceMinor: null, currency: null }),
      extractionRecorded('c1', [proposal({ ...maria, price: '50000 USD' })]),
    ]);
    const job = state.jobs.get('call:c1:0')!;
    expect(job.details.priceMinor).toBeNull();
    expect(job.proposals.price?.value).toBe('45000 USD');
    expect(job.reviews.price?.decision).toBe('rejected');
  });

  it('keeps what a person chose for an edited field and what they typed into the details', () => {
    const state = foldJobEvents([
      extractionRecorded('c1', [maria]),
      fieldReviewed('call:c1:0', 'customerName', 'edited', 'Maria Lopez', 'María López'),
      jobEdited('call:c1:0', { customerName: 'María López', title: 'Basement wall' }),
      jobEdited('call:c1:0', { description: 'Wall crack, two metres' }),
      extractionRecorded('c1', [proposal({ ...maria, customerName: 'Marie Lopes', description: 'Something else' })]),
    ]);
    const job = state.jobs.get('call:c1:0')!;
    expect(job.details.customerName).toBe('María López');
    expect(job.details.title).toBe('Basement wall');
    expect(job.details.description).toBe('Wall crack, two metres');
    // The description was never reviewed: its proposal follows the extractor, the detail stays as typed.
    expect(job.proposals.description?.value).toBe('Something else');
  });

  it('keeps the job where a person moved it', () => {
    const state = foldJobEvents([extractionRecorded('c1', [maria]), jobMoved('call:c1:0', 'confirmed'), extractionRecorded('c1', [maria])]);
    expect(state.jobs.get('call:c1:0')!.stage).toBe('confirmed');
  });
});

describe('people work the jobs', () => {
  it('a job added by hand starts in Quote requested with what was typed', () => {
    const job = foldJobEvents([jobCreated('j1', { title: 'Kitchen quote', address: '3 Oak Rd' }, { callId: 'c9' })]).jobs.get('j1')!;
    expect(job).toMatchObject({ stage: 'quote_requested', callId: 'c9', createdBy: 'Front desk', extractionId: null });
    expect(job.details).toMatchObject({ title: 'Kitchen quote', address: '3 Oak Rd', phone: null });
    expect(unreviewedFields(job)).toEqual([]);
  });

  it('a job moved without a place goes to the end of its new column', () => {
    const events = [jobCreated('a', { title: 'A' }), jobCreated('b', { title: 'B' }), jobMoved('a', 'confirmed'), jobMoved('b', 'confirmed')];
    expect(ids(events, 'confirmed')).toEqual(['a', 'b']);
    expect(ids(events, 'quote_requested')).toEqual([]);
  });

  it('a job moved before another takes its place, within and between columns', () => {
    const base = [jobCreated('a', { title: 'A' }), jobCreated('b', { title: 'B' }), jobCreated('c', { title: 'C' })];
    // Added by hand, each goes on top: c, b, a.
    expect(ids(base, 'quote_requested')).toEqual(['c', 'b', 'a']);
    expect(ids([...base, jobMoved('a', 'quote_requested', 'c')], 'quote_requested')).toEqual(['a', 'c', 'b']);
    expect(ids([...base, jobMoved('c', 'quote_requested', 'a')], 'quote_requested')).toEqual(['b', 'c', 'a']);
    const between = [...base, jobMoved('a', 'confirmed'), jobMoved('b', 'confirmed', 'a')];
    expect(ids(between, 'confirmed')).toEqual(['b', 'a']);
  });

  it('a place named that is not in the column puts the job at its end', () => {
    const events = [jobCreated('a', { title: 'A' }), jobCreated('b', { title: 'B' }), jobMoved('a', 'confirmed'), jobMoved('b', 'confirmed', 'nowhere')];
    expect(ids(events, 'confirmed')).toEqual(['a', 'b']);
  });

  it('moving into the same gap again and again keeps the order every console computes', () => {
    const events: RingsideEvent[] = [jobCreated('first', { title: 'First' }), jobCreated('last', { title: 'Last' }), jobMoved('first', 'quote_requested', 'last')];
    // Each new job goes right before "last": the gap halves until it has to be numbered again.
    for (let i = 0; i < 80; i++) events.push(jobCreated(`j${i}`, { title: `J${i}` }), jobMoved(`j${i}`, 'quote_requested', 'last'));
    const order = ids(events, 'quote_requested');
    expect(order[0]).toBe('first');
    expect(order.slice(1, 81)).toEqual(Array.from({ length: 80 }, (_, i) => `j${i}`));
    expect(order[81]).toBe('last');
    expect(ids(events, 'quote_requested')).toEqual(order);
  });

  it('edits, reviews, notes and photos are kept with who did them and when', () => {
    const state = foldJobEvents([
      extractionRecorded('c1', [maria]),
      fieldReviewed('call:c1:0', 'address', 'accepted', '12 Elm St, Springfield', '12 Elm St, Springfield'),
      noteAdded('call:c1:0', 'Bring the moisture meter', 'n1'),
      noteAdded('call:c1:0', 'Bring the moisture meter', 'n1'),
      photoAdded('call:c1:0', 'a'.repeat(64)),
    ]);
    const job = state.jobs.get('call:c1:0')!;
    expect(job.reviews.address).toMatchObject({ decision: 'accepted', by: 'Front desk', atMs: Date.parse('2026-12-01T16:15:00.000Z') });
    expect(job.notes).toHaveLength(1);
    expect(job.photos.map((photo) => photo.fileName)).toEqual(['crack.jpg']);
    expect(unreviewedFields(job)).not.toContain('address');
  });

  it('events about a job that is not there change nothing', () => {
    const state = emptyJobsState();
    expect(foldJobEvent(state, jobEdited('ghost', { title: 'x' }))).toEqual([]);
    expect(foldJobEvent(state, jobMoved('ghost', 'confirmed'))).toEqual([]);
    expect(state.jobs.size).toBe(0);
  });

  it('stages keep their default names until an admin names them', () => {
    expect(emptyJobsState().stageNames).toEqual(defaultStageNames);
    const names = { ...defaultStageNames, quote_requested: 'New enquiry' };
    expect(foldJobEvents([stagesNamed(names)]).stageNames.quote_requested).toBe('New enquiry');
  });
});

describe('proposed values in the job’s own form', () => {
  it('reads an interval, an instant, a price and an urgency', () => {
    expect(detailsOfProposedValue('preferredTime', '2026-12-08T09:00:00-05:00')).toEqual({ scheduledStart: '2026-12-08T09:00:00-05:00', scheduledEnd: null });
    expect(detailsOfProposedValue('price', '12000 EUR')).toEqual({ priceMinor: 12000, currency: 'EUR' });
    expect(detailsOfProposedValue('urgency', 'whenever')).toBeNull();
    expect(detailsOfProposedValue('address', null)).toEqual({ address: null });
  });
});
