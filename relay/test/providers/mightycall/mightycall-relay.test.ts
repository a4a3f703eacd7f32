import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { linesAnswerSchema } from '../../../../src/shared/relay-rest/devices';
import { mightyCallStatusSchema, type MightyCallStatus } from '../../../../src/shared/relay-rest/mightycall';
import { startRelayProcess, type RelayProcess } from '../../../../tests/support/relay-process';
import { startMightyCallEmulator, type MightyCallEmulator } from '../../../../tools/emulators/mightycall/emulator';
import { SEED_LINES, seedMightyCall } from '../../../../tools/emulators/mightycall/seed';
import { RELAY_DB_FILE } from '../../../src/database';
import { API_KEY, USER_KEY } from './poller-rig';

let emulator: MightyCallEmulator | undefined;
let relay: RelayProcess | undefined;
afterEach(async () => {
  await relay?.stop();
  await emulator?.close();
  relay = undefined;
  emulator = undefined;
});

async function status(token: string): Promise<{ code: number; body: unknown }> {
  const response = await fetch(`${relay!.url}/v1/mightycall/status`, { headers: { authorization: `Bearer ${token}` } });
  return { code: response.status, body: await response.json() };
}

async function polled(token: string, done: (status: MightyCallStatus) => boolean): Promise<MightyCallStatus> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const answer = await status(token);
    const parsed = mightyCallStatusSchema.parse(answer.body);
    if (done(parsed)) return parsed;
    if (Date.now() > deadline) throw new Error(`the relay has not polled MightyCall: ${JSON.stringify(parsed)}\n${relay!.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function storedIds(dataDir: string): string[] {
  const db = new Database(path.join(dataDir, RELAY_DB_FILE), { readonly: true });
  try {
    return db.prepare("SELECT event_id FROM events WHERE source = 'mightycall' ORDER BY seq").pluck().all() as string[];
  } finally {
    db.close();
  }
}

/** Moves the last round back in the stopped relay's own state, as if it had been down longer than its interval. */
function backdateLastPoll(dataDir: string, at: string): void {
  const db = new Database(path.join(dataDir, RELAY_DB_FILE));
  try {
    expect(db.prepare('UPDATE mightycall_state SET last_poll_at = ? WHERE id = 1').run(at).changes).toBe(1);
  } finally {
    db.close();
  }
}

describe('the relay with MightyCall keys', () => {
  it('polls at start-up, shows its interval and budget to admins only, lists the MightyCall numbers for assignment, and after a restart stores nothing twice, even when it polls again over what it already read', async () => {
    emulator = await startMightyCallEmulator({ apiKey: API_KEY, userKey: USER_KEY });
    Object.assign(emulator.data, seedMightyCall(Date.now(), emulator.url));
    relay = await startRelayProcess({ env: { MIGHTYCALL_API_KEY: API_KEY, MIGHTYCALL_USER_KEY: USER_KEY, MIGHTYCALL_API_BASE_URL: emulator.baseUrl, RELAY_MEDIA_ALLOWED_HOSTS: new URL(emulator.url).host } });
    const admin = await relay.addDevice('Owner', 'admin');
    const agent = await relay.addDevice('Front desk', 'agent', [SEED_LINES.main]);
    const first = await polled(admin, (answer) => answer.lastPollAt !== null);
    expect(first).toMatchObject({ configured: true, edition: 'classic', budget: 2500, lastError: null, imported: { calls: 5, voicemails: 1, messages: 2, contacts: 2, lines: 2 } });
    expect(first.usedLast24h).toBe(emulator.requests.length);
    expect(first.intervalSeconds).toBeGreaterThanOrEqual(133);
    expect(Date.parse(first.nextPollAt!) - Date.parse(first.lastPollAt!)).toBeGreaterThanOrEqual(130_000);
    expect((await status(agent)).code).toBe(403);
    expect((await status('not-a-token')).code).toBe(401);

    // The numbers MightyCall lists are the business's lines, ready to assign to agents.
    const lines = linesAnswerSchema.parse(await (await fetch(`${relay.url}/v1/lines`, { headers: { authorization: `Bearer ${admin}` } })).json()).lines;
    expect(lines).toEqual(
      expect.arrayContaining([
        { number: SEED_LINES.main, name: 'MightyCall main line', synced: true, assignedTo: ['Front desk'] },
        { number: SEED_LINES.support, name: 'MightyCall support', synced: true, assignedTo: [] },
      ]),
    );

    const before = storedIds(relay.dataDir);
    expect(new Set(before).size).toBe(before.length);
    await relay.restart();
    // The restarted relay waits for the interval from the last round, so it reads nothing now; its status survived.
    const again = mightyCallStatusSchema.parse((await status(admin)).body);
    expect(again.lastPollAt).toBe(first.lastPollAt);
    expect(again.usedLast24h).toBe(first.usedLast24h);
    await relay.kill();
    expect(storedIds(relay.dataDir)).toEqual(before);

    // Down past its interval (the last round moved 10 minutes back while it was stopped), with a new call taken meanwhile:
    // the restarted relay polls at once, over a window that overlaps what it already read, and stores only the new call.
    const newCall = { ...emulator.data.calls[0]!, id: 'mc-call-1006', dateTimeUtc: new Date(Date.now() - 1_000).toISOString(), callRecord: { uri: `${emulator.url}/media/mc-call-1006.mp3`, fileName: 'mc-call-1006.mp3' } };
    emulator.data.calls.push(newCall);
    const backdated = new Date(Date.parse(first.lastPollAt!) - 10 * 60_000).toISOString();
    backdateLastPoll(relay.dataDir, backdated);
    const requestsBefore = emulator.requests.length;
    await relay.restart();
    const afterRestart = await polled(admin, (answer) => answer.lastPollAt !== null && Date.parse(answer.lastPollAt) > Date.parse(first.lastPollAt!));
    expect(afterRestart.lastError).toBeNull();
    // The round read again over calls already stored (the 45-minute-old one is inside its window), so a duplicate was possible.
    const callReads = emulator.requests.slice(requestsBefore).filter((request) => request.path === '/v4/calls');
    expect(callReads.length).toBeGreaterThan(0);
    const oldCall = emulator.data.calls.find((call) => call.id === 'mc-call-1005')!;
    expect(Date.parse(String(callReads[0]!.query.startUtc))).toBeLessThan(Date.parse(oldCall.dateTimeUtc));
    await relay.kill();
    const after = storedIds(relay.dataDir);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).sort()).toEqual(['mightycall:call:mc-call-1006:completed', 'mightycall:call:mc-call-1006:recording']);
    expect(new Set(after).size).toBe(after.length);
  });

  it('without MightyCall keys, says it is not connected and never calls MightyCall', async () => {
    relay = await startRelayProcess({});
    const admin = await relay.addDevice('Owner', 'admin');
    expect(mightyCallStatusSchema.parse((await status(admin)).body)).toMatchObject({ configured: false, apiHost: 'api.mightycall.com', lastPollAt: null, budget: 2500 });
  });

  it.each([
    [{ MIGHTYCALL_API_KEY: API_KEY }, 'MIGHTYCALL_USER_KEY must be set with MIGHTYCALL_API_KEY'],
    [{ MIGHTYCALL_EDITION: 'premium' }, "MIGHTYCALL_EDITION must be classic or callcenter, got 'premium'"],
    [{ MIGHTYCALL_DAILY_REQUEST_BUDGET: '10' }, "MIGHTYCALL_DAILY_REQUEST_BUDGET must be a number of requests per day from 50 to 1000000, got '10'"],
    [{ MIGHTYCALL_POLL_OVERLAP_MINUTES: '0' }, "MIGHTYCALL_POLL_OVERLAP_MINUTES must be a number of minutes from 1 to 10080, got '0'"],
    [{ MIGHTYCALL_POLL: 'calls,faxes' }, 'MIGHTYCALL_POLL must list some of phonenumbers, calls, voicemails, messages, contacts'],
    [{ MIGHTYCALL_API_BASE_URL: 'http://mightycall.example.com/v4' }, 'MIGHTYCALL_API_BASE_URL must be an https URL'],
  ])('a bad setting stops start-up naming it (%o)', async (env, words) => {
    const { parseRelaySettings } = await import('../../../src/config');
    const parsed = parseRelaySettings(env);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.join('\n')).toContain(words);
  });
});
