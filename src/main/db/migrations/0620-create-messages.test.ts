import { afterEach, describe, expect, it } from 'vitest';
import { createDb, indexNames, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0620-create-messages', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  const insertMessage = (id: string, body: string) =>
    db.sqlite
      .prepare(
        `INSERT INTO messages (message_id, conversation_key, direction, business_e164, from_e164, body, status, error_code, sent_at_ms, user_id, provider_campaign_id, campaign_id, campaign_response, updated_seq)
         VALUES (?, '+16175550199|+16175550100', 'incoming', '+16175550199', '+16175550100', ?, 'received', NULL, 1000, NULL, NULL, NULL, 0, 1)`,
      )
      .run(id, body);

  it('queues every message body and transcript line written, changed or removed for the search index', async () => {
    db = createDb();
    await migrateTo(db, '0620-create-messages');
    insertMessage('m1', 'Can I pay the invoice on Friday?');
    insertMessage('m2', '');
    db.sqlite.prepare(`UPDATE messages SET status = 'received' WHERE message_id = 'm1'`).run();
    db.sqlite.prepare(`UPDATE messages SET body = 'photo attached' WHERE message_id = 'm2'`).run();
    db.sqlite.prepare(`INSERT INTO transcript_lines (call_id, line_no, text, start_seconds, end_seconds) VALUES ('call1', 0, 'Hello', 0, 1)`).run();
    db.sqlite.prepare(`DELETE FROM transcript_lines`).run();

    expect(rows(db, 'message_search_pending')).toEqual([{ message_rowid: 1 }, { message_rowid: 2 }]);
    expect(rows(db, 'transcript_search_pending')).toEqual([{ line_rowid: 1 }]);
    db.sqlite.prepare(`INSERT INTO message_search (rowid, body) VALUES (1, 'Can I pay the invoice on Friday?')`).run();
    expect(db.sqlite.prepare(`SELECT rowid FROM message_search WHERE message_search MATCH '"nvoic"'`).all()).toEqual([{ rowid: 1 }]);
  });

  it('reads the campaign rule’s same text on the same line through its index', async () => {
    db = createDb();
    await migrateTo(db, '0620-create-messages');
    expect(indexNames(db, 'messages')).toEqual(expect.arrayContaining(['messages_by_conversation', 'messages_by_sent', 'messages_by_outgoing_text', 'messages_by_campaign']));
    const plan = db.sqlite
      .prepare(`EXPLAIN QUERY PLAN SELECT message_id FROM messages WHERE direction = 'outgoing' AND business_e164 = ? AND body = ? AND sent_at_ms BETWEEN ? AND ?`)
      .all('+16175550199', 'Sale!', 0, 1) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('messages_by_outgoing_text');
  });
});
