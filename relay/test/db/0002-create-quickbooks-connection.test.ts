import { describe, expect, it } from 'vitest';
import { relayDbAt, tableNames } from './migration-support';

describe('0002-create-quickbooks-connection', () => {
  it('adds the connect states and the one QuickBooks connection at schema version 2', () => {
    const db = relayDbAt('0002-create-quickbooks-connection');
    expect(tableNames(db)).toEqual(['devices', 'events', 'quickbooks_connect_states', 'quickbooks_connection']);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    db.close();
  });

  it('keeps a single connection row in a known state', () => {
    const db = relayDbAt('0002-create-quickbooks-connection');
    const insert = db.prepare("INSERT INTO quickbooks_connection (id, connection_id, state, realm_id, environment, connected_at) VALUES (?, 'c', ?, 'r', 'sandbox', 'now')");
    insert.run(1, 'connected');
    expect(() => insert.run(2, 'connected')).toThrow(/CHECK/);
    db.prepare('DELETE FROM quickbooks_connection').run();
    expect(() => insert.run(1, 'half-connected')).toThrow(/CHECK/);
    db.close();
  });
});
