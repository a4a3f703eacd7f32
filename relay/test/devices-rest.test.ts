import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../tests/support/relay-process';
import { serverFrameSchema, STREAM_CLOSE } from '../../src/shared/relay-protocol';
import { addDeviceAnswerSchema, deviceListAnswerSchema, linesAnswerSchema } from '../../src/shared/relay-rest/devices';
import { callCompletedEvent, callRingingEvent, newCallId } from '../../tools/emulators/openphone/payloads';
import { postSigned, ringingDelivery } from './support/webhooks';

/** The team managed from an admin console: POST /v1/devices and friends, against a real relay process. */

let relay: RelayProcess;
let owner: string;

beforeAll(async () => {
  relay = await startRelayProcess();
  owner = await relay.addDevice('Owner', 'admin');
});

afterAll(async () => {
  await relay?.stop();
});

// Answers are read loosely here: each test checks the fields it is about.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(token: string | null, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const answer = await fetch(`${relay.url}${path}`, {
    method,
    headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: answer.status, json: await answer.json() };
}

/** A console's stream that records every frame, the way the relay sends them. */
async function openStream(token: string, after = 0, presence = false) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const frames: any[] = [];
  const ws = new WebSocket(`${relay.wsUrl}/v1/stream?after=${after}${presence ? '&presence=1' : ''}`, { headers: { authorization: `Bearer ${token}` } });
  let closedWith: number | null = null;
  ws.on('message', (data) => frames.push(serverFrameSchema.parse(JSON.parse(String(data)))));
  ws.on('close', (code) => (closedWith = code));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const waitFor = async (condition: () => boolean, what: string): Promise<void> => {
    const deadline = Date.now() + 10_000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`never saw ${what}; frames: ${JSON.stringify(frames).slice(0, 2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return {
    frames,
    ws,
    waitFor,
    closedCode: () => closedWith,
    events: () => frames.filter((frame) => frame.type === 'event'),
    close: async () => {
      if (ws.readyState === ws.CLOSED) return;
      const closed = new Promise((resolve) => ws.once('close', resolve));
      ws.close();
      await closed;
    },
  };
}

describe('the team, managed from an admin console', () => {
  it('adds a console and shows its token once: the list never carries it, and it works at once', async () => {
    const added = await call(owner, 'POST', '/v1/devices', { name: '  Front desk ', role: 'agent', numbers: ['+16175550100'] });
    expect(added.status).toBe(201);
    const { device, token } = addDeviceAnswerSchema.parse(added.json);
    expect(device).toMatchObject({ name: 'Front desk', role: 'agent', numbers: ['+16175550100'], revokedAt: null, online: false });
    expect(token).toMatch(/^rs_[A-Za-z0-9_-]{43}$/);

    const list = await call(owner, 'GET', '/v1/devices');
    expect(JSON.stringify(list.json)).not.toContain(token);
    expect(deviceListAnswerSchema.parse(list.json).devices.map((d) => d.name)).toEqual(['Owner', 'Front desk']);
    expect((await call(token, 'GET', '/v1/devices/me')).json).toEqual({ name: 'Front desk', role: 'agent', numbers: ['+16175550100'] });
    // The answer that made it was the only one: nothing shows it again.
    expect(JSON.stringify((await call(owner, 'GET', '/v1/devices')).json)).not.toMatch(/rs_/);
  });

  it('renames a console, changes its role, and refuses a taken name in plain words', async () => {
    await call(owner, 'POST', '/v1/devices', { name: 'Laptop', role: 'agent', numbers: [] });
    const renamed = await call(owner, 'POST', '/v1/devices/change', { name: 'Laptop', rename: 'Back office', role: 'bookkeeper' });
    expect(renamed.status).toBe(200);
    expect(renamed.json.device).toMatchObject({ name: 'Back office', role: 'bookkeeper' });
    const taken = await call(owner, 'POST', '/v1/devices/change', { name: 'Back office', rename: 'Owner' });
    expect(taken).toEqual({ status: 409, json: { error: "a device named 'Owner' already exists" } });
    expect((await call(owner, 'POST', '/v1/devices/change', { name: 'Nobody', role: 'agent' })).status).toBe(404);
    expect((await call(owner, 'POST', '/v1/devices/change', { name: 'Back office' })).status).toBe(400);
    expect((await call(owner, 'POST', '/v1/devices', { name: 'X', role: 'boss' })).status).toBe(400);
  });

  it('lets an agent read the team but answers 403 to every change it tries', async () => {
    const { json } = await call(owner, 'POST', '/v1/devices', { name: 'Desk 3', role: 'agent', numbers: ['+16175550100'] });
    const agent = json.token as string;
    expect((await call(agent, 'GET', '/v1/devices')).status).toBe(200);
    const refused = await call(agent, 'POST', '/v1/devices', { name: 'Mine', role: 'admin' });
    expect(refused).toEqual({ status: 403, json: { error: 'Only an admin console may change the team; this one is an agent console.' } });
    expect((await call(agent, 'POST', '/v1/devices/change', { name: 'Desk 3', role: 'admin' })).status).toBe(403);
    expect((await call(agent, 'POST', '/v1/devices/revoke', { name: 'Owner' })).status).toBe(403);
    expect((await call(null, 'GET', '/v1/devices')).status).toBe(401);
  });

  it('never revokes or demotes the last active admin, and does once there is another', async () => {
    const demote = await call(owner, 'POST', '/v1/devices/change', { name: 'Owner', role: 'agent' });
    expect(demote.status).toBe(409);
    expect(demote.json.error).toBe("'Owner' is the last admin console: make another console an admin first, or nobody could manage the team.");
    expect((await call(owner, 'POST', '/v1/devices/revoke', { name: 'Owner' })).status).toBe(409);

    const second = await call(owner, 'POST', '/v1/devices', { name: 'Manager', role: 'admin' });
    const manager = second.json.token as string;
    expect((await call(manager, 'POST', '/v1/devices/change', { name: 'Owner', role: 'bookkeeper' })).status).toBe(200);
    expect((await call(manager, 'POST', '/v1/devices/revoke', { name: 'Manager' })).status).toBe(409);
    expect((await call(manager, 'POST', '/v1/devices/change', { name: 'Owner', role: 'admin' })).status).toBe(200);
  });

  it('closes a revoked console’s open stream at once and refuses its token', async () => {
    const { json } = await call(owner, 'POST', '/v1/devices', { name: 'Old tablet', role: 'agent', numbers: ['+16175550100'] });
    const stream = await openStream(json.token);
    await stream.waitFor(() => stream.frames.some((frame) => frame.type === 'caught_up'), 'caught_up');
    const revoked = await call(owner, 'POST', '/v1/devices/revoke', { name: 'Old tablet' });
    expect(revoked.status).toBe(200);
    expect(revoked.json.device.revokedAt).toEqual(expect.any(String));
    await stream.waitFor(() => stream.closedCode() !== null, 'the stream closed');
    expect(stream.closedCode()).toBe(STREAM_CLOSE.revoked);
    expect((await call(json.token, 'GET', '/v1/devices/me')).status).toBe(401);
  });
});

describe('lines assigned to an agent', () => {
  it('take effect on its open stream and its texts without a reconnect or a restart', async () => {
    const { json } = await call(owner, 'POST', '/v1/devices', { name: 'Line tester', role: 'agent', numbers: ['+16175550100'] });
    const agent = json.token as string;
    const stream = await openStream(agent, await headSeqOf(), true);
    await stream.waitFor(() => stream.frames.some((frame) => frame.type === 'caught_up'), 'caught_up');

    const onOther = await postSigned(relay, ringingDelivery('+16175550199').body);
    const onMine = await postSigned(relay, ringingDelivery('+16175550100').body);
    await stream.waitFor(() => stream.events().some((frame) => frame.seq === onMine.seq), 'the call on its line');
    expect(stream.events().map((frame) => frame.seq)).not.toContain(onOther.seq);

    expect((await call(owner, 'POST', '/v1/devices/change', { name: 'Line tester', numbers: ['+16175550199'] })).status).toBe(200);
    const nowMine = await postSigned(relay, ringingDelivery('+16175550199').body);
    const noLongerMine = await postSigned(relay, ringingDelivery('+16175550100').body);
    await stream.waitFor(() => stream.events().some((frame) => frame.seq === nowMine.seq), 'the call on its new line');
    // Both were committed before the stream could see the later one; the old line's is never sent.
    await postSigned(relay, ringingDelivery('+16175550199').body).then((last) => stream.waitFor(() => stream.events().some((frame) => frame.seq === last.seq), 'a later call'));
    expect(stream.events().map((frame) => frame.seq)).not.toContain(noLongerMine.seq);
    expect(stream.closedCode()).toBeNull();

    // A replay reads the new lines too: the earlier call on the newly assigned line, not those of the old one.
    const replay = await openStream(agent, onOther.seq - 1);
    await replay.waitFor(() => replay.frames.some((frame) => frame.type === 'caught_up'), 'the replay caught up');
    expect(replay.events().map((frame) => frame.seq)).toContain(onOther.seq);
    expect(replay.events().map((frame) => frame.seq)).not.toContain(onMine.seq);
    await replay.close();

    // Its texts follow the new lines too (403 before any provider is asked).
    const text = (from: string) => call(agent, 'POST', '/v1/messages', { requestId: `req-${from}-${Date.now()}`, from, to: ['+16175550111'], content: 'hello' });
    expect((await text('+16175550100')).json.code).toBe('line_not_assigned');
    expect((await text('+16175550199')).json.code).not.toBe('line_not_assigned');

    // An agent reads only its own lines.
    const lines = linesAnswerSchema.parse((await call(agent, 'GET', '/v1/lines')).json).lines;
    expect(lines).toEqual([{ number: '+16175550199', name: null, synced: false, assignedTo: [] }]);
    await stream.close();
  });

  it('are listed with the names admins gave them and the consoles they are assigned to', async () => {
    const named = await call(owner, 'POST', '/v1/events', {
      id: `line-${Date.now()}`,
      type: 'line.defined',
      occurredAt: new Date().toISOString(),
      data: { number: '+16175550100', name: 'Main line', by: 'Owner' },
    });
    expect(named.status).toBe(200);
    const lines = linesAnswerSchema.parse((await call(owner, 'GET', '/v1/lines')).json).lines;
    expect(lines.find((line) => line.number === '+16175550100')).toEqual({ number: '+16175550100', name: 'Main line', synced: false, assignedTo: ['Front desk', 'Desk 3'] });
    expect(lines.find((line) => line.number === '+16175550199')?.assignedTo).toEqual(['Line tester']);
  });
});

describe('presence', () => {
  it('reaches another console when a console connects, says which call it is on, and disconnects', async () => {
    const { json } = await call(owner, 'POST', '/v1/devices', { name: 'Dana', role: 'agent', numbers: ['+16175550100'] });
    const dana = json.token as string;
    const watcher = await openStream(owner, await headSeqOf(), true);
    const latest = () => [...watcher.frames].reverse().find((frame) => frame.type === 'presence');
    const danaOf = () => latest()?.devices.find((device: { name: string }) => device.name === 'Dana');
    await watcher.waitFor(() => danaOf()?.online === false, 'Dana offline');
    expect(latest().devices.find((device: { name: string }) => device.name === 'Owner')).toMatchObject({ role: 'admin', online: true, onCall: null });

    const danaStream = await openStream(dana, await headSeqOf());
    await watcher.waitFor(() => danaOf()?.online === true, 'Dana online');
    const providerCallId = newCallId();
    const startedAt = new Date();
    await postSigned(relay, callRingingEvent({ callId: providerCallId, from: '+16175550111', to: '+16175550100', at: startedAt }).body);
    const callId = `openphone:${providerCallId}`;
    expect(await call(dana, 'POST', '/v1/presence', { onCall: callId })).toEqual({ status: 200, json: { onCall: callId } });
    await watcher.waitFor(() => danaOf()?.onCall === callId, 'Dana on the call');
    // The call's end ends it.
    const completed = callCompletedEvent({ callId: providerCallId, from: '+16175550111', to: '+16175550100', createdAt: startedAt, answeredAt: startedAt, completedAt: new Date(startedAt.getTime() + 2000) });
    await postSigned(relay, completed.body);
    await watcher.waitFor(() => danaOf()?.onCall === null, 'Dana off the call');
    expect(danaOf()?.online).toBe(true);
    await call(dana, 'POST', '/v1/presence', { onCall: callId });
    await watcher.waitFor(() => danaOf()?.onCall === callId, 'Dana on the call again');

    await danaStream.close();
    await watcher.waitFor(() => danaOf()?.online === false, 'Dana offline again');
    expect(danaOf()).toMatchObject({ onCall: null, lastSeenAt: expect.any(String) });
    // Presence is of the moment: nothing of it is in the log.
    expect(watcher.events().some((frame) => JSON.stringify(frame.event).includes('presence'))).toBe(false);
    await watcher.close();
  });

  it('is sent only to a console that asks for it', async () => {
    const stream = await openStream(owner, await headSeqOf());
    await stream.waitFor(() => stream.frames.some((frame) => frame.type === 'caught_up'), 'caught_up');
    const other = await openStream(owner, await headSeqOf());
    await other.waitFor(() => other.frames.some((frame) => frame.type === 'caught_up'), 'caught_up');
    await other.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stream.frames.filter((frame) => frame.type === 'presence')).toEqual([]);
    await stream.close();
  });
});

async function headSeqOf(): Promise<number> {
  return ((await call(owner, 'GET', '/healthz')).json as { headSeq: number }).headSeq;
}
