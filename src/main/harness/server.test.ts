import { EventEmitter } from 'node:events';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApiHandlers, ApiPush, ApiPushes, LinkStatus } from '../../shared/api/contract';
import { RENDERER_CSP } from './content-security-policy';
import { startHarness, type Harness, type HarnessCore } from './server';

const linkStatus: LinkStatus = { state: 'live', reason: null, appliedSeq: 7, headSeq: 7, lastEventAt: null, relayUrl: 'ws://127.0.0.1:1', reprojection: null, newerEventsSeen: false };

/** A core that serves two methods and lets the test push. */
function smallCore(): HarnessCore & { push<P extends ApiPush>(push: P, payload: ApiPushes[P]): void } {
  const pushes = new EventEmitter();
  const handlers = {
    'link.status': async () => linkStatus,
    'settings.get': async () => ({ relayUrl: 'ws://127.0.0.1:1', hasDeviceToken: false, phoneRegion: 'US', tokenProtection: 'owner_only_file', tokenCleared: null }),
  } as Partial<ApiHandlers> as ApiHandlers;
  return {
    handlers,
    onPush(push, listener) {
      pushes.on(push, listener);
      return () => pushes.off(push, listener);
    },
    push(push, payload) {
      pushes.emit(push, payload);
    },
  };
}

let dir: string;
let harness: Harness;
const core = smallCore();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ringside-harness-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(rendererDir, 'card.html'), '<!doctype html><title>card</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'not for browsers');
  harness = await startHarness({ core, rendererDir, host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await harness.close();
  rmSync(dir, { recursive: true, force: true });
});

const origin = () => harness.url.replace(/\/$/, '');

function connect(fromOrigin = origin()): Promise<WebSocket> {
  const ws = new WebSocket(`${origin().replace('http', 'ws')}/api`, { origin: fromOrigin });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function nextFrame(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(data.toString()) as Record<string, unknown>)));
}

describe('the browser harness', () => {
  it('serves the console at / and the card page, with the renderer CSP', async () => {
    const page = await fetch(harness.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(await page.text()).toContain('<title>console</title>');
    expect(await (await fetch(`${origin()}/card.html`)).text()).toContain('<title>card</title>');
    expect((await fetch(`${origin()}/assets/app.js`)).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('serves nothing outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/missing.js']) {
      // fetch would normalize "/../"; send the path as written.
      const status = await rawGetStatus(path);
      expect(status, path).toBe(404);
    }
  });

  it('answers API calls over the WebSocket, and errors as data', async () => {
    const ws = await connect();
    ws.send(JSON.stringify({ id: 1, method: 'link.status', input: {} }));
    expect(await nextFrame(ws)).toEqual({ id: 1, result: { ok: true, value: linkStatus } });
    ws.send(JSON.stringify({ id: 2, method: 'calls.history', input: { limit: -1 } }));
    const invalid = await nextFrame(ws);
    expect(invalid).toMatchObject({ id: 2, result: { ok: false } });
    ws.send(JSON.stringify({ id: 3, method: 'no.such.method', input: {} }));
    expect(await nextFrame(ws)).toEqual({ id: 3, result: { ok: false, error: 'unknown API method: "no.such.method"' } });
    ws.close();
  });

  it('forwards every push to every connected page', async () => {
    const [a, b] = await Promise.all([connect(), connect()]);
    const frames = Promise.all([nextFrame(a), nextFrame(b)]);
    core.push('link.statusChanged', { ...linkStatus, state: 'offline', reason: 'relay unreachable' });
    for (const frame of await frames) {
      expect(frame).toEqual({ push: 'link.statusChanged', payload: { ...linkStatus, state: 'offline', reason: 'relay unreachable' } });
    }
    a.close();
    b.close();
  });

  it('refuses a WebSocket from a page on another origin', async () => {
    await expect(connect('http://evil.example')).rejects.toThrow(/403/);
  });
});

async function rawGetStatus(path: string): Promise<number> {
  const { request } = await import('node:http');
  const url = new URL(harness.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once('error', reject);
    req.end();
  });
}
