import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { guardNavigation, type GuardedContents } from './navigation-guard';
import { isOwnPageUrl, pageUrl } from './page-origin';

const DEV = 'http://localhost:5173/';

/** A window's webContents as far as navigation goes: it emits the events Electron emits. */
class FakeContents extends EventEmitter implements GuardedContents {
  openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  override on(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', listener: (details: { url: string; preventDefault(): void }) => void): this {
    return super.on(event, listener);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
  /** True when the navigation went ahead. */
  attempt(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', url: string): boolean {
    let prevented = false;
    this.emit(event, { url, preventDefault: () => (prevented = true) });
    return !prevented;
  }
}

describe('which pages are ours', () => {
  it('in the app: only app://ringside, never file:// or another host', () => {
    expect(pageUrl('index.html', undefined)).toBe('app://ringside/index.html');
    expect(pageUrl('card.html', undefined)).toBe('app://ringside/card.html');
    expect(isOwnPageUrl('app://ringside/index.html', undefined)).toBe(true);
    expect(isOwnPageUrl('app://ringside/card.html#pinned', undefined)).toBe(true);
    for (const url of [
      'file:///opt/Ringside/resources/app.asar/out/renderer/index.html',
      'app://evil/index.html',
      'app://ringside@evil/index.html',
      'app://user:pass@ringside/index.html',
      'https://ringside/index.html',
      'http://localhost:5173/index.html',
      'javascript:alert(1)',
      'not a url',
      '',
    ]) {
      expect(isOwnPageUrl(url, undefined), url).toBe(false);
    }
  });

  it('under electron-vite dev: only the dev server origin', () => {
    expect(pageUrl('card.html', DEV)).toBe('http://localhost:5173/card.html');
    expect(isOwnPageUrl('http://localhost:5173/index.html', DEV)).toBe(true);
    expect(isOwnPageUrl('http://localhost:5174/index.html', DEV)).toBe(false);
    expect(isOwnPageUrl('app://ringside/index.html', DEV)).toBe(false);
  });
});

describe('a window stays on our pages', () => {
  it('denies navigating, being redirected or navigating a frame to anywhere else', () => {
    const contents = new FakeContents();
    guardNavigation(contents, undefined);
    for (const event of ['will-navigate', 'will-redirect', 'will-frame-navigate'] as const) {
      expect(contents.attempt(event, 'app://ringside/card.html'), event).toBe(true);
      expect(contents.attempt(event, 'https://evil.example/phish'), event).toBe(false);
      expect(contents.attempt(event, 'file:///etc/passwd'), event).toBe(false);
      expect(contents.attempt(event, 'app://other/index.html'), event).toBe(false);
    }
  });

  it('under the dev server, the same rules with its origin', () => {
    const contents = new FakeContents();
    guardNavigation(contents, DEV);
    expect(contents.attempt('will-redirect', 'http://localhost:5173/index.html')).toBe(true);
    expect(contents.attempt('will-redirect', 'http://localhost:8080/')).toBe(false);
  });

  it('never opens a new window, not even for our own page', () => {
    const contents = new FakeContents();
    guardNavigation(contents, undefined);
    expect(contents.openHandler?.({ url: 'app://ringside/index.html' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'https://appcenter.intuit.com/' })).toEqual({ action: 'deny' });
  });
});
