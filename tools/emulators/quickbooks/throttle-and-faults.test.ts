import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QuickBooksEmulator } from './emulator';
import { createQuickBooksEmulator } from './emulator';
import { api, connect, tokenRequest } from './test-session';

/** Throttling and injected failures (spec §8, §13-8). */
describe('QuickBooks emulator throttling and fault injection', () => {
  let emulator: QuickBooksEmulator;
  let token: string;
  let t: number;
  beforeEach(async () => {
    t = Date.parse('2026-09-01T17:00:00Z');
    emulator = createQuickBooksEmulator({ clock: () => t });
    await emulator.listen();
    token = (await connect(emulator)).access_token;
  });
  afterEach(() => emulator.close());

  const customerRef = () => ({ value: String(emulator.customers().find((c) => c.DisplayName === 'Northwind Bakery')?.Id) });
  const invoice = (docNumber: string) => ({
    CustomerRef: customerRef(),
    DocNumber: docNumber,
    Line: [{ DetailType: 'SalesItemLineDetail', Amount: 150, SalesItemLineDetail: { ItemRef: { value: String(emulator.items().find((i) => i.Name === 'Overage')?.Id) }, Qty: 1, UnitPrice: 150 } }],
  });

  it('answers the 11th request in a second with 429 / 3001, and admits again a second later', async () => {
    for (let i = 0; i < 10; i++) expect((await api(emulator, token, 'GET', '/preferences')).status).toBe(200);
    const throttled = await api(emulator, token, 'GET', '/preferences');
    expect(throttled.status).toBe(429);
    expect(throttled.json.Fault.Error[0]).toMatchObject({ code: '3001', Message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429' });
    t += 1000;
    expect((await api(emulator, token, 'GET', '/preferences')).status).toBe(200);
  });

  it('holds a realm to 500 requests a minute even when spread over seconds', async () => {
    for (let i = 0; i < 500; i++) {
      if (i % 10 === 0) t += 100;
      expect((await api(emulator, token, 'GET', '/preferences')).status).toBe(200);
      if (i % 10 === 9) t += 1000;
    }
    expect((await api(emulator, token, 'GET', '/preferences')).status).toBe(429);
    t += 60_000;
    expect((await api(emulator, token, 'GET', '/preferences')).status).toBe(200);
  });

  it('answers a throttle in XML when the client did not ask for JSON', async () => {
    for (let i = 0; i < 10; i++) await api(emulator, token, 'GET', '/preferences');
    const res = await fetch(`${emulator.urls.company}/preferences`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(429);
    expect(await res.text()).toContain('<Error code="3001">');
  });

  it('injects 500 (SystemFault 10000) and 503 for the next N matching requests, without committing', async () => {
    emulator.faults.inject({ path: '/invoice', method: 'POST', fault: 500 });
    emulator.faults.inject({ path: '/invoice', method: 'POST', fault: 503, count: 2 });
    const first = await api(emulator, token, 'POST', '/invoice?requestid=f-1', invoice('F-1'));
    expect(first.status).toBe(500);
    expect(first.json.Fault).toMatchObject({ type: 'SystemFault', Error: [{ code: '10000' }] });
    expect((await api(emulator, token, 'POST', '/invoice?requestid=f-1', invoice('F-1'))).status).toBe(503);
    expect((await api(emulator, token, 'POST', '/invoice?requestid=f-1', invoice('F-1'))).status).toBe(503);
    expect((await api(emulator, token, 'POST', '/invoice?requestid=f-1', invoice('F-1'))).status).toBe(200);
    expect(emulator.invoices().filter((i) => i.DocNumber === 'F-1')).toHaveLength(1);
    expect(emulator.faults.pending()).toEqual([]);
  });

  it('injects a 401 in the middle of a session though the token is still valid', async () => {
    emulator.faults.inject({ path: /\/preferences$/, fault: 401 });
    expect((await api(emulator, token, 'GET', '/preferences')).json.fault.error[0].code).toBe('3200');
    expect((await api(emulator, token, 'GET', '/preferences')).status).toBe(200);
  });

  it('commits a write and then drops the connection; the retry with the same requestid creates nothing new', async () => {
    emulator.faults.inject({ path: '/invoice', method: 'POST', fault: 'drop-after-commit' });
    await expect(api(emulator, token, 'POST', '/invoice?requestid=lost-1', invoice('T-1'))).rejects.toThrow();
    expect(emulator.invoices().filter((i) => i.DocNumber === 'T-1')).toHaveLength(1);
    const retry = await api(emulator, token, 'POST', '/invoice?requestid=lost-1', invoice('T-1'));
    expect(retry.status).toBe(200);
    expect(retry.json.Invoice.DocNumber).toBe('T-1');
    expect(emulator.invoices().filter((i) => i.DocNumber === 'T-1')).toHaveLength(1);
  });

  it('commits a write and then never answers (timeout after commit); a retry without the requestid meets 6140', async () => {
    emulator.faults.inject({ path: '/invoice', method: 'POST', fault: 'timeout-after-commit' });
    const body = JSON.stringify(invoice('T-2'));
    const timedOut = await new Promise<string>((resolve) => {
      const req = http.request(`${emulator.urls.company}/invoice?requestid=hang-1`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'content-type': 'application/json' },
        timeout: 200,
      });
      req.on('timeout', () => {
        req.destroy();
        resolve('timeout');
      });
      req.on('response', () => resolve('answered'));
      req.on('error', () => undefined);
      req.end(body);
    });
    expect(timedOut).toBe('timeout');
    expect(emulator.invoices().filter((i) => i.DocNumber === 'T-2')).toHaveLength(1);
    expect((await api(emulator, token, 'POST', '/invoice?requestid=other', invoice('T-2'))).json.Fault.Error[0].code).toBe('6140');
  });

  it('loses a rotated refresh token when the token response is dropped after commit', async () => {
    const tokens = await connect(emulator);
    t += 2 * 86_400_000;
    emulator.faults.inject({ path: '/oauth2/v1/tokens/bearer', fault: 'drop-after-commit' });
    await expect(tokenRequest(emulator, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).rejects.toThrow();
    expect((await tokenRequest(emulator, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).body.error).toBe('invalid_grant');
  });

  it('can answer HTTP 200 carrying a Fault', async () => {
    emulator.faults.inject({ path: '/query', fault: 'fault-200' });
    const res = await api(emulator, token, 'GET', `/query?query=${encodeURIComponent('select * from Item')}`);
    expect(res.status).toBe(200);
    expect(res.json.Fault.Error[0].code).toBe('10000');
  });

  it('logs every request with its intuit_tid and injected fault', async () => {
    emulator.faults.inject({ path: '/preferences', fault: 503 });
    await api(emulator, token, 'GET', '/preferences');
    const last = emulator.requests().at(-1);
    expect(last).toMatchObject({ method: 'GET', status: 503, injected: 503, query: { minorversion: '75' } });
  });
});
