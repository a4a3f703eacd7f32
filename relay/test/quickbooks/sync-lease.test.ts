import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import { createQuickBooksEmulator, type QuickBooksEmulator } from '../../../tools/emulators/quickbooks/emulator';
import { relaySettingsForEmulator } from '../../../tools/emulators/quickbooks/relay-settings';
import { decideLease, type LeaseRow } from '../../src/quickbooks/sync-lease';

/** One QuickBooks request budget per company (issue 11 §2): who may sync, decided on the relay. */

const TTL = 30_000;
const ask = (deviceId: string, name: string, sent: { ageMs: number; batch: boolean }[] = [], renewal = false, holderId: string | null = null) => ({ realmId: 'r1', deviceId, name, holderId, sent, renewal });
const held = (overrides: Partial<LeaseRow> = {}): LeaseRow => ({ realmId: 'r1', holderDeviceId: 'd1', holderName: 'Books', holderId: null, expiresAtMs: 130_000, releasedAtMs: null, reportedAtMs: 100_000, sent: [], ...overrides });

describe('who syncs a company with QuickBooks', () => {
  it('the first console to ask gets the lease; a second is told who syncs and when the lease would lapse', () => {
    const first = decideLease(null, ask('d1', 'Books'), 100_000, TTL);
    expect(first).toMatchObject({ kind: 'granted', row: { holderDeviceId: 'd1', expiresAtMs: 130_000 }, inherited: [] });
    expect(decideLease(held(), ask('d2', 'Back office'), 110_000, TTL)).toEqual({ kind: 'busy', holder: { deviceId: 'd1', name: 'Books' }, retryInMs: 20_000 });
  });

  it('a renewal keeps the lease and replaces what the holder reported', () => {
    const renewed = decideLease(held({ sent: [{ atMs: 95_000, batch: false }] }), ask('d1', 'Books', [{ ageMs: 1_000, batch: true }], true), 110_000, TTL);
    expect(renewed).toEqual({ kind: 'granted', inherited: [], settleFirst: false, row: held({ expiresAtMs: 140_000, reportedAtMs: 110_000, sent: [{ atMs: 109_000, batch: true }] }) });
  });

  it('a released lease is taken at once, and the new holder counts what the first sent in the last minute', () => {
    const released = held({ releasedAtMs: 110_000, reportedAtMs: 110_000, sent: [{ atMs: 40_000, batch: false }, { atMs: 100_000, batch: true }, { atMs: 109_500, batch: false }] });
    const taken = decideLease(released, ask('d2', 'Back office'), 111_000, TTL);
    expect(taken).toMatchObject({ kind: 'granted', row: { holderDeviceId: 'd2', holderName: 'Back office' } });
    if (taken.kind !== 'granted') throw new Error('not granted');
    expect(taken.inherited).toEqual([{ ageMs: 11_000, batch: true }, { ageMs: 1_500, batch: false }]);
    // Kept with the lease, so a holder that fails at once passes them on.
    expect(taken.row.sent).toEqual([{ atMs: 100_000, batch: true }, { atMs: 109_500, batch: false }]);
  });

  it('a holder that went away without a word is taken over once its lease lapsed, counting for its silence as many requests as it could have sent', () => {
    // Reported at 100 s, lease to 130 s: 30 s unreported, so up to 300 more requests (10/s), 40 of them batches at most.
    const taken = decideLease(held({ sent: [{ atMs: 99_000, batch: false }] }), ask('d2', 'Back office'), 131_000, TTL);
    if (taken.kind !== 'granted') throw new Error('not granted');
    expect(taken.inherited).toHaveLength(301);
    expect(taken.inherited.filter((request) => request.ageMs === 1_000)).toHaveLength(300);
    expect(taken.inherited.filter((request) => request.batch)).toHaveLength(40);
    // Never more than the company's minute allows.
    const silentLong = decideLease(held({ reportedAtMs: 0, expiresAtMs: 130_000 }), ask('d2', 'Back office'), 131_000, TTL);
    if (silentLong.kind !== 'granted') throw new Error('not granted');
    expect(silentLong.inherited).toHaveLength(500);
  });

  it('the process holding the lease taking it again counts what it reported, without assuming the full rate for its silence', () => {
    const taken = decideLease(held({ holderId: 'p1', sent: [{ atMs: 99_000, batch: false }] }), ask('d1', 'Books', [], false, 'p1'), 105_000, TTL);
    if (taken.kind !== 'granted') throw new Error('not granted');
    expect(taken.inherited).toEqual([{ ageMs: 6_000, batch: false }]);
  });

  it('another process of the same device (the command line, or a restart while the old worker lives) waits for the lease, and counts the full rate for the time a holder that did not release was silent', () => {
    const lease = held({ holderId: 'p1', sent: [{ atMs: 99_000, batch: false }] });
    expect(decideLease(lease, ask('d1', 'Books', [], false, 'p2'), 105_000, TTL)).toMatchObject({ kind: 'busy', holder: { deviceId: 'd1' } });
    expect(decideLease(lease, ask('d1', 'Books', [], true, 'p2'), 105_000, TTL)).toMatchObject({ kind: 'busy' });
    const taken = decideLease(lease, ask('d1', 'Books', [], false, 'p2'), 131_000, TTL);
    if (taken.kind !== 'granted') throw new Error('not granted');
    expect(taken.inherited).toHaveLength(301);
    expect(taken.row.holderId).toBe('p2');
  });

  it('a console taking over from another that synced within the minute, or from any holder that did not release, looks its queued creates up first', () => {
    const settles = (current: LeaseRow, deviceId: string, nowMs: number) => {
      const decided = decideLease(current, ask(deviceId, 'x'), nowMs, TTL);
      if (decided.kind !== 'granted') throw new Error('not granted');
      return decided.settleFirst;
    };
    expect(settles(held({ releasedAtMs: 110_000 }), 'd2', 111_000)).toBe(true);
    expect(settles(held({ releasedAtMs: 110_000 }), 'd2', 171_000)).toBe(false);
    expect(settles(held({ releasedAtMs: 110_000 }), 'd1', 111_000)).toBe(false);
    expect(settles(held(), 'd2', 131_000)).toBe(true);
    expect(settles(held(), 'd1', 105_000)).toBe(true);
    expect(decideLease(null, ask('d1', 'Books'), 100_000, TTL)).toMatchObject({ settleFirst: false });
  });

  it("a lease on another company (QuickBooks reconnected to a new one) does not hold this company's consoles back", () => {
    expect(decideLease(held({ realmId: 'r0' }), ask('d2', 'Back office'), 110_000, TTL)).toMatchObject({ kind: 'granted', inherited: [] });
  });
});

