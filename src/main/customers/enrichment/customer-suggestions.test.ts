import { afterEach, describe, expect, it } from 'vitest';
import { completed, customerUpserted, ringing } from '../../../../tests/support/event-builders';
import { EVENT_MODEL_VERSION, type EventOf, type RingsideEvent } from '../../../shared/events/model';
import { customerDetail, customerSuggestions } from '../../callbacks/team-work-handlers';
import { openConsoleDatabase, type ConsoleDatabase } from '../../db/open-console-database';
import { applyBatch } from '../../projection/apply-event';
import { withSuggestion } from './accept-suggestion';

const LINE = '+16175550199';
const MARIA = '+16175550142';

function envelope(id: string, at: string, source: RingsideEvent['source'] = 'openphone') {
  return { v: EVENT_MODEL_VERSION, id, source, occurredAt: at, receivedAt: at, lines: source === 'console' ? [] : [LINE] };
}

function text(messageId: string, direction: 'incoming' | 'outgoing', body: string, sentAt: string): EventOf<'message.recorded'> {
  return {
    ...envelope(`${messageId}:${sentAt}`, sentAt),
    type: 'message.recorded',
    data: { messageId, direction, businessNumber: LINE, from: direction === 'incoming' ? MARIA : LINE, participants: [MARIA], body, media: [], status: direction === 'incoming' ? 'received' : 'sent', errorCode: null, sentAt, providerConversationId: null, userId: null, campaignId: null, healthCheck: false },
  };
}

function transcript(callId: string, at: string, dialogue: [string | null, string][]): EventOf<'call.transcript_ready'> {
  return {
    ...envelope(`transcript:${callId}`, at),
    type: 'call.transcript_ready',
    data: { callId, durationSeconds: 60, dialogue: dialogue.map(([speakerNumber, words], i) => ({ speakerNumber, speakerUserId: speakerNumber === null ? 'US1' : null, text: words, startSeconds: i * 5, endSeconds: i * 5 + 4 })) },
  };
}

function consoleEvent<T extends RingsideEvent['type']>(type: T, data: Extract<RingsideEvent, { type: T }>['data'], at: string): RingsideEvent {
  return { ...envelope(`${type}:${JSON.stringify(data)}`, at, 'console'), type, data } as RingsideEvent;
}

describe("suggestions from a customer's own texts and calls", () => {
  let db: ConsoleDatabase;
  let seq = 0;
  const apply = (...events: RingsideEvent[]) => applyBatch(db, events.map((event) => ({ seq: ++seq, event })));
  afterEach(async () => {
    await db.close();
  });

  it("reads only the customer's words, not what the business wrote or said, and keeps a dismissal through a merge", async () => {
    db = await openConsoleDatabase(':memory:');
    apply(
      customerUpserted('c-maria', 'Caller 0142', [MARIA]),
      text('openphone:AC1', 'outgoing', 'Hi, this is Dana Whitfield from Acme Heating, email us at office@acmeheating.com', '2026-03-01T09:00:00.000Z'),
      text('openphone:AC2', 'incoming', 'Hi Dana, this is Maria Lopez. The house is 12 Oak Street, Springfield, MA 01101', '2026-03-01T09:05:00.000Z'),
      ringing('openphone:CA1', MARIA, '2026-03-02T10:00:00.000Z'),
      completed('openphone:CA1', MARIA, '2026-03-02T10:00:00.000Z', 60),
      transcript('openphone:CA1', '2026-03-02T10:02:00.000Z', [
        [null, 'Acme Heating, this is Sam Porter speaking'],
        [MARIA, 'yes you can email me at maria dot lopez at gmail dot com'],
      ]),
    );
    expect(customerSuggestions(db, 'c-maria', 'US').map((s) => [s.field, s.value, s.sourceKind])).toEqual([
      ['email', 'maria.lopez@gmail.com', 'transcript'],
      ['name', 'Maria Lopez', 'message'],
      ['address', '12 Oak Street\nSpringfield, MA 01101', 'message'],
    ]);

    // Accepting the address is a customer.upserted with it; the record then holds it.
    const detail = customerDetail(db, 'c-maria')!;
    const record = withSuggestion(detail, { field: 'address', value: '12 Oak Street\nSpringfield, MA 01101' });
    apply(consoleEvent('customer.upserted', { customerId: 'c-maria', name: record.name, company: null, email: record.email, emails: record.emails, phones: detail.phones, quickbooksId: null, address: record.address, notes: 'Gate code 4411' }, '2026-03-02T11:00:00.000Z'));
    expect(customerDetail(db, 'c-maria')).toMatchObject({ address: '12 Oak Street\nSpringfield, MA 01101', notes: 'Gate code 4411' });
    expect(customerSuggestions(db, 'c-maria', 'US').map((s) => s.field)).toEqual(['email', 'name']);

    // Dismissing the name hides it; merged into another record, it stays dismissed there.
    apply(consoleEvent('customer.suggestion_dismissed', { customerId: 'c-maria', suggestionKey: 'name:maria lopez', by: 'Front desk' }, '2026-03-02T11:01:00.000Z'));
    expect(customerSuggestions(db, 'c-maria', 'US').map((s) => s.field)).toEqual(['email']);
    apply(
      customerUpserted('c-lopez', 'M. Lopez', ['+16175550143']),
      consoleEvent('customer.merged', { fromCustomerId: 'c-maria', intoCustomerId: 'c-lopez', by: 'Front desk' }, '2026-03-02T11:02:00.000Z'),
    );
    expect(customerDetail(db, 'c-lopez')).toMatchObject({ address: '12 Oak Street\nSpringfield, MA 01101', notes: 'Gate code 4411' });
    expect(customerSuggestions(db, 'c-lopez', 'US').map((s) => [s.field, s.value])).toEqual([['email', 'maria.lopez@gmail.com']]);
  });
});
