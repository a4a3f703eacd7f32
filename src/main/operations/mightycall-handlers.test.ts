import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import { startMightyCallEmulator, type MightyCallEmulator } from '../../../tools/emulators/mightycall/emulator';
import { seedMightyCall } from '../../../tools/emulators/mightycall/seed';
import { createMightyCallHandlers } from './mightycall-handlers';

/** The Operations page's MightyCall card, from a console, against a real relay process and the MightyCall emulator. */

const API_KEY = 'console-test-mightycall-key';
const USER_KEY = 'console-test-mightycall-user';

describe('the MightyCall card, from a console', () => {
  let emulator: MightyCallEmulator;
  let relay: RelayProcess;
  let admin: ReturnType<typeof createMightyCallHandlers>;
  let agent: ReturnType<typeof createMightyCallHandlers>;

  beforeAll(async () => {
    emulator = await startMightyCallEmulator({ apiKey: API_KEY, userKey: USER_KEY });
    Object.assign(emulator.data, seedMightyCall(Date.now(), emulator.url));
    relay = await startRelayProcess({ env: { MIGHTYCALL_API_KEY: API_KEY, MIGHTYCALL_USER_KEY: USER_KEY, MIGHTYCALL_API_BASE_URL: emulator.baseUrl, MIGHTYCALL_DAILY_REQUEST_BUDGET: '1000' } });
    const [adminToken, agentToken] = await Promise.all([relay.addDevice('Owner', 'admin'), relay.addDevice('Front desk', 'agent', ['+16175550140'])]);
    admin = createMightyCallHandlers({ relay: () => ({ url: relay.url, token: adminToken }) });
    agent = createMightyCallHandlers({ relay: () => ({ url: relay.url, token: agentToken }) });
  });
  afterAll(async () => {
    await relay?.stop();
    await emulator?.close();
  });

  it('shows an admin the interval from the budget, the requests used of it and what came in', async () => {
    await vi.waitFor(async () => expect((await admin['operations.mightyCallStatus']({})).lastPollAt).not.toBeNull(), { timeout: 20_000 });
    const status = await admin['operations.mightyCallStatus']({});
    expect(status).toMatchObject({ configured: true, budget: 1000, lastError: null, imported: { calls: 5, messages: 2 } });
    // A smaller budget, a longer interval: 24 h × 3 ÷ (800 − 48) ≈ 345 s at least.
    expect(status.intervalSeconds).toBeGreaterThanOrEqual(345);
    expect(status.usedLast24h).toBe(emulator.requests.length);
  });

  it("tells an agent console, in the relay's words, that only an admin sees it", async () => {
    await expect(agent['operations.mightyCallStatus']({})).rejects.toThrow('Only an admin console may see how the relay reads MightyCall.');
  });
});
