import { describe, expect, it } from 'vitest';
import { apiMethods } from '../../shared/api/contract';
import { CARD_WINDOW_METHODS } from '../../shared/api/ipc-channels';
import { allowedApiMethods, authorizeApiCall, type IpcSender } from './ipc-access';

const consoleTop: IpcSender = { window: 'console', frame: { url: 'app://ringside/index.html', isTop: true } };
const cardTop: IpcSender = { window: 'card', frame: { url: 'app://ringside/card.html', isTop: true } };

describe('who may call which renderer API method', () => {
  it('the console window may call every method', () => {
    expect(allowedApiMethods(consoleTop, undefined)).toEqual(apiMethods);
    expect(authorizeApiCall(consoleTop, 'settings.update', undefined)).toEqual({ ok: true, method: 'settings.update' });
  });

  it('the caller card window may call only its short list: no settings, no billing, no QuickBooks connect', () => {
    expect(allowedApiMethods(cardTop, undefined)).toEqual(CARD_WINDOW_METHODS);
    expect(authorizeApiCall(cardTop, 'card.pin', undefined).ok).toBe(true);
    for (const method of ['settings.get', 'settings.update', 'customers.importCsv', 'quickbooks.connect']) {
      expect(authorizeApiCall(cardTop, method, undefined), method).toEqual({ ok: false, error: `method not allowed: ${method}` });
    }
  });

  it('nothing is allowed from a subframe, a foreign page in our window, an unknown webContents or a frame already gone', () => {
    const refused: IpcSender[] = [
      { window: 'console', frame: { url: 'app://ringside/index.html', isTop: false } },
      { window: 'console', frame: { url: 'https://evil.example/', isTop: true } },
      { window: 'console', frame: { url: 'file:///tmp/index.html', isTop: true } },
      { window: null, frame: { url: 'app://ringside/index.html', isTop: true } },
      { window: 'card', frame: null },
    ];
    for (const sender of refused) {
      expect(allowedApiMethods(sender, undefined), JSON.stringify(sender)).toBeNull();
      expect(authorizeApiCall(sender, 'link.status', undefined)).toEqual({ ok: false, error: 'sender is not a Ringside window' });
    }
  });

  it('a method name that is not a string or not in the API is refused before any handler runs', () => {
    expect(authorizeApiCall(consoleTop, 'process.exit', undefined)).toEqual({ ok: false, error: 'method not allowed: process.exit' });
    expect(authorizeApiCall(consoleTop, { toString: () => 'settings.get' }, undefined).ok).toBe(false);
    expect(authorizeApiCall(consoleTop, '__proto__', undefined).ok).toBe(false);
  });

  it('under the dev server, pages of the dev server origin are ours', () => {
    const dev: IpcSender = { window: 'card', frame: { url: 'http://localhost:5173/card.html', isTop: true } };
    expect(allowedApiMethods(dev, 'http://localhost:5173')).toEqual(CARD_WINDOW_METHODS);
    expect(allowedApiMethods(cardTop, 'http://localhost:5173')).toBeNull();
  });
});
