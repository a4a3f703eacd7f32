import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../tests/support/relay-process';

let relay: RelayProcess;

beforeAll(async () => {
  relay = await startRelayProcess();
});

afterAll(async () => {
  await relay?.stop();
});

function me(token: string | null) {
  return fetch(`${relay.url}/v1/devices/me`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
}

describe('GET /v1/devices/me', () => {
  it('tells a console its own name, role and lines, and nothing secret', async () => {
    const token = await relay.addDevice('Front desk', 'agent', ['(617) 555-0100']);
    const res = await me(token);
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(JSON.parse(body)).toEqual({ name: 'Front desk', role: 'agent', numbers: ['+16175550100'] });
    expect(body).not.toContain(token);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('tells the bookkeeper it is the bookkeeper', async () => {
    const token = await relay.addDevice('Books', 'bookkeeper');
    expect(await (await me(token)).json()).toEqual({ name: 'Books', role: 'bookkeeper', numbers: [] });
  });

  it('answers 401 without a valid token, and 401 once the device is revoked', async () => {
    expect((await me(null)).status).toBe(401);
    expect((await me('rs_not-a-real-token-at-all-0000000000000000000')).status).toBe(401);
    const token = await relay.addDevice('Old laptop', 'admin');
    expect((await me(token)).status).toBe(200);
    await relay.revokeDevice('Old laptop');
    expect((await me(token)).status).toBe(401);
  });
});
