import { describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../../shared/api/contract';
import { dispatchApiCall } from './dispatch';

// Only the methods these tests call answer; the rest say so.
function handlersWith(overrides: Partial<ApiHandlers>): ApiHandlers {
  return new Proxy(overrides, {
    get: (target, name: string) => target[name as keyof ApiHandlers] ?? (() => Promise.reject(new Error(`${name} not served here`))),
  }) as ApiHandlers;
}

describe('one API call, whatever carried it', () => {
  it('passes the validated input to the handler and wraps its answer', async () => {
    const seen: unknown[] = [];
    const handlers = handlersWith({
      'customers.search': async (input) => {
        seen.push(input);
        return [];
      },
    });
    expect(await dispatchApiCall(handlers, 'customers.search', { query: 'acme', limit: 5 })).toEqual({ ok: true, value: [] });
    expect(seen).toEqual([{ query: 'acme', limit: 5 }]);
  });

  it('refuses a method the contract does not name', async () => {
    const result = await dispatchApiCall(handlersWith({}), 'db.dropEverything', {});
    expect(result).toEqual({ ok: false, error: 'unknown API method: "db.dropEverything"' });
  });

  it('refuses an input the contract rejects, naming the method and the field, without calling the handler', async () => {
    let called = false;
    const handlers = handlersWith({
      'calls.history': async () => {
        called = true;
        return [];
      },
    });
    const result = await dispatchApiCall(handlers, 'calls.history', { limit: 0 });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/^invalid input to calls\.history \(limit\)/);
    expect(called).toBe(false);
  });

  it('turns a failing handler into an error result', async () => {
    const handlers = handlersWith({ 'settings.get': () => Promise.reject(new Error('settings file unreadable')) });
    expect(await dispatchApiCall(handlers, 'settings.get', {})).toEqual({ ok: false, error: 'settings file unreadable' });
  });
});
