import { afterEach, describe, expect, it } from 'vitest';
import { answered, completed, customerUpserted, ringing } from '../../../tests/support/event-builders';
import { EVENT_MODEL_VERSION, type EventOf, type RingsideEvent } from '../../shared/events/model';
import { conversationKey } from '../../shared/messages/conversation-key';
import { openConsoleDatabase, type ConsoleDatabase } from '../db/open-console-database';
import { applyBatch } from '../projection/apply-event';
import { callDetail, callPage } from './call-reads';
import { campaignList, conversationDetail, conversationPage, markConversationRead, messageFeed, rememberSentHere, searchMessages, unreadConversations } from './message-reads';

const LINE = '+16175550199';
const ADA = '+16175550100';
const BOB = '+16175550101';
const NOW = new Date('2026-03-02T18:00:00.000Z');
const DEFAULT_FILTER = { campaigns: 'hide', unreadOnly: false, needsReplyOnly: false } as const;

function envelope(id: string, at: string, source: RingsideEvent['source'] = 'openphone') {
  return { v: EVENT_MODEL_VERSION, id, source, occurredAt: at, receivedAt: at, lines: source === 'console' ? [] : [LINE] };
}

function message(
  messageId: string,
  direction: 'incoming' | 'outgoing',
  participants: string[],
  body: string,
  sentAt: string,
  extra: Partial<EventOf<'message.recorded'>['data']> = {},
): EventOf<'message.recorded'> {
  return {
    ...envelope(`${messageId}:${extra.status ?? direction}:${sentAt}`, sentAt),
    type: 'message.recorded',
    data: {
      messageId,
      direction,
      businessNumber: LINE,
      from: direction === 'incoming' ? participants[0]! : LINE,
      participants: [...participants].sort(),
      body,
      media: [],
      status: direction === 'incoming' ? 'received' : 'sent',
      errorCode: null,
      sentAt,
      providerConversationId: null,
      userId: null,
      campaignId: null,
      healthCheck: false,
      ...extra,
    },
  };
}

const at = (minutes: number) => new Date(Date.parse('2026-03-02T15:00:00.000Z') + minutes * 60_000).toISOString();
/** Reading while the calls go on (a call ringing for longer reads ended, call-status.ts). */
const DURING = Date.parse(at(1));

