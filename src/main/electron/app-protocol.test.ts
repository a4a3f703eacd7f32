import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_CSP, RENDERER_CSP } from '../harness/content-security-policy';
import { appFilePath, createAppProtocolHandler } from './app-protocol';

describe('app://ringside serves the built renderer and nothing else', () => {
  let root: string;
  let rendererDir: string;
  let serve: (request: Request) => Promise<Response>;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'ringside-app-protocol-'));
    rendererDir = join(root, 'renderer');
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Ringside</title>');
    writeFileSync(join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(join(root, 'secret.txt'), 'not for pages');
    serve = createAppProtocolHandler(rendererDir);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('answers a page with its type and the app CSP, which allows no network connection', async () => {
    const page = await serve(new Request('app://ringside/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>Ringside</title>');

    const script = await serve(new Request('app://ringside/assets/index-abc.js?v=1'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
  });

  it('refuses paths that leave the renderer folder, encoded or not, and other hosts', async () => {
    for (const url of [
      'app://ringside/../secret.txt',
      'app://ringside/%2e%2e/secret.txt',
      'app://ringside/assets/..%2f..%2fsecret.txt',
      'app://ringside/..%5csecret.txt',
      'app://ringside/assets/%00index-abc.js',
      'app://other/index.html',
      'app://ringside/missing.html',
      'app://ringside/assets',
    ]) {
      const response = await serve(new Request(url));
      expect(response.status, url).toBe(404);
      expect(await response.text(), url).not.toContain('not for pages');
    }
    expect(appFilePath(rendererDir, 'app://ringside/%2e%2e/secret.txt')).toBe(join(rendererDir, 'secret.txt'));
    expect(appFilePath(rendererDir, 'app://ringside/assets/..%2f..%2fsecret.txt')).toBeNull();
    expect(appFilePath(rendererDir, 'file:///etc/passwd')).toBeNull();
  });

  it('answers only reads', async () => {
    const response = await serve(new Request('app://ringside/index.html', { method: 'POST', body: 'x' }));
    expect(response.status).toBe(405);
  });
});

describe('the renderer content security policy', () => {
  it('the app policy reaches only its own origin: no ws:, no http:, no inline script, no framing', () => {
    expect(APP_CSP).not.toMatch(/ws:|wss:|http:|https:|\*|unsafe-inline|unsafe-eval/);
    expect(APP_CSP).toContain("connect-src 'self'");
    expect(APP_CSP).toContain("script-src 'self'");
    expect(APP_CSP).toContain("frame-ancestors 'none'");
  });

  it("the harness header alone adds its loopback WebSocket, and is otherwise the app's", () => {
    expect(RENDERER_CSP).toContain("connect-src 'self' ws://127.0.0.1:* ws://localhost:*");
    expect(RENDERER_CSP.replace(" ws://127.0.0.1:* ws://localhost:*", '')).toBe(APP_CSP);
  });
});
