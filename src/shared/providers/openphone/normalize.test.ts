import { describe, expect, it } from 'vitest';
import { EVENT_MODEL_VERSION, ringsideEventSchema, type RingsideEvent } from '../../events/model';
import { normalizeOpenPhone, type OpenPhoneNormalizeContext } from './normalize';

const ctx: OpenPhoneNormalizeContext = {
  receivedAt: '2026-01-01T00:00:01.000Z',
  deliveryId: null,
  phoneNumberIds: { PNmain0001: '+15559870002' },
};

// Spec §1.7 example (app-created v3 shape).
const V3_RINGING = JSON.parse(
  '{"id":"EVtest0000000000000000000000000001","object":"event","apiVersion":"v3","createdAt":"2026-01-01T00:00:00.000Z","type":"call.ringing","data":{"object":{"id":"ACtest0000000000000000000000000001","object":"call","from":"+15551230001","to":"+15559870002","direction":"incoming","media":[],"voicemail":null,"status":"ringing","createdAt":"2025-12-31T23:59:59.500Z","answeredAt":null,"completedAt":null,"userId":"UStest0001","phoneNumberId":"PNtest0001","conversationId":"CNtest0000000000000000000000000001"}}}',
) as Record<string, unknown>;

function v3Call(type: string, call: Record<string, unknown>) {
  return {
    id: 'EVv3',
    object: 'event',
    apiVersion: 'v3',
    createdAt: '2026-01-01T00:05:00.000Z',
    type,
    data: {
      object: {
        id: 'ACcall1',
        object: 'call',
        from: '+15551230001',
        to: '+15559870002',
        direction: 'incoming',
        media: [],
        voicemail: null,
        status: 'completed',
        createdAt: '2026-01-01T00:00:00.250Z',
        answeredAt: '2026-01-01T00:00:05.000Z',
        completedAt: '2026-01-01T00:04:07.000Z',
        userId: 'US1',
        phoneNumberId: 'PNtest0001',
        conversationId: 'CN1',
        ...call,
      },
    },
  };
}

function v4Call(type: string, call: Record<string, unknown>) {
  return {
    id: 'EVv4',
    object: 'event',
    apiVersion: 'v4',
    createdAt: '2026-01-01T00:05:00.000Z',
    type,
    data: {
      object: {
        id: 'ACcall4',
        object: 'call',
        answeredAt: '2026-01-01T00:00:05.000Z',
        answeredBy: 'US1',
        initiatedBy: null,
        direction: 'incoming',
        status: 'completed',
        completedAt: '2026-01-01T00:04:07.000Z',
        createdAt: '2026-01-01T00:00:00.250Z',
        duration: 242,
        forwardedFrom: null,
        forwardedTo: null,
        phoneNumberId: 'PNmain0001',
        participants: ['+15551230001'],
        updatedAt: '2026-01-01T00:04:07.500Z',
        userId: 'US1',
        contactIds: [],
        ...call,
      },
    },
  };
}

/** Normalizes and checks the result against the event model's own schema. */
function normalized(payload: unknown, context: OpenPhoneNormalizeContext = ctx): RingsideEvent {
  const result = normalizeOpenPhone(payload, context);
  if (!result.ok) throw new Error(`expected an event, got: ${result.error}`);
  expect(ringsideEventSchema.parse(result.event)).toEqual(result.event);
  return result.event;
}

