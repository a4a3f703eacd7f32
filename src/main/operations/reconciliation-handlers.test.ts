import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import { phoneNumberIdFor } from '../../../tools/emulators/openphone/payloads';
import { startOpenPhoneRestEmulator, type OpenPhoneRestEmulator } from '../../../tools/emulators/openphone/rest-api';
import { Workspace } from '../../../tools/emulators/openphone/workspace/workspace';
import { createReconciliationHandlers } from './reconciliation-handlers';

/** The Operations page's reconciliation panel, from a console, against a real relay process and the OpenPhone emulator. */

const API_KEY = 'console-test-openphone-key-0013';
const LINE = '+16175550150';

describe('the reconciliation panel, from a console', () => {
  let emulator: OpenPhoneRestEmulator;
  let relay: RelayProcess;
  let admin: ReturnType<typeof createReconciliationHandlers>;
  let agent: ReturnType<typeof createReconciliationHandlers>;

  beforeAll(async () => {
    const workspace = new Workspace([{ number: LINE, name: 'Front desk', id: phoneNumberIdFor(LINE), users: [{ id: 'USfront01', firstName: 'Ana', lastName: null, email: null }] }]);
    emulator = await startOpenPhoneRestEmulator({ apiKeys: [API_KEY], lines: workspace.lines, workspace });
    relay = await startRelayProcess({ env: { OPENPHONE_API_KEY: API_KEY, OPENPHONE_API_BASE_URL: emulator.url, OPENPHONE_DIRECTORY_SYNC_MINUTES: '0' } });
    const [adminToken, agentToken] = await Promise.all([relay.addDevice('Owner', 'admin'), relay.addDevice('Front desk', 'agent', [LINE])]);
    admin = createReconciliationHandlers({ relay: () => ({ url: relay.url, token: adminToken }) });
    agent = createReconciliationHandlers({ relay: () => ({ url: relay.url, token: agentToken }) });
  });
  afterAll(async () => {
    await relay?.stop();
    await emulator?.close();
  });

  it("shows an admin the relay's checks and starts one for a range of days", async () => {
    expect(await admin['operations.reconciliation']({})).toMatchObject({ runs: [], timeZone: 'UTC', dailyAt: '02:00', healthCheck: { configured: false, last: null, lastSuccessAt: null } });
    const { runId } = await admin['operations.reconcileRange']({ from: '2026-11-28', to: '2026-11-30' });
    await vi.waitFor(async () => expect((await admin['operations.reconciliation']({})).runs).toEqual([expect.objectContaining({ id: runId, trigger: 'on_demand', fromDate: '2026-11-28', toDate: '2026-11-30', state: 'done', recovered: [] })]), { timeout: 10_000 });
  });

  it("tells an agent console, in the relay's words, that only an admin sees them", async () => {
    await expect(agent['operations.reconciliation']({})).rejects.toThrow('Only an admin console can see and start reconciliations.');
    await expect(agent['operations.reconcileRange']({ from: '2026-11-30', to: '2026-11-30' })).rejects.toThrow('Only an admin console can see and start reconciliations.');
  });
});
