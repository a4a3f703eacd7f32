import { describe, expect, it } from 'vitest';
import { ringsideEventSchema, type RingsideEvent } from '../../events/model';
import { normalizeOpenPhone, type OpenPhoneNormalizeContext } from './normalize';

const LINE = '+15559870002';
const ALICE = '+15551230001';
const BOB = '+15551230003';
const ctx: OpenPhoneNormalizeContext = { receivedAt: '2026-01-01T00:00:01.000Z', deliveryId: null, phoneNumberIds: { PNmain0001: LINE } };

function normalized(payload: unknown, context: OpenPhoneNormalizeContext = ctx): RingsideEvent {
  const result = normalizeOpenPhone(payload, context);
  if (!result.ok) throw new Error(`expected an event, got: ${result.error}`);
  expect(ringsideEventSchema.parse(result.event)).toEqual(result.event);
  return result.event;
}

/** App-created (v3) message, §1.5. */
function v3Message(type: string, message: Record<string, unknown>) {
  return {
    id: 'EVmsg1',
    object: 'event',
    apiVersion: 'v3',
    createdAt: '2026-01-01T00:00:00.500Z',
    type,
    data: {
      object: {
        id: 'ACmsg1',
        object: 'message',
        from: ALICE,
        to: LINE,
        direction: 'incoming',
        body: 'Is the office open Saturday?',
        media: [],
        status: 'received',
        createdAt: '2026-01-01T00:00:00.000Z',
        userId: 'US1',
        phoneNumberId: 'PNtest0001',
        conversationId: 'CN1',
        createdBy: null,
        ...message,
      },
    },
  };
}

/** API-created (v4) message: `text`, `to` an array, no conversationId. */
function v4Message(type: string, message: Record<string, unknown>) {
  return {
    id: 'EVmsg4',
    object: 'event',
    apiVersion: 'v4',
    createdAt: '2026-01-01T00:00:00.500Z',
    type,
    data: { object: { id: 'ACmsg4', object: 'message', from: LINE, to: [ALICE], direction: 'outgoing', text: 'Your invoice is ready', status: 'delivered', createdAt: '2026-01-01T00:00:00.000Z', userId: 'US7', phoneNumberId: 'PNmain0001', contactIds: [], ...message } },
  };
}