describe('OpenPhone call.ringing', () => {
  it('the spec example rings on the workspace line, from the caller', () => {
    expect(normalized(V3_RINGING)).toEqual({
      v: EVENT_MODEL_VERSION,
      id: 'EVtest0000000000000000000000000001',
      type: 'call.ringing',
      source: 'openphone',
      occurredAt: '2026-01-01T00:00:00.000Z',
      receivedAt: '2026-01-01T00:00:01.000Z',
      lines: ['+15559870002'],
      data: {
        callId: 'openphone:ACtest0000000000000000000000000001',
        direction: 'incoming',
        businessNumber: '+15559870002',
        externalNumber: '+15551230001',
        startedAt: '2025-12-31T23:59:59.500Z',
      },
      raw: V3_RINGING,
    });
  });

  it('a call created when its event was starts then, in UTC, or at receipt when neither time is an instant', () => {
    const sameTime = (createdAt: unknown) => {
      const payload = v3Call('call.ringing', { createdAt });
      return normalized({ ...payload, createdAt }).data;
    };
    expect(sameTime('2026-01-01T01:00:00+01:00')).toMatchObject({ startedAt: '2026-01-01T00:00:00.000Z' });
    expect(sameTime('yesterday')).toMatchObject({ startedAt: ctx.receivedAt });
    expect(sameTime(undefined)).toMatchObject({ startedAt: ctx.receivedAt });
  });

  it('an outgoing call rings from the workspace line to the customer', () => {
    const event = normalized(v3Call('call.ringing', { direction: 'outgoing', from: '+15559870002', to: '+15551230001' }));
    expect(event).toMatchObject({
      type: 'call.ringing',
      lines: ['+15559870002'],
      data: { direction: 'outgoing', businessNumber: '+15559870002', externalNumber: '+15551230001' },
    });
  });

  it('an API-created (v4) call finds the line through its phoneNumberId', () => {
    const event = normalized(v4Call('call.ringing', { status: 'ringing', answeredAt: null, completedAt: null, duration: 0 }));
    expect(event).toMatchObject({
      id: 'EVv4',
      type: 'call.ringing',
      lines: ['+15559870002'],
      data: { callId: 'openphone:ACcall4', direction: 'incoming', businessNumber: '+15559870002', externalNumber: '+15551230001' },
    });
  });

  it('numbers in national or punctuated formats come out in E.164', () => {
    const event = normalized(v3Call('call.ringing', { from: '(555) 123-0001', to: '1 555 987 0002' }));
    expect(event).toMatchObject({ data: { businessNumber: '+15559870002', externalNumber: '+15551230001' } });
  });

  it('key order in the payload does not matter', () => {
    const reordered = JSON.parse(
      '{"data":{"object":{"conversationId":"CNtest0000000000000000000000000001","phoneNumberId":"PNtest0001","userId":"UStest0001","completedAt":null,"answeredAt":null,"createdAt":"2025-12-31T23:59:59.500Z","status":"ringing","voicemail":null,"media":[],"direction":"incoming","to":"+15559870002","from":"+15551230001","object":"call","id":"ACtest0000000000000000000000000001"}},"type":"call.ringing","createdAt":"2026-01-01T00:00:00.000Z","apiVersion":"v3","object":"event","id":"EVtest0000000000000000000000000001"}',
    );
    expect({ ...normalized(reordered), raw: null }).toEqual({ ...normalized(V3_RINGING), raw: null });
  });
});

describe('OpenPhone call.completed', () => {
  it('an answered call is billed from answer to hang-up in whole seconds', () => {
    const event = normalized(v3Call('call.completed', { completedAt: '2026-01-01T00:04:07.900Z' }));
    expect(event).toMatchObject({
      type: 'call.completed',
      occurredAt: '2026-01-01T00:05:00.000Z',
      lines: ['+15559870002'],
      data: {
        callId: 'openphone:ACcall1',
        startedAt: '2026-01-01T00:00:00.250Z',
        answeredAt: '2026-01-01T00:00:05.000Z',
        completedAt: '2026-01-01T00:04:07.900Z',
        durationSeconds: 242,
        voicemailUrl: null,
      },
    });
  });

  it('a missed call is a completed call with no answer and no talk time', () => {
    const event = normalized(v3Call('call.completed', { answeredAt: null }));
    expect(event).toMatchObject({ type: 'call.completed', data: { answeredAt: null, durationSeconds: 0, voicemailUrl: null } });
  });

  it('a missed call with a voicemail carries the voicemail URL', () => {
    const url = 'https://storage.example.test/vm/1.mp3';
    const event = normalized(v3Call('call.completed', { answeredAt: null, voicemail: { url, type: 'audio/mpeg', duration: 17 } }));
    expect(event).toMatchObject({ data: { answeredAt: null, durationSeconds: 0, voicemailUrl: url } });
  });

  it('an outgoing completed call is on the line it was placed from', () => {
    const event = normalized(v3Call('call.completed', { direction: 'outgoing', from: '+15559870002', to: '+15551230001' }));
    expect(event).toMatchObject({ lines: ['+15559870002'], data: { direction: 'outgoing', externalNumber: '+15551230001' } });
  });

  it('an API-created (v4) call uses its reported duration when answered', () => {
    const event = normalized(v4Call('call.completed', { duration: 240 }));
    expect(event).toMatchObject({ data: { businessNumber: '+15559870002', durationSeconds: 240, answeredAt: '2026-01-01T00:00:05.000Z' } });
  });

  it('an unanswered v4 call has no talk time whatever its duration says', () => {
    const event = normalized(v4Call('call.completed', { answeredAt: null, answeredBy: null, status: 'no-answer', duration: 12 }));
    expect(event).toMatchObject({ type: 'call.completed', data: { answeredAt: null, durationSeconds: 0 } });
  });

  it('a v4 call on a line the relay cannot map is kept, unnormalized', () => {
    const payload = v4Call('call.completed', { phoneNumberId: 'PNunknown' });
    expect(normalized(payload)).toEqual({
      v: EVENT_MODEL_VERSION,
      id: 'EVv4',
      type: 'provider.unnormalized',
      source: 'openphone',
      occurredAt: '2026-01-01T00:05:00.000Z',
      receivedAt: '2026-01-01T00:00:01.000Z',
      lines: [],
      data: { providerType: 'call.completed' },
      raw: payload,
    });
  });
});