describe('communications projected from the log', () => {
  let db: ConsoleDatabase;
  let seq = 0;
  const apply = (...events: RingsideEvent[]) => applyBatch(db, events.map((event) => ({ seq: ++seq, event })));
  afterEach(async () => {
    await db.close();
    seq = 0;
  });

  it('a recording and transcript arriving before the completion land on the right call', async () => {
    db = await openConsoleDatabase(':memory:');
    const callId = 'openphone:AC1';
    apply(
      { ...envelope('rec', at(6)), type: 'call.recording_ready', data: { callId, call: null, recordings: [{ mediaId: `${callId}:recording:0`, url: 'https://media.example/r.mp3', contentType: 'audio/mpeg', durationSeconds: 300 }] } },
      {
        ...envelope('tr', at(6)),
        type: 'call.transcript_ready',
        data: { callId, durationSeconds: 300, dialogue: [{ speakerNumber: ADA, speakerUserId: null, text: 'I would like to move my appointment', startSeconds: 1, endSeconds: 4 }] },
      },
      { ...envelope('sum', at(7)), type: 'call.summary_ready', data: { callId, summary: ['Wants to move the appointment'], nextSteps: ['Call back with a new time'] } },
      { ...envelope('other', at(0)), ...ringing('openphone:AC2', BOB, at(0)) },
    );
    // Nothing to show yet: the artifacts wait for their call.
    expect(callPage(db, { limit: 10 }, DURING).rows.map((r) => r.callId)).toEqual(['openphone:AC2']);

    apply(ringing(callId, ADA, at(0)), answered(callId, ADA, at(0)), completed(callId, ADA, at(0), 300));
    const detail = callDetail(db, callId, DURING)!;
    expect(detail.call).toMatchObject({ status: 'completed', number: ADA, hasRecording: true, hasTranscript: true, summaryHeadline: 'Wants to move the appointment' });
    expect(detail.recordings).toEqual([{ mediaId: `${callId}:recording:0`, contentType: 'audio/mpeg', durationSeconds: 300, state: 'pending', bytes: null }]);
    expect(detail.transcript.map((l) => l.text)).toEqual(['I would like to move my appointment']);
    expect(detail.nextSteps).toEqual(['Call back with a new time']);
    expect(callDetail(db, 'openphone:AC2', DURING)!.call).toMatchObject({ status: 'ringing', hasRecording: false, summaryHeadline: null });

    apply({ ...envelope('cap', at(8), 'relay'), type: 'media.captured', data: { mediaId: `${callId}:recording:0`, sha256: 'a'.repeat(64), contentType: 'audio/mpeg', bytes: 4_800_000 } });
    expect(callDetail(db, callId, DURING)!.recordings[0]).toMatchObject({ state: 'captured', bytes: 4_800_000 });
    expect(searchMessages(db, 'appointment', 10)).toEqual([expect.objectContaining({ kind: 'transcript', callId, customerName: null, numbers: [ADA] })]);

    // Artifacts after the completion of a call that had none keep its status.
    apply(ringing('openphone:AC9', BOB, at(30)), completed('openphone:AC9', BOB, at(30), 0, { answered: false }));
    apply({ ...envelope('sum9', at(40)), type: 'call.summary_ready', data: { callId: 'openphone:AC9', summary: ['Hung up before anyone answered'], nextSteps: [] } });
    expect(callDetail(db, 'openphone:AC9', DURING)!.call).toMatchObject({ status: 'missed', summaryHeadline: 'Hung up before anyone answered' });
  });

  it('a call is never missed while it is still going on, and its completion is not undone by late events', async () => {
    db = await openConsoleDatabase(':memory:');
    const callId = 'openphone:AC3';
    apply(ringing(callId, ADA, at(0)));
    expect(callDetail(db, callId, DURING)!.call.status).toBe('ringing');
    apply({ ...answered(callId, ADA, at(0)), data: { ...answered(callId, ADA, at(0)).data, answeredBy: 'USmaya' } });
    // No directory names USmaya: nobody in particular, never the id.
    expect(callDetail(db, callId, DURING)!.call).toMatchObject({ status: 'in_progress', answeredBy: null, answeredAt: expect.any(String) });
    apply(completed(callId, ADA, at(0), 60));
    const late = ringing(callId, ADA, at(0));
    apply({ ...late, id: 'late-ringing' }, { ...envelope('late-missed', at(3)), type: 'call.missed', data: { ...late.data, missedAt: at(1) } });
    expect(callDetail(db, callId, DURING)!.call).toMatchObject({ status: 'completed', answeredBy: null, durationSeconds: 60 });

    const missed = ringing('openphone:AC4', BOB, at(10));
    apply(missed);
    // Its card is told the call ended.
    expect(apply({ ...envelope('missed', at(11)), type: 'call.missed', data: { ...missed.data, missedAt: at(11) } }).changedCalls).toEqual([
      { callId: 'openphone:AC4', startedAtMs: Date.parse(at(10)), completedAtMs: Date.parse(at(11)) },
    ]);
    expect(callDetail(db, 'openphone:AC4', DURING)!.call).toMatchObject({ status: 'missed', endedAt: at(11) });
    apply({ ...envelope('vm', at(12)), type: 'call.voicemail_ready', data: { callId: 'openphone:AC4', voicemail: { mediaId: 'openphone:AC4:voicemail:0', url: 'https://media.example/v.mp3', contentType: 'audio/mpeg', durationSeconds: 20 }, transcript: 'Please call me back' } });
    expect(callDetail(db, 'openphone:AC4', DURING)).toMatchObject({ call: { status: 'voicemail', hasVoicemail: true }, voicemail: { transcript: 'Please call me back', durationSeconds: 20 } });
    expect(callPage(db, { limit: 10, status: 'voicemail' }, DURING)).toMatchObject({ total: 1, rows: [{ callId: 'openphone:AC4' }] });

    // Plain calls (nothing but ringing, answer and completion) filter by the same rule.
    apply(ringing('openphone:AC5', BOB, at(20)), completed('openphone:AC5', BOB, at(20), 0, { answered: false }), ringing('openphone:AC6', BOB, at(30)), answered('openphone:AC6', BOB, at(30)));
    expect(callPage(db, { limit: 10, status: 'missed' }, DURING).rows.map((r) => [r.callId, r.status])).toEqual([['openphone:AC5', 'missed']]);
    expect(callPage(db, { limit: 10, status: 'in_progress' }, DURING).rows.map((r) => [r.callId, r.status])).toEqual([['openphone:AC6', 'in_progress']]);
    expect(callPage(db, { limit: 2 }, DURING).total).toBe(4);
    const first = callPage(db, { limit: 2 }, DURING).rows;
    const next = callPage(db, { limit: 2, before: { startedAt: first[1]!.startedAt, callId: first[1]!.callId } }, DURING).rows;
    expect([...first, ...next].map((r) => r.callId)).toEqual(['openphone:AC6', 'openphone:AC5', 'openphone:AC4', 'openphone:AC3']);
  });

  it('a call whose completion never arrived reads ended after its bound, and no longer filters as ringing or in progress', async () => {
    db = await openConsoleDatabase(':memory:');
    apply(ringing('openphone:AC7', ADA, at(0)), ringing('openphone:AC8', BOB, at(0)), answered('openphone:AC8', BOB, at(0)));
    const statuses = (nowMs: number) => callPage(db, { limit: 10 }, nowMs).rows.map((r) => [r.callId, r.status]);
    expect(statuses(Date.parse(at(5)))).toEqual([['openphone:AC8', 'in_progress'], ['openphone:AC7', 'ringing']]);
    expect(statuses(Date.parse(at(11)))).toEqual([['openphone:AC8', 'in_progress'], ['openphone:AC7', 'ended_unknown']]);
    const later = Date.parse(at(5 * 60));
    expect(statuses(later)).toEqual([['openphone:AC8', 'ended_unknown'], ['openphone:AC7', 'ended_unknown']]);
    expect(callPage(db, { limit: 10, status: 'ringing' }, later).total).toBe(0);
    expect(callPage(db, { limit: 10, status: 'in_progress' }, later).total).toBe(0);
    expect(callPage(db, { limit: 10, status: 'ended_unknown' }, later).total).toBe(2);
    expect(callDetail(db, 'openphone:AC8', later)!.call).toMatchObject({ status: 'ended_unknown', endedAt: null });
  });

  it('a date range is the receptionist’s days as instants, and finds a thread by any text in it, not only its newest', async () => {
    db = await openConsoleDatabase(':memory:');
    // Dec 1 in New York runs 05:00Z Dec 1 to 05:00Z Dec 2.
    apply(
      message('openphone:D1', 'incoming', [ADA], 'Evening question', '2026-12-02T01:30:00.000Z'),
      message('openphone:D2', 'incoming', [ADA], 'Next morning', '2026-12-02T14:00:00.000Z'),
      message('openphone:D3', 'incoming', [BOB], 'Early Dec 1 UTC, still Nov 30 in New York', '2026-12-01T03:00:00.000Z'),
    );
    const dec1 = { ...DEFAULT_FILTER, from: '2026-12-01T05:00:00.000Z', to: '2026-12-02T05:00:00.000Z' };
    expect(messageFeed(db, { limit: 10, filter: dec1 }).rows.map((m) => m.messageId)).toEqual(['openphone:D1']);
    expect(conversationPage(db, { limit: 10, status: 'all', filter: dec1 }, NOW).rows.map((c) => c.participants)).toEqual([[ADA]]);
    const nov30 = { ...DEFAULT_FILTER, to: '2026-12-01T05:00:00.000Z' };
    expect(conversationPage(db, { limit: 10, status: 'all', filter: nov30 }, NOW).rows.map((c) => c.participants)).toEqual([[BOB]]);
  });

  it('a call known only from its recording (its ringing and completion lost) is listed, ended, from the times the recording carries', async () => {
    db = await openConsoleDatabase(':memory:');
    const callId = 'openphone:AC77';
    const recording = { mediaId: `${callId}:recording:0`, url: 'https://media.example/r.mp3?signature=SECRET', contentType: 'audio/mpeg', durationSeconds: 95 };
    const call = { direction: 'incoming' as const, businessNumber: LINE, externalNumber: ADA, startedAt: at(0), answeredAt: at(1), completedAt: at(3), durationSeconds: null, answeredBy: null };
    apply({ ...envelope('rec77', at(4)), type: 'call.recording_ready', data: { callId, recordings: [recording], call } });
    expect(callPage(db, { limit: 10 }, Date.parse(at(600))).rows).toEqual([
      expect.objectContaining({ callId, status: 'completed', number: ADA, startedAt: at(0), endedAt: at(3), durationSeconds: 120, hasRecording: true }),
    ]);
    // The provider's signed link is not kept by the console.
    expect(db.sqlite.prepare("SELECT count(*) AS n FROM media_items WHERE url LIKE '%SECRET%'").get()).toEqual({ n: 0 });
    // A recording naming only its call still waits for the call.
    apply({ ...envelope('rec78', at(4)), type: 'call.recording_ready', data: { callId: 'openphone:AC78', recordings: [], call: null } });
    expect(callPage(db, { limit: 10 }, Date.parse(at(600))).total).toBe(1);
    // Its real completion, when it comes, wins.
    apply(ringing(callId, ADA, at(0)), completed(callId, ADA, at(0), 200));
    expect(callDetail(db, callId, Date.parse(at(600)))!.call).toMatchObject({ status: 'completed', durationSeconds: 200 });
  });

  it('an admin’s campaign rule applies from then on in the log; texts before it keep what they were', async () => {
    db = await openConsoleDatabase(':memory:');
    const to = (i: number) => `+1617555${String(2000 + i)}`;
    const reminder = (i: number, minute: number) => message(`openphone:R${i}`, 'outgoing', [to(i)], 'Your appointment is tomorrow', at(minute));
    // Under the defaults (10 recipients in 30 minutes) four identical texts are no campaign.
    apply(reminder(1, 0), reminder(2, 1), reminder(3, 2), reminder(4, 3));
    expect(campaignList(db, 10)).toEqual([]);
    apply({ ...envelope('policy', at(10), 'console'), type: 'messaging_policy.defined', data: { campaignMinRecipients: 3, campaignWindowMinutes: 5 } });
    expect(campaignList(db, 10)).toEqual([]);
    apply(reminder(5, 20), reminder(6, 21), reminder(7, 22));
    expect(campaignList(db, 10)).toEqual([expect.objectContaining({ recipients: 3, text: 'Your appointment is tomorrow' })]);
    expect(messageFeed(db, { limit: 20, filter: DEFAULT_FILTER }).rows.map((m) => m.messageId)).toEqual(['openphone:R4', 'openphone:R3', 'openphone:R2', 'openphone:R1']);
  });

  it('a thread says "You" only for texts this console sent; others’ texts name their sender or the line', async () => {
    db = await openConsoleDatabase(':memory:');
    apply(
      message('openphone:Y1', 'outgoing', [ADA], 'Sent from this console', at(0)),
      message('openphone:Y2', 'outgoing', [ADA], 'Sent from another console', at(1)),
      message('openphone:Y3', 'outgoing', [ADA], 'Sent from the OpenPhone app', at(2), { userId: 'USdana' }),
      { ...envelope('dir', at(0), 'relay'), type: 'provider.directory_synced', data: { provider: 'openphone', lines: [{ number: LINE, name: 'Front desk', providerLineId: 'PN1', userIds: ['USdana'] }], users: [{ providerUserId: 'USdana', name: 'Dana Whitfield', email: null }] } },
    );
    rememberSentHere(db, 'openphone:Y1', Date.parse(at(0)));
    const thread = conversationDetail(db, { conversationKey: conversationKey(LINE, [ADA]), limit: 10, campaigns: 'show' }, NOW)!;
    expect(thread.messages.map((m) => [m.body, m.sentHere, m.fromName])).toEqual([
      ['Sent from this console', true, 'Front desk'],
      ['Sent from another console', false, 'Front desk'],
      ['Sent from the OpenPhone app', false, 'Dana Whitfield'],
    ]);
  });

  it('125 identical outgoing messages leave the default list with only the replies’ conversations', async () => {
    db = await openConsoleDatabase(':memory:');
    const text = 'Spring tune-up: book this week and get 20% off. Reply STOP to opt out.';
    const recipients = Array.from({ length: 125 }, (_, i) => `+1617556${String(1000 + i)}`);
    // Delivered in several batches, as a stream would.
    for (let start = 0; start < 125; start += 25) apply(...recipients.slice(start, start + 25).map((to, i) => message(`openphone:CAMP${start + i}`, 'outgoing', [to], text, at((start + i) / 10))));
    apply(message('openphone:R1', 'incoming', [recipients[3]!], 'Yes please, Thursday?', at(40)), message('openphone:R2', 'incoming', [recipients[77]!], 'How much is it?', at(41)));
    apply(message('openphone:O1', 'incoming', [ADA], 'Is my invoice ready?', at(42)));

    const list = conversationPage(db, { limit: 50, status: 'open', filter: DEFAULT_FILTER }, NOW);
    expect(list.total).toBe(3);
    expect(list.rows.map((r) => r.participants[0])).toEqual([ADA, recipients[77], recipients[3]]);
    expect(conversationPage(db, { limit: 500, status: 'open', filter: { ...DEFAULT_FILTER, campaigns: 'show' } }, NOW).total).toBe(126);
    expect(conversationPage(db, { limit: 50, status: 'open', filter: { ...DEFAULT_FILTER, campaigns: 'responses_only' } }, NOW).total).toBe(2);
    expect(conversationPage(db, { limit: 50, status: 'open', filter: { ...DEFAULT_FILTER, campaigns: 'non_campaign_only' } }, NOW).total).toBe(1);

    const feed = messageFeed(db, { limit: 50, filter: DEFAULT_FILTER });
    expect(feed.rows.map((m) => [m.messageId, m.campaignResponse])).toEqual([
      ['openphone:O1', false],
      ['openphone:R2', true],
      ['openphone:R1', true],
    ]);
    expect(messageFeed(db, { limit: 500, filter: { ...DEFAULT_FILTER, campaigns: 'show' } }).total).toBe(128);
    expect(campaignList(db, 10)).toEqual([expect.objectContaining({ recipients: 125, responses: 2, text })]);

    // The thread of a response shows the campaign text it answers.
    const thread = conversationDetail(db, { conversationKey: conversationKey(LINE, [recipients[3]!]), limit: 10, campaigns: 'show' }, NOW)!;
    expect(thread.messages.map((m) => [m.body, m.campaignId !== null, m.campaignResponse])).toEqual([
      [text, true, false],
      ['Yes please, Thursday?', false, true],
    ]);
  });

  it('a group thread links both customers, and is kept apart from the 1:1 thread', async () => {
    db = await openConsoleDatabase(':memory:');
    apply(customerUpserted('c-ada', 'Ada Lovelace', [ADA]), message('openphone:G1', 'incoming', [ADA, BOB], 'Can we both come on Friday?', at(0)), message('openphone:D1', 'incoming', [ADA], 'Just me this time', at(1)));
    // Bob becomes a customer after the thread: it is his at once.
    apply(customerUpserted('c-bob', 'Bob Babbage', [BOB]));
    const rows = conversationPage(db, { limit: 10, status: 'open', filter: DEFAULT_FILTER }, NOW).rows;
    expect(rows.map((r) => [r.participants, r.customers.map((c) => c.name)])).toEqual([
      [[ADA], ['Ada Lovelace']],
      [[ADA, BOB], ['Ada Lovelace', 'Bob Babbage']],
    ]);
    expect(conversationPage(db, { limit: 10, status: 'open', filter: { ...DEFAULT_FILTER, customerId: 'c-bob' } }, NOW).rows.map((r) => r.conversationKey)).toEqual([
      conversationKey(LINE, [ADA, BOB]),
    ]);
  });

  it('a message recorded again keeps its text and takes the later status; a failure reads in plain words', async () => {
    db = await openConsoleDatabase(':memory:');
    apply(message('openphone:M1', 'outgoing', [ADA], 'Your invoice is attached', at(0), { status: 'queued' }));
    apply(message('openphone:M1', 'outgoing', [ADA], '', at(0), { status: 'failed', errorCode: '0200402' }));
    apply(message('openphone:M1', 'outgoing', [ADA], '', at(0), { status: 'sent' }));
    const [row] = messageFeed(db, { limit: 10, filter: DEFAULT_FILTER }).rows;
    expect(row).toMatchObject({ body: 'Your invoice is attached', status: 'failed', failure: expect.stringMatching(/credits/) });
    expect(searchMessages(db, 'invoice', 10)).toEqual([expect.objectContaining({ kind: 'message', messageId: 'openphone:M1' })]);
  });

  it('unread is per console: incoming messages after its read mark; a reply is needed while the newest is incoming', async () => {
    db = await openConsoleDatabase(':memory:');
    const key = conversationKey(LINE, [ADA]);
    apply(message('openphone:U1', 'incoming', [ADA], 'Hello?', at(0)), message('openphone:U2', 'incoming', [ADA], 'Anyone there?', at(1)));
    expect(conversationPage(db, { limit: 10, status: 'open', filter: DEFAULT_FILTER }, NOW).rows[0]).toMatchObject({ unreadCount: 2, needsReply: true });
    expect(unreadConversations(db)).toBe(1);
    markConversationRead(db, key);
    expect(unreadConversations(db)).toBe(0);
    apply(message('openphone:U3', 'outgoing', [ADA], 'Yes, how can we help?', at(2)));
    expect(conversationPage(db, { limit: 10, status: 'open', filter: DEFAULT_FILTER }, NOW).rows[0]).toMatchObject({ unreadCount: 0, needsReply: false });
    apply(message('openphone:U4', 'incoming', [ADA], 'Can I move my booking?', at(3)));
    expect(conversationPage(db, { limit: 10, status: 'open', filter: { ...DEFAULT_FILTER, unreadOnly: true } }, NOW).rows[0]).toMatchObject({ unreadCount: 1, needsReply: true });
  });

  it('a number no customer has is named by the provider’s contact until the contact is deleted; media the relay gave up on is the provider’s only', async () => {
    db = await openConsoleDatabase(':memory:');
    const contact = (deleted: boolean) =>
      ({ ...envelope(`ct:${deleted}`, at(0)), type: 'contact.changed', data: { contactId: 'openphone:CT1', deleted, name: 'Grace Hopper', company: null, phones: [BOB], emails: [] } }) as RingsideEvent;
    apply(contact(false), message('openphone:P1', 'incoming', [BOB], '', at(1), { media: [{ mediaId: 'openphone:P1:media:0', url: 'https://media.example/p.jpg', contentType: 'image/jpeg', durationSeconds: null }] }));
    apply({ ...envelope('alert', at(2), 'relay'), type: 'relay.alert', data: { alertId: 'media:openphone:P1:media:0', state: 'raised', message: 'A photo could not be saved; retrying.', severity: 'warning' } });
    const [row] = messageFeed(db, { limit: 10, filter: DEFAULT_FILTER }).rows;
    expect(row).toMatchObject({ fromName: 'Grace Hopper', media: [{ mediaId: 'openphone:P1:media:0', state: 'provider_only', contentType: 'image/jpeg' }] });
    expect(conversationPage(db, { limit: 10, status: 'open', filter: DEFAULT_FILTER }, NOW).rows[0]).toMatchObject({ lastMessagePreview: 'Photo or attachment' });
    apply(contact(true), { ...envelope('alert-cleared', at(3), 'relay'), type: 'relay.alert', data: { alertId: 'media:openphone:P1:media:0', state: 'cleared', message: 'Saved.', severity: 'warning' } });
    expect(messageFeed(db, { limit: 10, filter: DEFAULT_FILTER }).rows[0]).toMatchObject({ fromName: null, media: [{ state: 'pending' }] });
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM relay_alerts').get()).toEqual({ n: 0 });
  });

  it('the shared inbox: done until the customer writes again, snoozed until its time, assigned, with notes', async () => {
    db = await openConsoleDatabase(':memory:');
    const key = conversationKey(LINE, [ADA]);
    const console = (id: string, when: string, event: Pick<RingsideEvent, 'type' | 'data'>) => ({ ...envelope(id, when, 'console'), ...event }) as RingsideEvent;
    apply(
      message('openphone:I1', 'incoming', [ADA], 'Thanks!', at(0)),
      console('s1', at(5), { type: 'conversation.status_changed', data: { conversationKey: key, status: 'done', snoozedUntil: null, by: 'Maya' } }),
      console('a1', at(5), { type: 'conversation.assigned', data: { conversationKey: key, assignee: 'Maya', by: 'Maya' } }),
      console('n1', at(6), { type: 'conversation.note_added', data: { noteId: 'n1', conversationKey: key, text: 'Paid by phone', by: 'Maya' } }),
    );
    const page = (status: 'open' | 'done' | 'snoozed', now = NOW) => conversationPage(db, { limit: 10, status, filter: DEFAULT_FILTER }, now).rows.map((r) => r.conversationKey);
    expect(page('done')).toEqual([key]);
    expect(page('open')).toEqual([]);
    expect(conversationDetail(db, { conversationKey: key, limit: 10, campaigns: 'show' }, NOW)).toMatchObject({ conversation: { assignee: 'Maya' }, notes: [{ text: 'Paid by phone', by: 'Maya' }] });

    apply(message('openphone:I2', 'incoming', [ADA], 'One more question', at(10)));
    expect(page('open')).toEqual([key]);

    apply(console('s2', at(11), { type: 'conversation.status_changed', data: { conversationKey: key, status: 'open', snoozedUntil: '2026-03-03T09:00:00.000Z', by: 'Maya' } }));
    expect(page('snoozed')).toEqual([key]);
    expect(page('open', new Date('2026-03-03T09:00:01.000Z'))).toEqual([key]);
  });
});
