import { describe, expect, it } from 'vitest';
import { ringsideEventSchema, type RingsideEvent } from '../../../../src/shared/events/model';
import { assistantRequest, endOfCallReport, newVapiCall, statusUpdate } from '../../../../tools/emulators/vapi/messages';
import type { AccountStanding } from '../../../src/accounts/account-standing';
import { assistantAnswerBody, callerVariables, decideAssistant, spokenDuration } from '../../../src/providers/vapi/assistant-decision';
import { MAX_BILLED_CALL_SECONDS, readVapiDelivery } from '../../../src/providers/vapi/normalize';
import { readVapiSettings } from '../../../src/providers/vapi/settings';

const LINE = '+15559870002';
const CALLER = '+15551230001';
const ctx = { receivedAt: '2026-01-01T00:05:00.000Z', linesOfCall: () => [] };
const eventsOf = (payload: unknown): RingsideEvent[] => {
  const read = readVapiDelivery(payload, ctx);
  if (!read.ok || read.delivery.kind !== 'events') throw new Error(JSON.stringify(read));
  for (const event of read.delivery.events) expect(ringsideEventSchema.safeParse(event).success, event.type).toBe(true);
  return read.delivery.events;
};

describe('status updates and the end-of-call report (spec §3.3, §5.7-5.9)', () => {
  const call = newVapiCall(LINE, CALLER);
  const at = new Date('2026-01-01T00:00:00.000Z');

  it('turns ringing, in-progress and forwarding into the call model, each keyed by call id and status', () => {
    const [ringing] = eventsOf(statusUpdate(call, 'ringing', at, { createdAt: at }));
    expect(ringing).toMatchObject({ id: `vapi:${call.id}:status-update:ringing`, type: 'call.ringing', lines: [LINE], data: { callId: `vapi:${call.id}`, direction: 'incoming', businessNumber: LINE, externalNumber: CALLER, startedAt: at.toISOString() } });
    const startedAt = new Date(at.getTime() + 1500);
    const [answered] = eventsOf(statusUpdate(call, 'in-progress', startedAt, { createdAt: at, startedAt }));
    expect(answered).toMatchObject({ id: `vapi:${call.id}:status-update:in-progress`, type: 'call.answered', data: { answeredAt: startedAt.toISOString(), startedAt: at.toISOString() } });
    const [forwarded] = eventsOf(statusUpdate(call, 'forwarding', startedAt, { createdAt: at, forwardedTo: '+16175550100' }));
    expect(forwarded).toMatchObject({ type: 'call.forwarded', data: { forwardedTo: '+16175550100' } });
    const [ended] = eventsOf(statusUpdate(call, 'ended', startedAt, { createdAt: at }));
    expect(ended).toMatchObject({ id: `vapi:${call.id}:status-update:ended`, type: 'provider.unnormalized', data: { providerType: 'status-update' } });
  });

  it('bills the report from endedAt − startedAt, and carries its transcript, summary and recording', () => {
    const report = endOfCallReport(call, {
      endedReason: 'customer-ended-call',
      startedAt: new Date('2026-01-01T00:00:05.000Z'),
      endedAt: new Date('2026-01-01T00:02:10.500Z'),
      turns: [['bot', 'Hello, how can I help?', 0.5], ['user', 'About invoice 1042.', 3]],
      summary: 'Caller asked about invoice 1042.',
      recordingUrl: 'https://storage.vapi.ai/call-test-0001-mono.wav',
    });
    const [completed, transcript, summary, recording] = eventsOf(report);
    expect(completed).toMatchObject({ id: `vapi:${call.id}:end-of-call-report`, type: 'call.completed', data: { answeredAt: '2026-01-01T00:00:05.000Z', completedAt: '2026-01-01T00:02:10.500Z', durationSeconds: 126 } });
    expect(completed!.raw).toEqual(report);
    expect(transcript).toMatchObject({ type: 'call.transcript_ready', data: { dialogue: [{ speakerNumber: LINE, text: 'Hello, how can I help?', startSeconds: 0.5 }, { speakerNumber: CALLER, text: 'About invoice 1042.' }] } });
    expect(summary).toMatchObject({ type: 'call.summary_ready', data: { summary: ['Caller asked about invoice 1042.'] } });
    expect(recording).toMatchObject({ type: 'call.recording_ready', data: { recordings: [{ mediaId: `vapi:${call.id}:recording:0`, url: 'https://storage.vapi.ai/call-test-0001-mono.wav', contentType: 'audio/wav' }] } });
  });

  it('falls back to durationSeconds and the legacy copies when the schema fields are missing', () => {
    const { message } = endOfCallReport(call, { endedReason: 'customer-ended-call', startedAt: new Date('2026-01-01T00:00:05.000Z'), endedAt: new Date('2026-01-01T00:01:05.000Z'), summary: 'Legacy summary.', turns: [['user', 'Hi', 1]] });
    const legacy = { message: { ...message, endedAt: undefined, call: { ...(message.call as object), endedAt: undefined }, artifact: {}, analysis: {}, durationSeconds: 42.4 } };
    const [completed, transcript, summary] = eventsOf(legacy);
    expect(completed).toMatchObject({ type: 'call.completed', data: { durationSeconds: 42, completedAt: '2026-01-01T00:00:47.000Z' } });
    const noDuration = { message: { ...legacy.message, durationSeconds: undefined, timestamp: undefined } };
    expect(eventsOf(noDuration)[0]).toMatchObject({ data: { completedAt: ctx.receivedAt, durationSeconds: 295 } });
    expect(transcript).toMatchObject({ type: 'call.transcript_ready', data: { dialogue: [{ speakerNumber: CALLER, text: 'Hi' }] } });
    expect(summary).toMatchObject({ data: { summary: ['Legacy summary.'] } });
  });

  it('keeps a report whose length cannot be right raw, never rated: ending before it starts, longer than a day, or at odds with its durationSeconds', () => {
    const report = (startedAt: string, endedAt: string, durationSeconds?: number) => {
      const { message } = endOfCallReport(call, { endedReason: 'customer-ended-call', startedAt: new Date(startedAt), endedAt: new Date(endedAt) });
      return { message: { ...message, durationSeconds } };
    };
    const cases: [unknown, RegExp][] = [
      [report('2026-01-01T00:20:00.000Z', '2026-01-01T00:00:00.000Z'), /ends 20 min before it starts/],
      [report('2026-01-01T00:00:00.000Z', '9999-12-31T23:59:59.000Z'), /longer than a day/],
      [report('2026-01-01T00:00:00.000Z', '2026-01-01T01:00:00.000Z', 3), /say 1 h 0 min but Vapi's duration says 3 s/],
    ];
    for (const [payload, why] of cases) {
      const read = readVapiDelivery(payload, ctx);
      if (!read.ok || read.delivery.kind !== 'events') throw new Error(JSON.stringify(read));
      expect(read.delivery.events.map((event) => [event.id, event.type])).toEqual([[`vapi:${call.id}:end-of-call-report`, 'provider.unnormalized']]);
      expect(read.delivery.implausible).toMatchObject({ callId: `vapi:${call.id}`, businessNumber: LINE, externalNumber: CALLER, why: expect.stringMatching(why) });
    }
    // A day exactly, and durationSeconds a few seconds off, are believed.
    expect(eventsOf(report('2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z'))[0]).toMatchObject({ type: 'call.completed', data: { durationSeconds: MAX_BILLED_CALL_SECONDS } });
    expect(eventsOf(report('2026-01-01T00:00:00.000Z', '2026-01-01T00:02:00.000Z', 118.4))[0]).toMatchObject({ type: 'call.completed', data: { durationSeconds: 120 } });
  });

  it("takes receivedAt as occurredAt when Vapi's timestamp is far ahead of the relay's clock", () => {
    const { message } = endOfCallReport(call, { endedReason: 'customer-ended-call', startedAt: new Date('2026-01-01T00:00:05.000Z'), endedAt: new Date('2026-01-01T00:01:05.000Z') });
    expect(eventsOf({ message: { ...message, timestamp: 8_000_000_000_000_000 } })[0]).toMatchObject({ occurredAt: ctx.receivedAt });
    const soon = Date.parse(ctx.receivedAt) + 60_000;
    expect(eventsOf({ message: { ...message, timestamp: soon } })[0]).toMatchObject({ occurredAt: new Date(soon).toISOString() });
  });

  it('reports a refused call that never started as completed, unanswered, 0 s', () => {
    const [completed, ...rest] = eventsOf(endOfCallReport(call, { endedReason: 'assistant-request-returned-error', startedAt: null, endedAt: new Date('2026-01-01T00:00:06.000Z') }));
    expect(completed).toMatchObject({ type: 'call.completed', data: { answeredAt: null, durationSeconds: 0 } });
    expect(rest).toEqual([]);
  });

  it('reports a refused call that Vapi timed (it spoke the refusal) as unanswered, 0 s: a refusal is not service', () => {
    const [completed] = eventsOf(endOfCallReport(call, { endedReason: 'assistant-request-returned-error', startedAt: new Date('2026-01-01T00:00:00.500Z'), endedAt: new Date('2026-01-01T00:10:06.000Z') }));
    expect(completed).toMatchObject({ type: 'call.completed', data: { answeredAt: null, durationSeconds: 0, completedAt: '2026-01-01T00:10:06.000Z' } });
    const [forwarded] = eventsOf(endOfCallReport(call, { endedReason: 'assistant-forwarded-call', startedAt: new Date('2026-01-01T00:00:00.500Z'), endedAt: new Date('2026-01-01T00:01:02.000Z') }));
    expect(forwarded).toMatchObject({ type: 'call.completed', data: { answeredAt: '2026-01-01T00:00:00.500Z', durationSeconds: 62 } });
  });

  it('keeps a web call (no phone numbers) and informational messages raw, stably keyed', () => {
    const web = { ...newVapiCall(LINE, null), type: 'webCall' as const };
    const [kept] = eventsOf(endOfCallReport(web, { endedReason: 'customer-ended-call', startedAt: at, endedAt: at }));
    expect(kept).toMatchObject({ type: 'provider.unnormalized', id: `vapi:${web.id}:end-of-call-report` });
    const update = { message: { type: 'conversation-update', timestamp: 1767225600000, call: { id: call.id }, phoneNumber: { number: LINE } } };
    expect(eventsOf(update)[0]!.id).toBe(eventsOf(update)[0]!.id);
    expect(eventsOf(update)[0]).toMatchObject({ type: 'provider.unnormalized', lines: [LINE] });
  });

  it('refuses what is not a Vapi message, naming the field', () => {
    for (const [payload, field] of [
      [{}, 'message'],
      [{ message: { type: 7 } }, 'message.type'],
      [{ message: { type: 'end-of-call-report', call: { id: ['x'] } } }, 'message.call.id'],
      [{ message: { type: 'end-of-call-report', call: { id: 'c' }, durationSeconds: 'long' } }, 'message.durationSeconds'],
      [{ message: { type: 'assistant-request', call: { id: 'c' } } }, 'message.phoneNumber.number'],
    ] as const) {
      const read = readVapiDelivery(payload, ctx);
      expect(read.ok).toBe(false);
      if (!read.ok) expect(read.error).toContain(field);
    }
  });
});

describe('the assistant-request decision (spec §3.2)', () => {
  const answer = readVapiSettings((name) => ({ VAPI_ASSISTANT_ID: 'asst-1' })[name], []).answer;
  const standing = (over: Partial<AccountStanding>): AccountStanding => ({
    customerId: 'c1',
    name: 'Ada Lovelace',
    company: null,
    planId: 'p1',
    planName: 'Prepaid',
    balanceExempt: false,
    includedSecondsRemaining: null,
    walletBalanceMinor: null,
    currency: 'USD',
    openInvoices: [],
    ...over,
  });

  it('serves time or credit left, and an exempt plan at zero; refuses nothing left; defaults an unknown caller', () => {
    expect(decideAssistant(standing({ includedSecondsRemaining: 7800 }), answer)).toEqual({ decision: 'assistant', reason: 'included_time_left' });
    expect(decideAssistant(standing({ includedSecondsRemaining: 0, walletBalanceMinor: 1250 }), answer)).toEqual({ decision: 'assistant', reason: 'wallet_balance_left' });
    expect(decideAssistant(standing({ walletBalanceMinor: 0, balanceExempt: true }), answer)).toEqual({ decision: 'assistant', reason: 'exempt_plan' });
    expect(decideAssistant(standing({ includedSecondsRemaining: 0, walletBalanceMinor: -300 }), answer)).toEqual({ decision: 'refused', reason: 'no_balance' });
    expect(decideAssistant(standing({ walletBalanceMinor: 0 }), { ...answer, refusal: 'forwarded' })).toEqual({ decision: 'forwarded', reason: 'no_balance' });
    expect(decideAssistant(null, answer)).toEqual({ decision: 'assistant', reason: 'unknown_caller' });
    expect(decideAssistant(null, { ...answer, unknownCaller: 'refused' })).toEqual({ decision: 'refused', reason: 'unknown_caller' });
  });

  it('answers with the assistant and the caller in words, the spoken refusal, or the forward', () => {
    const variables = callerVariables({ reason: 'included_time_left', includedSecondsRemaining: 7800, walletBalanceMinor: 1250, currency: 'USD' }, { name: 'Ada Lovelace', planName: 'Prepaid' });
    expect(assistantAnswerBody({ decision: 'assistant', reason: 'included_time_left' }, variables, answer)).toEqual({
      assistantId: 'asst-1',
      assistantOverrides: { variableValues: { customerName: 'Ada Lovelace', planName: 'Prepaid', remainingTime: '2 hours and 10 minutes and $12.50 of credit' } },
    });
    expect(assistantAnswerBody({ decision: 'refused', reason: 'no_balance' }, variables, answer)).toEqual({ error: answer.refusalMessage });
    expect(assistantAnswerBody({ decision: 'forwarded', reason: 'no_balance' }, variables, { ...answer, forwardNumber: '+16175550100' })).toEqual({ destination: { type: 'number', number: '+16175550100', message: answer.forwardMessage } });
    expect([spokenDuration(59), spokenDuration(60), spokenDuration(3600), spokenDuration(3660)]).toEqual(['59 seconds', '1 minute', '1 hour', '1 hour and 1 minute']);
  });

  it('tells an unknown caller who is refused that the line has no account for them, never that their account has no time left', () => {
    const unknown = readVapiSettings((name) => ({ VAPI_ASSISTANT_ID: 'asst-1', VAPI_UNKNOWN_CALLER: 'refuse' })[name], []).answer;
    const body = assistantAnswerBody({ decision: 'refused', reason: 'unknown_caller' }, callerVariables({ reason: 'unknown_caller', includedSecondsRemaining: null, walletBalanceMinor: null, currency: null }, { name: null, planName: null }), unknown);
    expect(body).toEqual({ error: "Sorry, we can't take your call on this line. Please contact us to set up an account. Goodbye." });
    expect(JSON.stringify(body)).not.toMatch(/no time left/);
    const worded = readVapiSettings((name) => ({ VAPI_UNKNOWN_CALLER: 'refuse', VAPI_UNKNOWN_CALLER_MESSAGE: 'This line is for members.' })[name], []).answer;
    expect(assistantAnswerBody({ decision: 'refused', reason: 'unknown_caller' }, callerVariables({ reason: 'unknown_caller', includedSecondsRemaining: null, walletBalanceMinor: null, currency: null }, { name: null, planName: null }), worded)).toEqual({ error: 'This line is for members.' });
    const errors: string[] = [];
    readVapiSettings((name) => ({ VAPI_UNKNOWN_CALLER_MESSAGE: 'x'.repeat(1001) })[name], errors);
    expect(errors).toEqual(['VAPI_UNKNOWN_CALLER_MESSAGE is too long: at most 1000 characters']);
  });

  it('never gives the assistant an empty variable: "there", "no plan", "no time", and "unlimited time" on an exempt plan', () => {
    expect(callerVariables({ reason: 'unknown_caller', includedSecondsRemaining: null, walletBalanceMinor: null, currency: null }, { name: null, planName: null })).toEqual({ customerName: 'there', planName: 'no plan', remainingTime: 'no time' });
    expect(callerVariables({ reason: 'exempt_plan', includedSecondsRemaining: 0, walletBalanceMinor: 0, currency: 'USD' }, { name: 'Erin', planName: 'Enterprise' })).toEqual({ customerName: 'Erin', planName: 'Enterprise', remainingTime: 'unlimited time' });
    expect(callerVariables({ reason: 'wallet_balance_left', includedSecondsRemaining: null, walletBalanceMinor: 500, currency: 'USD' }, { name: ' ', planName: '' })).toEqual({ customerName: 'there', planName: 'no plan', remainingTime: '$5.00 of credit' });
  });

  it('reads the request: the call, the number called, the caller (null when withheld)', () => {
    const call = newVapiCall(LINE, null);
    const read = readVapiDelivery(assistantRequest(call, new Date('2026-01-01T00:00:00Z')), ctx);
    expect(read).toMatchObject({ ok: true, delivery: { kind: 'assistant-request', request: { callId: `vapi:${call.id}`, eventId: `vapi:${call.id}:assistant-request`, businessNumber: LINE, externalNumber: null, occurredAt: '2026-01-01T00:00:00.000Z' } } });
  });
});