describe('OpenPhone new-generation (2026-03-30) deliveries', () => {
  const newGen = (resource: Record<string, unknown>) => ({
    id: 'EVtest0000000000000000000000000002',
    apiVersion: '2026-03-30',
    createdAt: '2026-01-01T00:00:00.000Z',
    type: 'call.completed',
    data: { resource, context: { orgId: 'ORtest0001' }, links: {} },
  });
  const delivered = { ...ctx, deliveryId: 'msg_2testDeliveryId0000000001' };

  it('are identified by their webhook-id so retries of a delivery dedupe', () => {
    const event = normalized(newGen({ id: 'ACtest0000000000000000000000000001' }), delivered);
    expect(event).toMatchObject({ id: 'msg_2testDeliveryId0000000001', type: 'provider.unnormalized', data: { providerType: 'call.completed' } });
  });

  it('a call resource with enough fields is normalized like a v4 call', () => {
    const event = normalized(
      newGen({
        id: 'ACnew1',
        direction: 'incoming',
        phoneNumberId: 'PNmain0001',
        participants: [{ phoneNumber: '+15551230001', actorId: null }],
        createdAt: '2025-12-31T23:58:00.000Z',
        answeredAt: '2025-12-31T23:58:10.000Z',
        completedAt: '2025-12-31T23:59:10.000Z',
      }),
      delivered,
    );
    expect(event).toMatchObject({
      id: 'msg_2testDeliveryId0000000001',
      type: 'call.completed',
      lines: ['+15559870002'],
      data: { callId: 'openphone:ACnew1', externalNumber: '+15551230001', durationSeconds: 60 },
    });
  });
});

