import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOpenPhoneSecrets, verifyOpenPhoneSignature } from '../../../relay/src/providers/openphone/verify';
import type { EventOf, RingsideEvent } from '../../../src/shared/events/model';
import { normalizeOpenPhone } from '../../../src/shared/providers/openphone/normalize';
import { campaign, groupText, inboundMms, inboundSms, mmsPath, outboundMessage, playMessages, type MessageScript } from './message-script';
import { phoneNumberIdFor } from './payloads';
import type { OpenPhoneGeneration } from './sender';

// A stand-in webhook endpoint on loopback; the relay's own verifier and normalizer judge
// what arrived, so the emulator and the relay check each other.
const SECRET = 'cmVjZXB0aW9uaXN0LWNvbnNvbGUtdGVzdC1rZXktMDE=';
const STANDARD_SECRET = 'whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=';
const LINE = '+15559870002';
const ALICE = '+15551230001';
const BOB = '+15551230003';
const received: { headers: http.IncomingHttpHeaders; body: Buffer }[] = [];
let server: http.Server;
let baseUrl = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('stored');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** Plays the script and returns what the relay's normalizer makes of each delivery (its signature checked first). */
async function played(script: MessageScript, generation: OpenPhoneGeneration = 'legacy'): Promise<RingsideEvent[]> {
  received.length = 0;
  await playMessages(baseUrl, script, { secretBase64: generation === 'legacy' ? SECRET : STANDARD_SECRET, generation, speed: 100_000 });
  return received.map((delivery) => {
    const verification = verifyOpenPhoneSignature({ headers: delivery.headers, rawBody: delivery.body, keys: parseOpenPhoneSecrets(`${SECRET},${STANDARD_SECRET}`), nowMs: Date.now(), toleranceMs: 300_000 });
    expect(verification).toMatchObject({ ok: true, generation });
    expect(delivery.body.toString()).not.toMatch(/\s(?=(?:[^"]*"[^"]*")*[^"]*$)/);
    const result = normalizeOpenPhone(JSON.parse(delivery.body.toString()), { receivedAt: new Date().toISOString(), deliveryId: null, phoneNumberIds: { [phoneNumberIdFor(LINE)]: LINE } });
    if (!result.ok) throw new Error(result.error);
    return result.event;
  });
}

const start = new Date('2026-01-01T09:00:00.000Z');
const signed = (path: string) => `http://media.example.test${path}?expires=1767261600&sig=abc`;

describe('the OpenPhone emulator plays messages the relay accepts', () => {
  it.each(['legacy', 'standard'] as const)('an inbound SMS (%s) is one message from the customer on our line', async (generation) => {
    const script = inboundSms({ line: LINE, from: ALICE, body: 'Are you open Saturday?', start, generation });
    const [event] = await played(script, generation);
    expect(event).toMatchObject({
      type: 'message.recorded',
      lines: [LINE],
      data: { messageId: `openphone:${script.messageIds[0]}`, direction: 'incoming', from: ALICE, participants: [ALICE], body: 'Are you open Saturday?', status: 'received', sentAt: start.toISOString() },
    });
  });

  it('an inbound MMS carries its photos at the media host’s (expiring) URLs', async () => {
    const script = inboundMms({ line: LINE, from: ALICE, body: 'The leak', photos: 2, mediaBaseUrl: signed, start });
    const id = script.messageIds[0]!;
    const [event] = await played(script);
    expect(event).toMatchObject({
      type: 'message.recorded',
      data: {
        body: 'The leak',
        media: [
          { mediaId: `openphone:${id}:media:0`, url: signed(mmsPath(id, 0)), contentType: 'image/jpeg' },
          { mediaId: `openphone:${id}:media:1`, url: signed(mmsPath(id, 1)), contentType: 'image/jpeg' },
        ],
      },
    });
  });

  it.each(['legacy', 'standard'] as const)('a group text (%s) from two customers is one conversation with both', async (generation) => {
    const script = groupText({ line: LINE, participants: [BOB, ALICE], messages: [{ from: ALICE, body: 'Can we both come?' }, { from: BOB, body: 'At 10?' }], start, generation });
    const events = (await played(script, generation)) as EventOf<'message.recorded'>[];
    expect(events.map((e) => [e.type, e.data.from, e.data.participants, e.data.businessNumber])).toEqual([
      ['message.recorded', ALICE, [ALICE, BOB], LINE],
      ['message.recorded', BOB, [ALICE, BOB], LINE],
    ]);
  });

  it('an outbound message is reported delivered (legacy), or failed with its code (new generation)', async () => {
    const [delivered] = await played(outboundMessage({ line: LINE, to: ALICE, body: 'Your invoice is ready', outcome: 'delivered', start }));
    expect(delivered).toMatchObject({ data: { direction: 'outgoing', from: LINE, participants: [ALICE], status: 'delivered', sentAt: start.toISOString() } });
    const [failed] = await played(outboundMessage({ line: LINE, to: ALICE, body: 'Reminder', outcome: 'failed', errorCode: '0206400', start, generation: 'standard' }), 'standard');
    expect(failed).toMatchObject({ data: { direction: 'outgoing', status: 'failed', errorCode: '0206400' } });
    expect(() => outboundMessage({ line: LINE, to: ALICE, body: 'x', outcome: 'failed', start })).toThrow(/new-generation/);
  });

  it('a campaign is the same text to every recipient within its window, then the replies', async () => {
    const recipients = Array.from({ length: 25 }, (_, i) => `+1555200${String(i).padStart(4, '0')}`);
    const script = campaign({ line: LINE, recipients, body: 'Spring tune-up: 20% off this week', windowSeconds: 60, replies: [{ from: recipients[3]!, body: 'Yes please', afterSeconds: 30 }], start });
    const events = (await played(script)) as EventOf<'message.recorded'>[];
    const outgoing = events.filter((e) => e.data.direction === 'outgoing');
    expect(outgoing).toHaveLength(25);
    expect(new Set(outgoing.map((e) => e.data.body))).toEqual(new Set(['Spring tune-up: 20% off this week']));
    expect(new Set(outgoing.map((e) => e.data.participants[0])).size).toBe(25);
    const times = outgoing.map((e) => Date.parse(e.data.sentAt));
    expect(Math.max(...times) - Math.min(...times)).toBeLessThanOrEqual(60_000);
    expect(outgoing.every((e) => e.data.campaignId === null)).toBe(true);
    expect(events.at(-1)).toMatchObject({ data: { direction: 'incoming', from: recipients[3], body: 'Yes please', sentAt: new Date(start.getTime() + 90_000).toISOString() } });
  });
});
