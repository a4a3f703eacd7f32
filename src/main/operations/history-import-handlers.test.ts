import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import { startOpenPhoneRestEmulator, type OpenPhoneRestEmulator } from '../../../tools/emulators/openphone/rest-api';
import { seededWorkspace } from '../../../tools/emulators/openphone/workspace/seeded-workspace';
import { createHistoryImportHandlers } from './history-import-handlers';

/** The Operations page's history import panel, from a console, against a real relay process and the OpenPhone emulator. */

const API_KEY = 'console-test-openphone-key-0012';

describe('the history import panel, from a console', () => {
  let emulator: OpenPhoneRestEmulator;
  let relay: RelayProcess;
  let admin: ReturnType<typeof createHistoryImportHandlers>;
  let agent: ReturnType<typeof createHistoryImportHandlers>;

  beforeAll(async () => {
    const workspace = seededWorkspace({ conversations: 6, contacts: 4, photos: 0 });
    emulator = await startOpenPhoneRestEmulator({ apiKeys: [API_KEY], lines: workspace.lines, workspace, ratePerSecond: 100 });
    relay = await startRelayProcess({ env: { OPENPHONE_API_KEY: API_KEY, OPENPHONE_API_BASE_URL: emulator.url, OPENPHONE_RATE_LIMIT_PER_SECOND: '100', OPENPHONE_DIRECTORY_SYNC_MINUTES: '0' } });
    const [adminToken, agentToken] = await Promise.all([relay.addDevice('Owner', 'admin'), relay.addDevice('Front desk', 'agent', [workspace.lines[0]!.number])]);
    admin = createHistoryImportHandlers({ relay: () => ({ url: relay.url, token: adminToken }) });
    agent = createHistoryImportHandlers({ relay: () => ({ url: relay.url, token: agentToken }) });
  });
  afterAll(async () => {
    await relay?.stop();
    await emulator?.close();
  });

  it('shows an admin no import, starts one for a range of days billed, and follows it to the end', async () => {
    expect(await admin['operations.historyImport']({})).toEqual({ import: null });
    const started = await admin['operations.historyImportCommand']({ action: 'start', fromDate: '2026-03-01', toDate: '2026-11-30', billing: 'bill' });
    expect(started.import).toMatchObject({ state: 'running', fromDate: '2026-03-01', toDate: '2026-11-30', billing: 'bill', startedBy: 'Owner' });
    await vi.waitFor(async () => expect((await admin['operations.historyImport']({})).import).toMatchObject({ state: 'finished', fraction: 1 }), { timeout: 20_000 });
    await expect(admin['operations.historyImportCommand']({ action: 'pause' })).rejects.toThrow('No OpenPhone import is running.');
  });

  it("tells an agent console, in the relay's words, that only an admin imports", async () => {
    await expect(agent['operations.historyImport']({})).rejects.toThrow('Only an admin console may import or watch the OpenPhone history.');
  });
});