describe('OpenPhone call.answered', () => {
  const newGen = (resource: Record<string, unknown>) => ({
    id: 'EVtest0000000000000000000000000003',
    apiVersion: '2026-03-30',
    createdAt: '2026-01-01T00:00:00.000Z',
    type: 'call.answered',
    data: { resource, context: { orgId: 'ORtest0001' }, links: {} },
  });
  const delivered = { ...ctx, deliveryId: 'msg_2testDeliveryId0000000003' };
  const call = {
    id: 'ACnew1',
    direction: 'incoming',
    status: 'in-progress',
    phoneNumberId: 'PNmain0001',
    participants: [{ phoneNumber: '+15551230001', actorId: null }],
    createdAt: '2025-12-31T23:59:50.000Z',
    answeredAt: '2025-12-31T23:59:58.000Z',
    completedAt: null,
  };

  it('a new-generation call is answered on its line, at the time the call says', () => {
    const payload = newGen(call);
    expect(normalized(payload, delivered)).toEqual({
      v: EVENT_MODEL_VERSION,
      id: 'msg_2testDeliveryId0000000003',
      type: 'call.answered',
      source: 'openphone',
      occurredAt: '2026-01-01T00:00:00.000Z',
      receivedAt: '2026-01-01T00:00:01.000Z',
      lines: ['+15559870002'],
      data: {
        callId: 'openphone:ACnew1',
        direction: 'incoming',
        businessNumber: '+15559870002',
        externalNumber: '+15551230001',
        startedAt: '2025-12-31T23:59:50.000Z',
        answeredAt: '2025-12-31T23:59:58.000Z',
        answeredBy: null,
      },
      raw: payload,
    });
  });

  it('without an answeredAt in the call, it was answered when the event fired', () => {
    expect(normalized(newGen({ ...call, answeredAt: null }), delivered)).toMatchObject({
      type: 'call.answered',
      data: { answeredAt: '2026-01-01T00:00:00.000Z' },
    });
  });

  it('a new-generation call with from/to is read like an app-created call', () => {
    const { phoneNumberId: _id, participants: _p, ...rest } = call;
    expect(normalized(newGen({ ...rest, from: '+15551230001', to: '+15559870002' }), delivered)).toMatchObject({
      type: 'call.answered',
      data: { businessNumber: '+15559870002', externalNumber: '+15551230001' },
    });
  });

  it('a call on a line the relay cannot map is kept, unnormalized', () => {
    expect(normalized(newGen({ ...call, phoneNumberId: 'PNunknown' }), delivered)).toMatchObject({
      type: 'provider.unnormalized',
      lines: [],
      data: { providerType: 'call.answered' },
    });
  });

  it('a call.answered in a legacy envelope is read like any other: the same fields in data.object', () => {
    const payload = v3Call('call.answered', { status: 'in-progress', completedAt: null });
    expect(normalized(payload)).toMatchObject({
      id: 'EVv3',
      type: 'call.answered',
      lines: ['+15559870002'],
      data: { callId: 'openphone:ACcall1', answeredAt: '2026-01-01T00:00:05.000Z', answeredBy: 'US1' },
    });
  });

  it('names who picked up: answeredBy when the call says, else its user', () => {
    expect(normalized(newGen({ ...call, answeredBy: 'USanswer', userId: 'USowner' }), delivered)).toMatchObject({ data: { answeredBy: 'USanswer' } });
    expect(normalized(newGen({ ...call, userId: 'USowner' }), delivered)).toMatchObject({ data: { answeredBy: 'USowner' } });
  });
});

describe('other OpenPhone events', () => {
  it('a type this version does not know (call.menu.selected, task.*) is kept with its raw payload and the line it concerns', () => {
    const menu = {
      id: 'EVmenu1',
      apiVersion: '2026-03-30',
      createdAt: '2026-01-01T00:00:00.000Z',
      type: 'call.menu.selected',
      data: { resource: { id: 'ACmenu', direction: 'incoming', from: '+15551230001', to: '+15559870002', digit: '2' }, context: {}, links: {} },
    };
    expect(normalized(menu)).toMatchObject({ id: 'EVmenu1', type: 'provider.unnormalized', lines: ['+15559870002'], data: { providerType: 'call.menu.selected' }, raw: menu });
    const task = { id: 'EVtask1', apiVersion: '2026-03-30', createdAt: '2026-01-01T00:00:00.000Z', type: 'task.created', data: { resource: { id: 'TK1' } } };
    expect(normalized(task)).toMatchObject({ type: 'provider.unnormalized', lines: [], data: { providerType: 'task.created' } });
  });

  it('an unknown call.* type naming its call is seen on the lines that call was', () => {
    const payload = { id: 'EVx', createdAt: '2026-01-01T00:00:00.000Z', type: 'call.tagged', data: { resource: { callId: 'ACseen' } } };
    const event = normalized(payload, { ...ctx, linesOfCall: (callId) => (callId === 'openphone:ACseen' ? ['+15559870002'] : []) });
    expect(event).toMatchObject({ type: 'provider.unnormalized', lines: ['+15559870002'] });
  });

  it('a known type whose fields cannot be read (a summary with no summary) is kept, on the line its phoneNumberId maps to', () => {
    const summary = (object: Record<string, unknown>) => ({ id: 'EVs', createdAt: 'not a date', type: 'call.summary.completed', data: { object } });
    expect(normalized(summary({ callId: 'AC1', object: 'callSummary', phoneNumberId: 'PNmain0001' }))).toMatchObject({
      type: 'provider.unnormalized',
      lines: ['+15559870002'],
      occurredAt: ctx.receivedAt,
    });
    expect(normalized(summary({ object: 'callSummary', summary: ['x'] }))).toMatchObject({ type: 'provider.unnormalized', lines: [] });
  });

  it('a call whose caller has no usable number is kept, not dropped', () => {
    expect(normalized(v3Call('call.ringing', { from: 'anonymous' }))).toMatchObject({
      type: 'provider.unnormalized',
      lines: ['+15559870002'],
      data: { providerType: 'call.ringing' },
    });
  });
});

