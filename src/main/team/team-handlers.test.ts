import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import type { TeamPresence } from '../../shared/api/team';
import { createConsoleCore, type ConsoleCore } from '../core/console-core';
import { MemorySettingsStore } from '../settings';

/** The Team page's handlers on two real console cores talking to a real relay process. */

describe('the team, from a console', () => {
  let relay: RelayProcess;
  let dir: string;
  const cores: ConsoleCore[] = [];
  const adminPresence: TeamPresence[] = [];

  const startCore = async (name: string, deviceToken: string): Promise<ConsoleCore> => {
    const core = createConsoleCore({ dbPath: join(dir, `${name}.db`), settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken }), backoff: { baseMs: 50, capMs: 300 }, quickBooksSync: false });
    cores.push(core);
    await core.start();
    await vi.waitFor(async () => expect((await core.handlers['link.status']({})).state).toBe('live'), { timeout: 10_000 });
    return core;
  };
  let admin: ConsoleCore;

  beforeAll(async () => {
    relay = await startRelayProcess();
    dir = mkdtempSync(join(tmpdir(), 'ringside-team-'));
    admin = createConsoleCore({ dbPath: join(dir, 'admin.db'), settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken: await relay.addDevice('Owner', 'admin') }), quickBooksSync: false });
    cores.push(admin);
    admin.onPush('team.presenceChanged', (presence) => adminPresence.push(presence));
    await admin.start();
  });
  afterAll(async () => {
    for (const core of cores) await core.stop();
    await relay.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('tells a console its role and what that role may do', async () => {
    const me = await admin.handlers['team.me']({});
    expect(me).toMatchObject({ name: 'Owner', role: 'admin', may: { manageTeam: true, defineCatalog: true, syncQuickBooks: false, connectQuickBooks: true } });
  });

  it('adds an agent on a line, whose console then sees who is online and which call it is on', async () => {
    const { device, token } = await admin.handlers['team.addDevice']({ name: 'Dana', role: 'agent', numbers: ['+16175550100'] });
    expect(device).toMatchObject({ name: 'Dana', role: 'agent', numbers: ['+16175550100'], online: false });
    const dana = await startCore('dana', token);
    const me = await dana.handlers['team.me']({});
    expect(me.may).toMatchObject({ manageTeam: false, defineCatalog: false, editCustomers: false, creditWallets: false });

    await vi.waitFor(() => expect(adminPresence.at(-1)?.devices.find((d) => d.name === 'Dana')?.online).toBe(true), { timeout: 10_000 });
    await dana.handlers['team.setOnCall']({ callId: 'openphone:ACdemo1' });
    await vi.waitFor(async () => expect((await admin.handlers['team.presence']({})).devices.find((d) => d.name === 'Dana')?.onCall).toBe('openphone:ACdemo1'), { timeout: 10_000 });
    expect((await admin.handlers['team.devices']({})).find((d) => d.name === 'Dana')).toMatchObject({ online: true, lastSeenAt: expect.any(String) });

    // The agent's console may read the team, and is refused a change in the relay's plain words.
    await expect(dana.handlers['team.addDevice']({ name: 'Mine', role: 'admin', numbers: [] })).rejects.toThrow('Only an admin console may change the team');
    expect((await dana.handlers['team.lines']({})).map((line) => line.number)).toEqual(['+16175550100']);
  });

  it('names a line and lists it with the consoles it is assigned to', async () => {
    await admin.handlers['team.nameLine']({ number: '+16175550100', name: 'Main line' });
    expect(await admin.handlers['team.lines']({})).toEqual([{ number: '+16175550100', name: 'Main line', synced: false, assignedTo: ['Dana'] }]);
  });

  it('keeps the last admin and revokes another console, which goes offline for everyone', async () => {
    await expect(admin.handlers['team.revokeDevice']({ name: 'Owner' })).rejects.toThrow("'Owner' is the last admin console");
    const revoked = await admin.handlers['team.revokeDevice']({ name: 'Dana' });
    expect(revoked.revokedAt).not.toBeNull();
    await vi.waitFor(() => expect(adminPresence.at(-1)?.devices.some((d) => d.name === 'Dana')).toBe(false), { timeout: 10_000 });
  });
});
