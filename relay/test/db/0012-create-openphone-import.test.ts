import { describe, expect, it } from 'vitest';
import { RELAY_MIGRATIONS } from '../../src/db/migrations';
import { ImportStore } from '../../src/providers/openphone/history-import/import-store';
import type { RelayDatabase } from '../../src/database';
import { relayDbAt, tableNames } from './migration-support';

const NAME = '0012-create-openphone-import';

describe(NAME, () => {
  it('comes right after 0011 and adds the import and its work list', () => {
    const index = RELAY_MIGRATIONS.findIndex((migration) => migration.name === NAME);
    expect(RELAY_MIGRATIONS[index - 1]!.name).toBe('0011-quickbooks-sync-lease-and-token-care');
    const db = relayDbAt(NAME);
    expect(tableNames(db)).toEqual(expect.arrayContaining(['openphone_imports', 'openphone_import_tasks']));
    db.close();
  });

  it('a page moves its task on with the tasks it revealed and its counts in one step, and a task found twice is listed once', () => {
    const db = relayDbAt(NAME);
    const store = new ImportStore(db as unknown as RelayDatabase);
    const row = store.create({ fromAt: null, toAt: null, recordOnly: true, startedBy: 'Owner', startedAt: '2026-12-01T20:00:00.000Z' });
    expect(store.pending(row.id, 10).map((task) => task.key)).toEqual(['lines']);
    const child = { key: 'conversations|PN1', kind: 'conversations' as const, params: { phoneNumberId: 'PN1' } };
    store.completePage(row.id, 'lines', { nextPageToken: null, children: [child, child], counts: {}, problems: {}, requests: 1 });
    store.completePage(row.id, 'conversations|PN1', { nextPageToken: 'page-2', children: [], counts: { conversations: 100 }, problems: { 'group-calls': 2 }, requests: 1 });
    expect(store.pending(row.id, 10)).toEqual([{ ...child, pageToken: 'page-2' }]);
    expect(store.latest()).toMatchObject({ state: 'running', recordOnly: true, counts: { conversations: 100 }, problems: { 'group-calls': 2 }, requests: 2 });
    expect(() => db.prepare("UPDATE openphone_imports SET state = 'lost'").run()).toThrow(/CHECK/);
    db.close();
  });
});