describe('POST /v1/quickbooks/sync-lease on the relay', () => {
  const REDIRECT_URI = 'http://localhost:1/quickbooks/callback';
  let emulator: QuickBooksEmulator;
  let relay: RelayProcess;
  let books: string;
  let backOffice: string;
  let agent: string;

  const post = async (route: string, token: string, body?: unknown) => {
    const res = await fetch(`${relay.url}${route}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    emulator = createQuickBooksEmulator({ redirectUris: [REDIRECT_URI] });
    await emulator.listen();
    relay = await startRelayProcess({ env: { ...relaySettingsForEmulator(emulator, REDIRECT_URI), QUICKBOOKS_SYNC_LEASE_SECONDS: '6' } });
    const admin = await relay.addDevice('Owner', 'admin');
    [books, backOffice, agent] = await Promise.all([relay.addDevice('Books', 'bookkeeper'), relay.addDevice('Back office', 'bookkeeper'), relay.addDevice('Front desk', 'agent', ['+16175550100'])]);
    // Before QuickBooks is connected there is no company to sync.
    expect(await post('/v1/quickbooks/sync-lease', books)).toMatchObject({ status: 409, json: { error: expect.stringContaining('not connected') } });
    const started = await post('/v1/quickbooks/connect', admin);
    const consent = await fetch(String(started.json.authorizeUrl), { redirect: 'manual' });
    const callback = await fetch(`${relay.url}/quickbooks/callback${new URL(consent.headers.get('location')!).search}`);
    expect(callback.status).toBe(200);
  });
  afterAll(async () => {
    await relay?.stop();
    await emulator?.close();
  });

  it('grants one bookkeeper console at a time, hands over on release with what the holder sent, and refuses agents', async () => {
    expect(await post('/v1/quickbooks/sync-lease', books, { sent: [] })).toEqual({ status: 200, json: { state: 'held', expiresInMs: 6_000, renewEveryMs: 2_000, inherited: [], settleFirst: false } });
    expect(await post('/v1/quickbooks/sync-lease', backOffice)).toMatchObject({ status: 409, json: { state: 'held_elsewhere', holder: { name: 'Books' } } });
    expect(await post('/v1/quickbooks/sync-lease', books, { sent: [{ ageMs: 10, batch: true }], renewal: true })).toMatchObject({ status: 200, json: { inherited: [] } });
    expect((await post('/v1/quickbooks/sync-lease', agent)).status).toBe(403);
    expect((await post('/v1/quickbooks/sync-lease', books, { sent: [{ ageMs: 60_001, batch: true }] })).status).toBe(400);

    expect(await post('/v1/quickbooks/sync-lease/release', books, { sent: [{ ageMs: 100, batch: true }, { ageMs: 50, batch: false }] })).toEqual({ status: 200, json: { state: 'released' } });
    const taken = await post('/v1/quickbooks/sync-lease', backOffice);
    expect(taken.status).toBe(200);
    // Books synced a moment ago: Back office looks its queued creates up before creating any.
    expect(taken.json.settleFirst).toBe(true);
    const inherited = taken.json.inherited as { ageMs: number; batch: boolean }[];
    expect(inherited.map((request) => request.batch)).toEqual([true, false]);
    expect(inherited.every((request) => request.ageMs >= 50 && request.ageMs < 5_000)).toBe(true);
    // The former holder releasing again changes nothing: the lease is Back office's.
    await post('/v1/quickbooks/sync-lease/release', books);
    expect(await post('/v1/quickbooks/sync-lease', books)).toMatchObject({ status: 409, json: { holder: { name: 'Back office' } } });
  });
});