describe('malformed OpenPhone envelopes', () => {
  it.each([
    ['not an object', [1, 2], /not a JSON object/],
    ['null', null, /not a JSON object/],
    ['no id', { type: 'call.ringing', data: {} }, /"id"/],
    ['a numeric id', { id: 7, type: 'call.ringing', data: {} }, /"id"/],
    ['no type', { id: 'EV1', data: {} }, /"type"/],
    ['no data', { id: 'EV1', type: 'call.ringing' }, /"data"/],
    ['data not an object', { id: 'EV1', type: 'call.ringing', data: 'x' }, /"data"/],
  ])('%s is refused with a reason', (_name, payload, error) => {
    const result = normalizeOpenPhone(payload, ctx);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });
});

describe('OpenPhone missed, forwarded and voicemail calls', () => {
  it('a missed call with a voicemail carries it as media named by the call, so the later voicemail event is the same item', () => {
    const url = 'https://storage.example.test/vm/1.mp3';
    const event = normalized(v3Call('call.completed', { answeredAt: null, voicemail: { url, type: 'audio/mpeg', duration: 17 } }));
    expect(event).toMatchObject({
      type: 'call.completed',
      data: {
        answeredAt: null,
        answeredBy: null,
        voicemailUrl: url,
        voicemail: { mediaId: 'openphone:ACcall1:voicemail:0', url, contentType: 'audio/mpeg', durationSeconds: 17 },
      },
    });
  });

  it('an answered legacy call names its user as the one who answered, and a missed one nobody', () => {
    expect(normalized(v3Call('call.completed', {}))).toMatchObject({ data: { answeredBy: 'US1' } });
    expect(normalized(v4Call('call.completed', { answeredBy: 'USpicked', userId: 'USowner' }))).toMatchObject({ data: { answeredBy: 'USpicked' } });
    expect(normalized(v3Call('call.completed', { answeredAt: null }))).toMatchObject({ data: { answeredBy: null, voicemail: null } });
  });

  it('call.missed is a missed incoming call on its line, at the time it ended', () => {
    const payload = v4Call('call.missed', { answeredAt: null, answeredBy: null, status: 'missed', completedAt: '2026-01-01T00:00:30.000Z' });
    expect(normalized(payload)).toMatchObject({
      type: 'call.missed',
      lines: ['+15559870002'],
      data: { callId: 'openphone:ACcall4', direction: 'incoming', externalNumber: '+15551230001', missedAt: '2026-01-01T00:00:30.000Z' },
    });
    expect(normalized(v4Call('call.missed', { completedAt: null }))).toMatchObject({ data: { missedAt: '2026-01-01T00:05:00.000Z' } });
  });

  it('call.forwarded says where the call went, a number or a user', () => {
    expect(normalized(v4Call('call.forwarded', { forwardedTo: '(555) 444-0009' }))).toMatchObject({
      type: 'call.forwarded',
      data: { callId: 'openphone:ACcall4', forwardedAt: '2026-01-01T00:05:00.000Z', forwardedTo: '+15554440009' },
    });
    expect(normalized(v4Call('call.forwarded', { forwardedTo: 'USother' }))).toMatchObject({ data: { forwardedTo: 'USother' } });
    expect(normalized(v4Call('call.forwarded', { forwardedTo: null }))).toMatchObject({ data: { forwardedTo: null } });
  });
});
