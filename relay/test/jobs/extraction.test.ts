import { afterEach, describe, expect, it } from 'vitest';
import { callCompleted, CALLER, eventually, extractionCaughtUp, extractionsBesidesMarkers, LINE, newCallId, startJobsRelay, text, transcriptReady, type JobsRelay } from './jobs-relay';

const CALL_TURNS = [
  'Thanks for calling Harbor Foundation Repair, how can I help?',
  "Hi, this is Maria Gonzalez. There's a big crack in my basement wall and water is coming in.",
  'Sorry to hear that. What is the address?',
  'It is 42 Elm Street, Springfield.',
  'We can come next Tuesday at 10 am. The inspection is $150.',
  'Next Tuesday at 10 works.',
];

let t: JobsRelay | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

describe('jobs from calls on the relay', () => {
  it("turns a recorded call's transcript into a proposed appointment with the caller's name, address, day in the business's time zone, price and account", async () => {
    t = await startJobsRelay();
    const admin = await t.addDevice('Back office', 'admin');
    await t.consoleEvent(admin, 'customer.upserted', { customerId: 'cust-maria', name: 'Maria Gonzalez', company: null, email: null, quickbooksId: null, phones: [CALLER] });
    const callId = newCallId();
    const at = new Date('2026-12-02T15:02:00Z');
    await t.deliver(callCompleted(callId, at));
    await t.deliver(transcriptReady(callId, CALL_TURNS, at));

    const [extraction] = await eventually(() => {
      const found = t!.eventsOf('extraction.recorded');
      return found.length > 0 ? found : undefined;
    }, 'the extraction of the call');
    expect(extraction).toMatchObject({
      id: `extraction:call:${callId}:1`,
      source: 'relay',
      lines: [LINE],
      data: { extractionId: `call:${callId}`, subject: { kind: 'call', id: callId }, callId, conversationId: null, customerId: 'cust-maria', extractor: 'offline', outcome: 'appointments', mediaIds: [] },
    });
    const appointment = extraction!.data.appointments[0]!;
    expect(appointment.customerName?.value).toBe('Maria Gonzalez');
    expect(appointment.address?.value).toBe('42 Elm Street, Springfield');
    // The call started 2026-12-02 (a Wednesday) in New York: next Tuesday at 10 there.
    expect(appointment.preferredTime?.value).toBe('2026-12-08T10:00:00-05:00');
    expect(appointment.price?.value).toBe('15000 USD');
    expect(appointment.customerName?.evidence).toContain('Maria Gonzalez');
  });

  it('shows on a call\'s job the photo its caller texted to the line beforehand, not older photos or other callers\' ones', async () => {
    t = await startJobsRelay();
    const at = new Date(t.now());
    const photo = (mediaId: string) => [{ mediaId, url: `http://127.0.0.1:9/${mediaId}.jpg`, contentType: 'image/jpeg' }];
    await t.deliver(text('', new Date(at.getTime() - 30 * 3_600_000), { media: photo('m-last-month-gutter') }));
    await t.deliver(text('', new Date(at.getTime() - 3 * 3_600_000), { media: photo('m-crack') }));
    await t.deliver(text('Here is my porch', new Date(at.getTime() - 3_600_000), { caller: '+16175550166', media: photo('m-someone-else') }));
    const callId = newCallId();
    await t.deliver(callCompleted(callId, at), transcriptReady(callId, CALL_TURNS, at));

    const extraction = await eventually(() => extractionsBesidesMarkers(t!).find((event) => event.data.callId === callId), 'the call extracted');
    expect(extraction.data.mediaIds).toEqual(['m-crack']);
    const job = await eventually(() => t!.db.prepare('SELECT record FROM jobs WHERE job_id = ?').pluck().get(`call:${callId}:0`) as string | undefined, "the call's job");
    expect((JSON.parse(job) as { mediaIds: string[] }).mediaIds).toEqual(['m-crack']);
  });

  it('reads a voicemail with a transcript as the caller\'s own words', async () => {
    t = await startJobsRelay();
    const callId = newCallId();
    const at = new Date('2026-12-02T15:02:00Z');
    await t.deliver(callCompleted(callId, at), {
      v: 2,
      id: `EV-voicemail-${callId}`,
      source: 'openphone',
      occurredAt: at.toISOString(),
      receivedAt: at.toISOString(),
      lines: [LINE],
      type: 'call.voicemail_ready',
      data: { callId, voicemail: { mediaId: `${callId}:voicemail:0`, url: 'http://127.0.0.1:9/vm.mp3', contentType: 'audio/mpeg', durationSeconds: 20 }, transcript: 'Hi, this is Joan Whitfield at 9 Harbor Road, Hingham. Our water heater burst, can someone come tomorrow at 8 am?' },
    });
    const [extraction] = await eventually(() => {
      const found = t!.eventsOf('extraction.recorded');
      return found.length > 0 ? found : undefined;
    }, 'the voicemail extracted');
    expect(extraction).toMatchObject({ id: `extraction:voicemail:${callId}:1`, lines: [LINE], data: { subject: { kind: 'voicemail', id: callId }, callId } });
    expect(extraction!.data.appointments[0]?.customerName?.value).toBe('Joan Whitfield');
    expect(extraction!.data.appointments[0]?.preferredTime?.value).toBe('2026-12-03T08:00:00-05:00');
  });

  it('reads a text thread once it has been quiet for ten minutes, once, and again after new texts', async () => {
    t = await startJobsRelay();
    const start = new Date(t.now());
    await t.deliver(text('Hi, this is Sam Patel. Our kitchen sink is leaking under the cabinet.', start));
    await t.deliver(text('Can someone come Friday at 2pm? 18 Oak Avenue, Quincy.', new Date(start.getTime() + 30_000)));
    await t.deliver(text('We can do Friday at 2pm.', new Date(start.getTime() + 60_000), { direction: 'outgoing' }));
    t.advance(9 * 60_000);
    await extractionCaughtUp(t);
    expect(extractionsBesidesMarkers(t)).toHaveLength(0);

    t.advance(2 * 60_000);
    const first = await eventually(() => {
      const found = extractionsBesidesMarkers(t!);
      return found.length > 0 ? found : undefined;
    }, 'the thread read after ten quiet minutes');
    const conversationId = `${LINE}|${CALLER}`;
    expect(first[0]).toMatchObject({ id: `extraction:conversation:${conversationId}:1`, lines: [LINE], data: { subject: { kind: 'conversation', id: conversationId }, conversationId, callId: null } });
    expect(first[0]!.data.appointments[0]?.address?.value).toContain('18 Oak Avenue');
    t.advance(30 * 60_000);
    await extractionCaughtUp(t);
    expect(extractionsBesidesMarkers(t)).toHaveLength(1);

    await t.deliver(text('Actually can we make it Saturday at 9am instead?', new Date(t.now())));
    t.advance(11 * 60_000);
    const again = await eventually(() => {
      const found = extractionsBesidesMarkers(t!);
      return found.length > 1 ? found : undefined;
    }, 'the thread read again after the new text');
    expect(again.map((event) => event.id)).toEqual([`extraction:conversation:${conversationId}:1`, `extraction:conversation:${conversationId}:2`]);
  });

  it("leaves campaign texts, the health check's texts and threads only the business wrote unread", async () => {
    t = await startJobsRelay();
    const at = new Date(t.now());
    await t.deliver(text('Holiday sale: 20% off gutter cleaning this week!', at, { direction: 'outgoing', caller: '+16175550122' }));
    await t.deliver(text('Big sale Friday at 9am at 5 Main Street', at, { caller: '+16175550133', campaignId: 'CMP1' }));
    await t.deliver(text('ringside health check 123', at, { caller: '+16175550144', healthCheck: true }));
    t.advance(15 * 60_000);
    await extractionCaughtUp(t);
    expect(extractionsBesidesMarkers(t)).toHaveLength(0);
    expect(t.db.prepare('SELECT count(*) FROM jobs_extraction_pending').pluck().get()).toBe(0);
  });

  it('extracts a call exactly once across restarts: a thread waiting when the relay stopped is read after it starts, and an extraction tried again is recognized', async () => {
    t = await startJobsRelay();
    const callId = newCallId();
    const at = new Date(t.now());
    await t.deliver(callCompleted(callId, at), transcriptReady(callId, CALL_TURNS, at));
    await eventually(() => (t!.eventsOf('extraction.recorded').length === 1 ? true : undefined), 'the call extracted');
    await t.deliver(text('Hi, can you look at my roof on Monday at 8am? 7 Pine Road, Braintree.', new Date(t.now()), { caller: '+16175550155' }));

    await t.restart();
    await extractionCaughtUp(t);
    expect(extractionsBesidesMarkers(t)).toHaveLength(1);
    t.advance(11 * 60_000);
    await eventually(() => (extractionsBesidesMarkers(t!).length === 2 ? true : undefined), 'the waiting thread read after the restart');

    // As if the relay had stopped between appending the call's extraction and noting it: the same revision is appended again, and the log keeps one.
    t.db.prepare("INSERT INTO jobs_extraction_pending (subject_kind, subject_id, revision, stage, due_at_ms, attempts, touched_seq) VALUES ('call', ?, 1, 'offline', 0, 0, 0)").run(callId);
    await t.restart();
    await eventually(() => (t!.db.prepare('SELECT count(*) FROM jobs_extraction_pending').pluck().get() === 0 ? true : undefined), 'the repeated extraction settled');
    const extractions = extractionsBesidesMarkers(t);
    expect(extractions.filter((event) => event.data.subject.kind === 'call')).toHaveLength(1);
    expect(extractions).toHaveLength(2);
  });

  it('leaves history fetched from the provider unread unless told to read it', async () => {
    t = await startJobsRelay();
    const callId = newCallId();
    const at = new Date(t.now());
    const history = { ...transcriptReady(callId, CALL_TURNS, at), origin: { by: 'import' as const, recordOnly: true } };
    await t.deliver(history);
    await extractionCaughtUp(t);
    expect(extractionsBesidesMarkers(t)).toHaveLength(0);
    await t.stop();

    t = await startJobsRelay({ JOBS_EXTRACT_HISTORY: 'on' });
    await t.deliver(history);
    await eventually(() => (t!.eventsOf('extraction.recorded').length === 1 ? true : undefined), 'the history call extracted');
  });
});
