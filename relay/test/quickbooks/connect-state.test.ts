import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openRelayDatabase, RELAY_DB_FILE, type RelayDatabase } from '../../src/database';
import { migrateRelayDatabase } from '../../src/db/migrate';
import { RELAY_MIGRATIONS } from '../../src/db/migrations';
import { buildAuthorizeUrl } from '../../src/quickbooks/authorize-url';
import { CONNECT_STATE_TTL_MS, consumeConnectState, createConnectState } from '../../src/quickbooks/connect-states';

let dir: string;
let db: RelayDatabase;
const NOW = Date.parse('2026-09-01T12:00:00Z');

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ringside-qbo-state-'));
  db = openRelayDatabase(dir);
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the authorize URL', () => {
  it('asks for the accounting scope with the registered redirect URI and the state (spec §2.1)', () => {
    const url = new URL(
      buildAuthorizeUrl({ authUrl: 'https://appcenter.intuit.com/connect/oauth2', clientId: 'ABclient', redirectUri: 'https://relay.example.com/quickbooks/callback', state: 'st4te' }),
    );
    expect(`${url.origin}${url.pathname}`).toBe('https://appcenter.intuit.com/connect/oauth2');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'ABclient',
      response_type: 'code',
      scope: 'com.intuit.quickbooks.accounting',
      redirect_uri: 'https://relay.example.com/quickbooks/callback',
      state: 'st4te',
    });
  });
});

describe('connect state', () => {
  it('is random, stored only hashed, and bound to the device that asked', () => {
    const a = createConnectState(db, 'device-1', NOW);
    const b = createConnectState(db, 'device-1', NOW);
    expect(a.state).not.toBe(b.state);
    expect(a.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.expiresAtMs).toBe(NOW + CONNECT_STATE_TTL_MS);
    const stored = db.prepare('SELECT state_hash FROM quickbooks_connect_states').pluck().all() as string[];
    expect(stored).not.toContain(a.state);
    expect(consumeConnectState(db, a.state, NOW + 1000)).toEqual({ ok: true, deviceId: 'device-1' });
  });

  it('works once', () => {
    const { state } = createConnectState(db, 'device-1', NOW);
    expect(consumeConnectState(db, state, NOW).ok).toBe(true);
    expect(consumeConnectState(db, state, NOW)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('expires, and an expired state is spent too', () => {
    const { state } = createConnectState(db, 'device-1', NOW);
    expect(consumeConnectState(db, state, NOW + CONNECT_STATE_TTL_MS)).toEqual({ ok: false, reason: 'expired' });
    expect(consumeConnectState(db, state, NOW)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('refuses a state it never issued', () => {
    expect(consumeConnectState(db, 'made-up', NOW)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('forgets expired states when a new one is made', () => {
    createConnectState(db, 'device-1', NOW);
    createConnectState(db, 'device-2', NOW + CONNECT_STATE_TTL_MS + 1);
    expect(db.prepare('SELECT count(*) FROM quickbooks_connect_states').pluck().get()).toBe(1);
  });
});

describe('relay.db schema', () => {
  it('adds the QuickBooks tables to a database made by the previous relay version', () => {
    // The previous relay version's database: only the first migration has run.
    db.close();
    rmSync(dir, { recursive: true, force: true });
    dir = mkdtempSync(path.join(tmpdir(), 'ringside-qbo-previous-'));
    const previous = new Database(path.join(dir, RELAY_DB_FILE));
    migrateRelayDatabase(previous, RELAY_MIGRATIONS.slice(0, 1));
    previous.close();
    db = openRelayDatabase(dir);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'quickbooks_%' ORDER BY name").pluck().all();
    expect(tables).toEqual(['quickbooks_alerts', 'quickbooks_connect_states', 'quickbooks_connection', 'quickbooks_sync_lease']);
    expect(db.pragma('user_version', { simple: true })).toBe(RELAY_MIGRATIONS.length);
  });
});
