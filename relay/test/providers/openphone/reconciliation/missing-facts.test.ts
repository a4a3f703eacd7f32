import { describe, expect, it } from 'vitest';
import { factKey } from '../../../../../src/shared/events/fact-key';
import { missingFacts } from '../../../../src/providers/openphone/reconciliation/missing-facts';
import { healthCheckText } from '../../../../src/providers/openphone/health-check/health-check-marker';

const LINE = '+16175550100';
const CALLER = '+16175550111';
const lines = { PNfront: LINE };
const receivedAt = '2026-12-01T07:00:00.000Z';
const OTHER_LINE = '+16175550101';
const noneIssued = { pairOf: () => null };
/** The relay issued this marker for a test text from LINE to OTHER_LINE. */
const ISSUED = '0123456789abcdef';
const issued = { pairOf: (marker: string) => (marker === ISSUED ? { from: LINE, to: OTHER_LINE } : null) };

const call = (id: string, status: string, answeredAt: string | null = '2026-11-30T15:00:05Z') => ({
  id,
  object: 'call',
  phoneNumberId: 'PNfront',
  userId: 'USfront01',
  direction: 'incoming',
  status,
  participants: [CALLER],
  answeredAt,
  answeredBy: answeredAt === null ? null : 'USfront01',
  completedAt: '2026-11-30T15:10:05Z',
  createdAt: '2026-11-30T15:00:00Z',
  updatedAt: '2026-11-30T15:10:05Z',
  duration: answeredAt === null ? 0 : 600,
});
const text = (id: string, body: string, direction = 'incoming') => ({
  id,
  object: 'message',
  from: direction === 'incoming' ? CALLER : LINE,
  to: [direction === 'incoming' ? LINE : CALLER],
  text: body,
  phoneNumberId: 'PNfront',
  direction,
  userId: null,
  status: direction === 'incoming' ? 'received' : 'delivered',
  createdAt: '2026-11-30T16:00:00Z',
  updatedAt: '2026-11-30T16:00:00Z',
});

describe('what the log lacks of what OpenPhone lists', () => {
  it('a listed call the log does not hold becomes the call.completed its webhook would have given, marked as recovered and billed', () => {
    const found = missingFacts({ calls: [call('ACmissed', 'completed')], messages: [] }, { phoneNumberIds: lines, receivedAt, has: () => false, healthChecks: noneIssued });
    expect(found.events).toHaveLength(1);
    const event = found.events[0]!;
    expect(event).toMatchObject({
      id: 'reconciliation:call.completed|openphone:ACmissed',
      type: 'call.completed',
      source: 'openphone',
      lines: [LINE],
      origin: { by: 'reconciliation', recordOnly: false },
      data: { callId: 'openphone:ACmissed', direction: 'incoming', businessNumber: LINE, externalNumber: CALLER, answeredAt: '2026-11-30T15:00:05.000Z', durationSeconds: 600, answeredBy: 'USfront01' },
    });
    expect(factKey(event)).toBe('call.completed|openphone:ACmissed');
  });

  it('facts the log holds, by fact key, are left out; a call still ringing is left for its webhook', () => {
    const held = new Set(['call.completed|openphone:ACheld', 'message.recorded|openphone:ACtext1']);
    const found = missingFacts(
      { calls: [call('ACheld', 'completed'), call('ACringing', 'ringing', null)], messages: [text('ACtext1', 'Hello'), text('ACtext2', 'Are you open?')] },
      { phoneNumberIds: lines, receivedAt, has: (key) => held.has(key), healthChecks: noneIssued },
    );
    expect(found.events.map((event) => event.id)).toEqual(['reconciliation:message.recorded|openphone:ACtext2']);
    expect(found.unfinishedCalls).toBe(1);
  });

  it('a missed call is recovered unanswered, a texts keeps its direction and status, and the relay\'s own health-check text is flagged', () => {
    const ownCheck = { ...text('AChealth', healthCheckText(ISSUED), 'outgoing'), to: [OTHER_LINE] };
    const found = missingFacts(
      { calls: [call('ACnoanswer', 'no-answer', null)], messages: [text('ACout', 'On my way', 'outgoing'), ownCheck] },
      { phoneNumberIds: lines, receivedAt, has: () => false, healthChecks: issued },
    );
    const [missed, out, health] = found.events;
    expect(missed).toMatchObject({ type: 'call.completed', data: { answeredAt: null, durationSeconds: 0 } });
    expect(out).toMatchObject({ type: 'message.recorded', data: { direction: 'outgoing', status: 'delivered', from: LINE, participants: [CALLER], body: 'On my way', healthCheck: false } });
    expect(health).toMatchObject({ type: 'message.recorded', data: { participants: [OTHER_LINE], healthCheck: true } });
  });

  it('a customer\'s text carrying a well-formed marker is an ordinary text: an issued marker from another number, or a marker never issued', () => {
    const found = missingFacts(
      { calls: [], messages: [text('ACspoof1', healthCheckText(ISSUED)), { ...text('ACspoof2', healthCheckText('fedcba9876543210'), 'outgoing'), to: [OTHER_LINE] }] },
      { phoneNumberIds: lines, receivedAt, has: () => false, healthChecks: issued },
    );
    expect(found.events.map((event) => event.type === 'message.recorded' && event.data.healthCheck)).toEqual([false, false]);
  });

  it('an object naming a line the relay does not know is reported unreadable, not guessed', () => {
    const found = missingFacts({ calls: [{ ...call('ACelsewhere', 'completed'), phoneNumberId: 'PNunknown' }], messages: [] }, { phoneNumberIds: lines, receivedAt, has: () => false, healthChecks: noneIssued });
    expect(found.events).toEqual([]);
    expect(found.unreadable).toEqual(['ACelsewhere']);
  });
});
