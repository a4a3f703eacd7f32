import { afterEach, describe, expect, it } from 'vitest';
import type { EventOf } from '../../../src/shared/events/model';
import { parseRelaySettings } from '../../src/config';
import { startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import { phoneNumberIdFor } from '../../../tools/emulators/openphone/payloads';
import { startOpenPhoneRestEmulator, type OpenPhoneRestEmulator } from '../../../tools/emulators/openphone/rest-api';
import { StreamClient } from '../support/stream-client';

const API_KEY = 'relay-test-openphone-key-0002';
const FRONT_DESK = '+16175550100';
const BACK_OFFICE = '+16175550101';
const DANA = { id: 'USdana0001', firstName: 'Dana', lastName: 'Whitfield', email: 'dana@example.test', role: 'owner' as const };
const SAM = { id: 'USsam00002', firstName: 'Sam', lastName: null, email: 'sam@example.test' };
const NAMELESS = { id: 'USnone0003', firstName: null, lastName: null, email: null };

let emulator: OpenPhoneRestEmulator | undefined;
let relay: RelayProcess | undefined;
const streams: StreamClient[] = [];

afterEach(async () => {
  await Promise.all(streams.splice(0).map((stream) => stream.close()));
  await relay?.stop();
  await emulator?.close();
  relay = undefined;
  emulator = undefined;
});

async function start(acceptedKeys: string[]): Promise<{ emulator: OpenPhoneRestEmulator; relay: RelayProcess }> {
  emulator = await startOpenPhoneRestEmulator({
    apiKeys: acceptedKeys,
    lines: [
      { number: FRONT_DESK, name: 'Front desk', users: [DANA, SAM] },
      { number: BACK_OFFICE, name: 'Billing', users: [DANA, NAMELESS] },
    ],
  });
  relay = await startRelayProcess({ env: { OPENPHONE_API_KEY: API_KEY, OPENPHONE_API_BASE_URL: emulator.url } });
  return { emulator, relay };
}

async function stream(token: string): Promise<StreamClient> {
  const client = await StreamClient.open(relay!.wsUrl, token);
  streams.push(client);
  return client;
}

const ofType = <T extends 'provider.directory_synced' | 'relay.alert'>(client: StreamClient, type: T): EventOf<T>[] =>
  client
    .events()
    .map(({ event }) => event)
    .filter((event): event is EventOf<T> => event.type === type);

const directoryReads = (target: OpenPhoneRestEmulator) => target.requests.filter((request) => request.method === 'GET' && request.path === '/v1/phone-numbers');

async function readsAtLeast(target: OpenPhoneRestEmulator, count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (directoryReads(target).length < count) {
    if (Date.now() > deadline) throw new Error(`the relay read the directory ${directoryReads(target).length} times, not ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the OpenPhone directory sync', () => {
  it("names the workspace's lines and users once at start-up, not again when nothing changed, and again when a user is renamed", async () => {
    const { emulator, relay } = await start([API_KEY]);
    const admin = await relay.addDevice('Owner', 'admin');
    const backOffice = await relay.addDevice('Back office', 'agent', [BACK_OFFICE]);
    const owner = await stream(admin);
    await owner.waitFor((client) => ofType(client, 'provider.directory_synced').length === 1, 'the first directory');
    const [first] = ofType(owner, 'provider.directory_synced');
    expect(first).toMatchObject({ source: 'relay', lines: [FRONT_DESK, BACK_OFFICE] });
    expect(first!.data).toEqual({
      provider: 'openphone',
      lines: [
        { number: FRONT_DESK, name: 'Front desk', providerLineId: phoneNumberIdFor(FRONT_DESK), userIds: [DANA.id, SAM.id] },
        { number: BACK_OFFICE, name: 'Billing', providerLineId: phoneNumberIdFor(BACK_OFFICE), userIds: [DANA.id, NAMELESS.id] },
      ],
      // Each person once, however many lines they are on; one nobody named is left out (never shown as an id).
      users: [
        { providerUserId: DANA.id, name: 'Dana Whitfield', email: 'dana@example.test' },
        { providerUserId: SAM.id, name: 'Sam', email: 'sam@example.test' },
      ],
    });
    // An agent sees the directory through its own line.
    const agent = await stream(backOffice);
    await agent.waitFor((client) => ofType(client, 'provider.directory_synced').length === 1, 'the directory on the agent device');

    // Started again with nothing changed in OpenPhone: read, but not appended again.
    await relay.restart();
    await readsAtLeast(emulator, 2);
    emulator.renameUser(DANA.id, { firstName: 'Dana', lastName: 'Okafor' });
    await relay.restart();
    await readsAtLeast(emulator, 3);
    const after = await stream(admin);
    await after.waitFor((client) => ofType(client, 'provider.directory_synced').length === 2, 'the renamed directory');
    const synced = ofType(after, 'provider.directory_synced');
    expect(synced).toHaveLength(2);
    expect(synced[1]!.data.users.find((user) => user.providerUserId === DANA.id)?.name).toBe('Dana Okafor');
    expect(ofType(after, 'relay.alert')).toEqual([]);
  });

  it('raises an alert in plain words while OpenPhone refuses the key, and clears it once the key is accepted', async () => {
    const { emulator, relay } = await start([]);
    const admin = await relay.addDevice('Owner', 'admin');
    const owner = await stream(admin);
    await owner.waitFor((client) => ofType(client, 'relay.alert').length === 1, 'the key alert');
    const [raised] = ofType(owner, 'relay.alert');
    expect(raised!.data).toMatchObject({ alertId: 'openphone:api-key', state: 'raised' });
    expect(raised!.data.message).toMatch(/^OpenPhone refused Ringside's key/);
    expect(raised!.data.message).not.toMatch(/OPENPHONE_|401|relay\.alert/);
    expect(ofType(owner, 'provider.directory_synced')).toEqual([]);

    // Still refused after a restart: the alert stands, it is not raised twice.
    await relay.restart();
    await readsAtLeast(emulator, 2);
    emulator.acceptKeys([API_KEY]);
    await relay.restart();
    const after = await stream(admin);
    await after.waitFor((client) => ofType(client, 'relay.alert').length === 2 && ofType(client, 'provider.directory_synced').length === 1, 'the cleared alert and the directory');
    expect(ofType(after, 'relay.alert').map((event) => event.data.state)).toEqual(['raised', 'cleared']);
    expect(ofType(after, 'relay.alert')[1]!.data).toMatchObject({ alertId: 'openphone:api-key', message: "OpenPhone accepts Ringside's key again." });
  });
});

describe('OPENPHONE_DIRECTORY_SYNC_MINUTES', () => {
  it('defaults to an hour, 0 turns the sync off, and a bad value stops start-up naming the setting', () => {
    const parsed = (value?: string) => parseRelaySettings(value === undefined ? {} : { OPENPHONE_DIRECTORY_SYNC_MINUTES: value });
    const minutes = (value?: string) => {
      const result = parsed(value);
      return result.ok ? result.settings.openPhoneDirectory.syncMinutes : null;
    };
    expect(minutes()).toBe(60);
    expect(minutes('0')).toBe(0);
    expect(minutes('15')).toBe(15);
    for (const bad of ['-5', '1.5', 'hourly', '999999']) {
      const result = parsed(bad);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors.join('\n')).toMatch(/^OPENPHONE_DIRECTORY_SYNC_MINUTES must be a whole number of minutes/m);
    }
  });
});