describe('OpenPhone messages', () => {
  it('an inbound SMS is recorded on its line, from the customer, with its conversation', () => {
    const payload = v3Message('message.received', {});
    expect(normalized(payload)).toEqual({
      v: 2,
      id: 'EVmsg1',
      type: 'message.recorded',
      source: 'openphone',
      occurredAt: '2026-01-01T00:00:00.500Z',
      receivedAt: ctx.receivedAt,
      lines: [LINE],
      data: {
        messageId: 'openphone:ACmsg1',
        direction: 'incoming',
        businessNumber: LINE,
        from: ALICE,
        participants: [ALICE],
        body: 'Is the office open Saturday?',
        media: [],
        status: 'received',
        errorCode: null,
        sentAt: '2026-01-01T00:00:00.000Z',
        providerConversationId: 'CN1',
        userId: null,
        campaignId: null,
        healthCheck: false,
      },
      raw: payload,
    });
  });

  it('an MMS photo is media named by its message and place, whatever URL it came with', () => {
    const media = [
      { url: 'https://media.example.test/a.jpg?expires=1', type: 'image/jpeg' },
      { url: 42 },
      { url: 'https://media.example.test/b.png?expires=1', type: 'image/png' },
    ];
    const event = normalized(v3Message('message.received', { body: '', media }));
    expect(event).toMatchObject({
      data: {
        body: '',
        media: [
          { mediaId: 'openphone:ACmsg1:media:0', url: media[0]!.url, contentType: 'image/jpeg', durationSeconds: null },
          { mediaId: 'openphone:ACmsg1:media:2', url: media[2]!.url, contentType: 'image/png', durationSeconds: null },
        ],
      },
    });
    const redelivered = normalized(v3Message('message.received', { body: '', media: [{ url: 'https://media.example.test/a.jpg?expires=2', type: 'image/jpeg' }] }));
    expect(redelivered).toMatchObject({ data: { media: [{ mediaId: 'openphone:ACmsg1:media:0' }] } });
  });

  it('a group text from two customers is one conversation with both, our line excluded', () => {
    const fromAlice = normalized(v3Message('message.received', { from: ALICE, to: `${BOB},${LINE}`, phoneNumberId: 'PNmain0001' }));
    const fromBob = normalized(v3Message('message.received', { id: 'ACmsg2', from: BOB, to: `${LINE}, ${ALICE}`, phoneNumberId: 'PNmain0001' }));
    expect(fromAlice).toMatchObject({ lines: [LINE], data: { businessNumber: LINE, from: ALICE, participants: [ALICE, BOB] } });
    expect(fromBob).toMatchObject({ lines: [LINE], data: { businessNumber: LINE, from: BOB, participants: [ALICE, BOB] } });
  });

  it('a group text finds our line among its recipients by the numbers the relay knows, even without its phoneNumberId', () => {
    expect(normalized(v3Message('message.received', { to: [BOB, LINE], phoneNumberId: 'PNunmapped' }))).toMatchObject({ data: { businessNumber: LINE, participants: [ALICE, BOB] } });
  });

  it('a group text whose line nothing identifies is kept raw, seen on every number it names', () => {
    const event = normalized(v3Message('message.received', { to: `${BOB},${LINE}`, phoneNumberId: 'PNunmapped' }), { ...ctx, phoneNumberIds: {} });
    expect(event).toMatchObject({ type: 'provider.unnormalized', lines: [BOB, LINE], data: { providerType: 'message.received' } });
  });

  it('an API-created outgoing message reads `text` and an array `to`, sent by its user', () => {
    expect(normalized(v4Message('message.delivered', {}))).toMatchObject({
      id: 'EVmsg4',
      lines: [LINE],
      data: { messageId: 'openphone:ACmsg4', direction: 'outgoing', from: LINE, participants: [ALICE], body: 'Your invoice is ready', status: 'delivered', userId: 'US7', providerConversationId: null },
    });
  });

  it('a failed or undelivered message says so, with the provider code when it gives one', () => {
    expect(normalized(v4Message('message.failed', { status: 'failed', errorCode: '0206400' }))).toMatchObject({ data: { status: 'failed', errorCode: '0206400' } });
    expect(normalized(v4Message('message.undelivered', { status: 'undelivered', error: { code: 30007 } }))).toMatchObject({ data: { status: 'undelivered', errorCode: '30007' } });
    expect(normalized(v4Message('message.failed', {}))).toMatchObject({ data: { status: 'failed', errorCode: null } });
  });

  it('is not part of a campaign unless the payload marks one', () => {
    expect(normalized(v4Message('message.delivered', {}))).toMatchObject({ data: { campaignId: null } });
    expect(normalized(v4Message('message.delivered', { campaignId: 'BLK42' }))).toMatchObject({ data: { campaignId: 'BLK42' } });
  });

  it('a new-generation message is read from data.resource, with its context identifiers where numbers are missing', () => {
    const payload = {
      id: 'EVnew1',
      apiVersion: '2026-03-30',
      createdAt: '2026-01-01T00:00:00.000Z',
      type: 'message.received',
      data: {
        resource: { id: 'ACnew1', direction: 'incoming', text: 'hello', phoneNumberId: 'PNmain0001', createdAt: '2026-01-01T00:00:00.000Z' },
        context: { senderIdentifier: ALICE, recipientIdentifiers: [LINE] },
        links: {},
      },
    };
    expect(normalized(payload, { ...ctx, deliveryId: 'msg_1' })).toMatchObject({
      id: 'msg_1',
      type: 'message.recorded',
      data: { messageId: 'openphone:ACnew1', from: ALICE, participants: [ALICE], body: 'hello', status: 'received' },
    });
  });

  it('odd messages never throw: a text too long for the model, no sender, no id are kept raw', () => {
    expect(normalized(v3Message('message.received', { body: 'x'.repeat(10_001) }))).toMatchObject({ type: 'provider.unnormalized', lines: [LINE] });
    expect(normalized(v3Message('message.received', { from: 'anonymous' }))).toMatchObject({ type: 'provider.unnormalized' });
    expect(normalized(v3Message('message.received', { id: 7 }))).toMatchObject({ type: 'provider.unnormalized' });
    expect(normalized(v3Message('message.received', { from: LINE, to: LINE }))).toMatchObject({ type: 'provider.unnormalized' });
  });
});
