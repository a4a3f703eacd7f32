import { describe, expect, it } from 'vitest';
import type { RingsideEvent } from '../../../../../src/shared/events/model';
import { talked, unanswered } from '../../../../../tests/support/event-builders';
import { texted } from '../../../../../tests/support/message-builders';
import { CORRECTED_BY, correctionOf, differenceOf, type LoggedFact } from '../../../../src/providers/openphone/reconciliation/differing-facts';
import { differingAlertWords } from '../../../../src/providers/openphone/reconciliation/run-report';

const CALLER = '+16175550123';
const loggedCall = (durationSeconds: number, answered = true, extra: Partial<Extract<LoggedFact, { kind: 'call' }>> = {}): LoggedFact => ({ kind: 'call', durationSeconds, answered, correctedByHand: false, fromApi: false, healthCheck: false, ...extra });
const loggedText = (status: 'sent' | 'delivered' | 'received' | 'failed', healthCheck = false): LoggedFact => ({ kind: 'message', status, healthCheck });
const key = (event: RingsideEvent) => `${event.type}|${(event.data as { callId?: string; messageId?: string }).callId ?? (event.data as { messageId: string }).messageId}`;

describe('what the log and OpenPhone describe differently', () => {
  it("a call answered on both sides whose talk time differs is corrected to OpenPhone's, by a call.corrected that billing re-rates from", () => {
    const listed = talked('openphone:AC1', CALLER, '2026-11-30T10:00:05Z', 300);
    const difference = differenceOf(key(listed), listed, loggedCall(240));
    expect(difference).toMatchObject({ kind: 'call', difference: 'duration', inRingside: 240, inOpenPhone: 300, corrected: true });
    const correction = correctionOf(difference!, 'openphone:AC1', '2026-12-01T02:00:00.000Z', listed.lines);
    expect(correction).toMatchObject({ type: 'call.corrected', source: 'relay', id: 'reconciliation:call.corrected|openphone:AC1|300', data: { callId: 'openphone:AC1', durationSeconds: 300, by: CORRECTED_BY } });
    expect(differenceOf(key(listed), listed, loggedCall(300))).toBeNull();
  });

  it('an admin\'s own correction stands, and a talk time the API itself gave is not compared', () => {
    const listed = talked('openphone:AC1', CALLER, '2026-11-30T10:00:05Z', 300);
    expect(differenceOf(key(listed), listed, loggedCall(120, true, { correctedByHand: true }))).toBeNull();
    expect(differenceOf(key(listed), listed, loggedCall(299, true, { fromApi: true }))).toBeNull();
  });

  it('a call answered on one side only is reported, never corrected', () => {
    const listed = unanswered('openphone:AC2', CALLER, '2026-11-30T10:00:00Z');
    const difference = differenceOf(key(listed), listed, loggedCall(60));
    expect(difference).toMatchObject({ difference: 'answered', inRingside: 'answered', inOpenPhone: 'not answered', corrected: false });
    expect(correctionOf(difference!, 'openphone:AC2', '2026-12-01T02:00:00.000Z', listed.lines)).toBeNull();
  });

  it("a text whose status differs is reported; a listing still saying sent after a delivery report is not a difference, nor is the relay's own test text", () => {
    const at = '2026-11-30T10:00:00Z';
    const delivered = texted('AC9', 'outgoing', CALLER, at, 'delivered');
    expect(differenceOf(key(delivered), delivered, loggedText('sent'))).toMatchObject({ kind: 'message', difference: 'status', inRingside: 'sent', inOpenPhone: 'delivered', corrected: false });
    expect(differenceOf(key(delivered), delivered, loggedText('delivered'))).toBeNull();
    const sent = texted('AC9', 'outgoing', CALLER, at, 'sent');
    expect(differenceOf(key(sent), sent, loggedText('delivered'))).toBeNull();
    expect(differenceOf(key(delivered), delivered, loggedText('sent', true))).toBeNull();
  });

  it('the alert says what was corrected and what is left to check, in plain words', () => {
    const listed = talked('openphone:AC1', CALLER, '2026-11-30T10:00:05Z', 300);
    const corrected = differenceOf(key(listed), listed, loggedCall(240))!;
    const text = texted('AC9', 'outgoing', CALLER, '2026-11-30T11:00:00Z', 'failed');
    const status = differenceOf(key(text), text, loggedText('sent'))!;
    expect(differingAlertWords('daily', '2026-11-30', '2026-11-30', [corrected, status], true)).toBe(
      "OpenPhone and Ringside disagree about 1 call and 1 text on 30 November. Ringside corrected the talk time of 1 call to OpenPhone's; it is billed again from the new length. The other one is listed on the Operations page to check; Ringside left it as it was.",
    );
    expect(differingAlertWords('daily', '2026-11-30', '2026-11-30', [status, status], false)).toBe('OpenPhone also describes 2 texts differently from Ringside. They are listed on the Operations page to check; Ringside left them as they were.');
  });
});
