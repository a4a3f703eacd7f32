import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../tests/support/relay-process';
import { callRingingEvent, newCallId } from '../../tools/emulators/openphone/payloads';
import { StreamClient } from './support/stream-client';
import { postSigned } from './support/webhooks';

const LINE_A = '+16175550100';
const LINE_B = '+16175550101';
const CALLER = '+16175550198';

let relay: RelayProcess;
let admin: string;
let agentA: string;
let agentB: string;

beforeAll(async () => {
  relay = await startRelayProcess();
  admin = await relay.addDevice('Back office', 'admin');
  agentA = await relay.addDevice('Front desk A', 'agent', [LINE_A]);
  agentB = await relay.addDevice('Front desk B', 'agent', [LINE_B]);
});

afterAll(async () => {
  await relay?.stop();
});

let counter = 0;
function post(token: string, type: string, data: Record<string, unknown>) {
  const body = { id: `fx-${type}-${++counter}-${Date.now()}`, type, occurredAt: new Date().toISOString(), data };
  return fetch(`${relay.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
}

async function seenBy(token: string): Promise<{ seq: number; type: string; lines: string[]; data: Record<string, unknown> }[]> {
  const client = await StreamClient.open(relay.wsUrl, token, 0);
  try {
    await client.waitFor((c) => c.caughtUp(), 'caught_up');
    return client.events().map(({ seq, event }) => ({ seq, type: event.type, lines: event.lines, data: event.data as Record<string, unknown> }));
  } finally {
    await client.close();
  }
}

describe('the team’s facts about a conversation or a call stay with its line', () => {
  it('a note on line B’s conversation reaches line B’s agent and the admin, never line A’s agent, live or replayed after a restart', async () => {
    const liveA = await StreamClient.open(relay.wsUrl, agentA, 0);
    await liveA.waitFor((c) => c.caughtUp(), 'caught_up');
    const note = await post(admin, 'conversation.note_added', { noteId: 'n-secret', conversationKey: `${LINE_B}|${CALLER}`, text: 'Refund approved for line B’s customer', by: 'Back office' });
    expect(note.status).toBe(200);
    const { seq } = (await note.json()) as { seq: number };
    const customer = await post(admin, 'customer.upserted', { customerId: 'c-everyone', name: 'Ada', company: null, email: null, phones: [CALLER], quickbooksId: null });
    const { seq: customerSeq } = (await customer.json()) as { seq: number };
    await liveA.waitFor((c) => c.events().some((e) => e.seq === customerSeq), 'the customer, which every line sees');
    expect(liveA.events().map((e) => e.seq)).not.toContain(seq);
    await liveA.close();

    await relay.restart();
    expect((await seenBy(agentA)).map((e) => e.seq)).not.toContain(seq);
    expect((await seenBy(agentA)).map((e) => e.seq)).toContain(customerSeq);
    expect(await seenBy(agentB)).toContainEqual(expect.objectContaining({ seq, type: 'conversation.note_added', lines: [LINE_B] }));
    expect((await seenBy(admin)).map((e) => e.seq)).toContain(seq);
  });

  it('an agent may not mark another line’s conversation done: 403 in plain words, nothing stored', async () => {
    const answer = await post(agentA, 'conversation.status_changed', { conversationKey: `${LINE_B}|${CALLER}`, status: 'done', by: 'Front desk A' });
    expect(answer.status).toBe(403);
    const { error } = (await answer.json()) as { error: string };
    expect(error).toBe(`The console 'Front desk A' works only on its own lines (${LINE_A}), and this conversation is on ${LINE_B}.`);
    expect((await seenBy(admin)).filter((e) => e.type === 'conversation.status_changed')).toEqual([]);
    expect((await post(agentA, 'conversation.status_changed', { conversationKey: `${LINE_A}|${CALLER}`, status: 'done', by: 'Front desk A' })).status).toBe(200);
  });

  it('a conversation key naming no line is refused with 422', async () => {
    const answer = await post(admin, 'conversation.assigned', { conversationKey: 'nonsense', assignee: null, by: 'x' });
    expect(answer.status).toBe(422);
  });

  it('notes, dispositions and callbacks on a call take the call’s line; another line’s agent can neither post nor see them', async () => {
    const callId = newCallId();
    await postSigned(relay, callRingingEvent({ callId, from: CALLER, to: LINE_B, at: new Date(Date.now() - 60_000) }).body);
    const namespaced = `openphone:${callId}`;
    for (const [type, data] of [
      ['call.note_added', { noteId: `cn-${callId}`, callId: namespaced, text: 'Wants a quote', by: 'x' }],
      ['call.disposition_set', { callId: namespaced, disposition: 'sales', by: 'x' }],
      ['callback.claimed', { callId: namespaced, by: 'x' }],
      ['callback.released', { callId: namespaced, by: 'x' }],
      ['callback.completed', { callId: namespaced, outcome: 'reached', by: 'x' }],
    ] as const) {
      const refused = await post(agentA, type, data);
      expect(refused.status, type).toBe(403);
      expect(((await refused.json()) as { error: string }).error).toContain(`this call is on ${LINE_B}`);
      expect((await post(agentB, type, data)).status, type).toBe(200);
    }
    const onTheCall = (events: Awaited<ReturnType<typeof seenBy>>) => events.filter((e) => e.data.callId === namespaced && e.type !== 'call.ringing');
    expect(onTheCall(await seenBy(agentB)).map((e) => [e.type, e.lines])).toEqual([
      ['call.note_added', [LINE_B]],
      ['call.disposition_set', [LINE_B]],
      ['callback.claimed', [LINE_B]],
      ['callback.released', [LINE_B]],
      ['callback.completed', [LINE_B]],
    ]);
    expect(onTheCall(await seenBy(agentA))).toEqual([]);
  });

  it('an agent may not post about a call the relay knows no line of', async () => {
    const answer = await post(agentA, 'call.note_added', { noteId: 'cn-unknown', callId: 'openphone:ACunknown', text: 'hm', by: 'x' });
    expect(answer.status).toBe(403);
    expect(((await answer.json()) as { error: string }).error).toContain('this call is on no line the relay knows of');
  });
});

describe('the relay names who wrote a team fact', () => {
  it('an agent posting a note "by Owner" is stored as written by its own device name', async () => {
    const answer = await post(agentA, 'conversation.note_added', { noteId: 'n-forged', conversationKey: `${LINE_A}|${CALLER}`, text: 'refund approved', by: 'Owner' });
    expect(answer.status).toBe(200);
    const { seq } = (await answer.json()) as { seq: number };
    expect((await seenBy(admin)).find((e) => e.seq === seq)?.data).toMatchObject({ noteId: 'n-forged', by: 'Front desk A' });
  });

  it('every kind of fact with an author is stamped, an admin’s too', async () => {
    const answer = await post(admin, 'line.defined', { number: LINE_A, name: 'Main line', by: 'Someone else' });
    const { seq } = (await answer.json()) as { seq: number };
    expect((await seenBy(admin)).find((e) => e.seq === seq)?.data).toMatchObject({ by: 'Back office' });
  });
});
