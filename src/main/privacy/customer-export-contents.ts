import type { ConsoleDatabase } from '../db/open-console-database';

/**
 * Everything this console's database holds about one customer, table by table, as the rows
 * are stored (issue 15 §4, the export): the customer record, their calls with transcripts,
 * summaries and notes, their conversations with messages and notes, billing (charges,
 * wallet ledger, invoices, payments, links) and jobs. Calls and conversations are the
 * customer's by their numbers, and calls also by the charges billed to them.
 */
export interface CustomerExportContents {
  customer: { customer_id: string; name: string } & Record<string, unknown>;
  /** File name in the zip → rows (or one record). */
  files: Record<string, unknown>;
  /** Media the calls and messages name, to fetch from the relay. */
  media: { media_id: string; owner_kind: string; owner_id: string; kind: string; content_type: string | null }[];
  /** Photos attached to the customer's jobs, by hash. */
  jobPhotos: { job_id: string; sha256: string; content_type: string; file_name: string }[];
  counts: { calls: number; messages: number; media: number; transcripts: number; charges: number; invoices: number; jobs: number };
  /** What is not in the export, in plain words, for the README. */
  notIncluded: string[];
}

type Row = Record<string, unknown>;

export function customerExportContents(db: ConsoleDatabase, customerId: string): CustomerExportContents | null {
  const s = db.sqlite;
  const all = (sql: string, ...params: unknown[]): Row[] => s.prepare(sql).all(...params) as Row[];
  const customer = s.prepare('SELECT * FROM customers WHERE customer_id = ?').get(customerId) as CustomerExportContents['customer'] | undefined;
  if (!customer) return null;
  const phones = all('SELECT phone_e164 FROM customer_phones WHERE customer_id = ? ORDER BY phone_e164', customerId).map((row) => row.phone_e164 as string);
  const inList = (values: readonly unknown[]): string => (values.length === 0 ? '(NULL)' : `(${values.map(() => '?').join(', ')})`);

  const calls = all(
    `SELECT * FROM calls WHERE external_e164 IN ${inList(phones)}
     OR call_id IN (SELECT call_id FROM charges WHERE customer_id = ? OR billed_customer_id = ?) ORDER BY started_at_ms, call_id`,
    ...phones,
    customerId,
    customerId,
  );
  const callIds = calls.map((call) => call.call_id);
  const artifacts = all(`SELECT * FROM call_artifacts WHERE call_id IN ${inList(callIds)} ORDER BY call_id`, ...callIds);
  const transcriptLines = all(`SELECT * FROM transcript_lines WHERE call_id IN ${inList(callIds)} ORDER BY call_id, line_no`, ...callIds);
  const callNotes = all(`SELECT * FROM call_notes WHERE call_id IN ${inList(callIds)} ORDER BY at_ms, note_id`, ...callIds);
  const dispositions = all(`SELECT * FROM call_dispositions WHERE call_id IN ${inList(callIds)} ORDER BY call_id`, ...callIds);

  const conversations = all(
    `SELECT * FROM conversations WHERE conversation_key IN (SELECT conversation_key FROM conversation_participants WHERE phone_e164 IN ${inList(phones)}) ORDER BY last_message_at_ms, conversation_key`,
    ...phones,
  );
  const keys = conversations.map((conversation) => conversation.conversation_key);
  const messages = all(`SELECT * FROM messages WHERE conversation_key IN ${inList(keys)} ORDER BY sent_at_ms, message_id`, ...keys);
  const conversationNotes = all(`SELECT * FROM conversation_notes WHERE conversation_key IN ${inList(keys)} ORDER BY at_ms, note_id`, ...keys);
  const messageIds = messages.map((message) => message.message_id);

  const owners = [...callIds, ...messageIds];
  const media = all(
    `SELECT media_id, owner_kind, owner_id, kind, content_type FROM media_items WHERE owner_id IN ${inList(owners)} ORDER BY owner_kind, owner_id, position`,
    ...owners,
  ) as CustomerExportContents['media'];

  const charges = all('SELECT * FROM charges WHERE customer_id = ? OR billed_customer_id = ? ORDER BY seq', customerId, customerId);
  const invoices = all('SELECT * FROM invoices WHERE customer_id = ? ORDER BY issue_date, invoice_key', customerId);
  const jobs = jobRows(db, customerId);

  const files: Record<string, unknown> = {
    'customer.json': {
      ...customer,
      phones,
      details: s.prepare('SELECT * FROM customer_details WHERE customer_id = ?').get(customerId) ?? null,
    },
    'calls.json': calls.map((call) => ({
      ...call,
      artifacts: artifacts.find((a) => a.call_id === call.call_id) ?? null,
      notes: callNotes.filter((n) => n.call_id === call.call_id),
      disposition: dispositions.find((d) => d.call_id === call.call_id) ?? null,
    })),
    'transcripts.json': transcriptLines,
    'conversations.json': conversations.map((conversation) => ({
      ...conversation,
      participants: all('SELECT phone_e164 FROM conversation_participants WHERE conversation_key = ? ORDER BY phone_e164', conversation.conversation_key).map((row) => row.phone_e164),
      notes: conversationNotes.filter((n) => n.conversation_key === conversation.conversation_key),
    })),
    'messages.json': messages,
    'media.json': media,
    'billing/subscriptions.json': all('SELECT * FROM subscriptions WHERE customer_id = ? ORDER BY started_seq', customerId),
    'billing/account.json': all('SELECT * FROM billing_accounts WHERE customer_id = ?', customerId),
    'billing/charges.json': charges,
    'billing/wallet-ledger.json': all('SELECT * FROM wallet_entries WHERE customer_id = ? ORDER BY seq, entry_id', customerId),
    'billing/invoices.json': invoices.map((invoice) => ({ ...invoice, lines: all('SELECT * FROM invoice_lines WHERE invoice_key = ? ORDER BY line_no', invoice.invoice_key) })),
    'billing/payments.json': all('SELECT * FROM payments WHERE customer_id = ? ORDER BY seq', customerId),
    'billing/failed-payments.json': all('SELECT * FROM failed_payments WHERE customer_id = ? ORDER BY seq', customerId),
    'billing/payment-links.json': all('SELECT * FROM payment_links WHERE customer_id = ? ORDER BY created_at_ms', customerId),
  };
  const notIncluded: string[] = [];
  if (jobs) files['jobs.json'] = jobs.files;
  else notIncluded.push('Jobs: this version of Ringside keeps no jobs on this computer.');
  const transcriptCalls = new Set(transcriptLines.map((line) => line.call_id));
  for (const artifact of artifacts) if (artifact.voicemail_transcript) transcriptCalls.add(artifact.call_id);
  return {
    customer,
    files,
    media,
    jobPhotos: ((jobs?.files.job_photos ?? []) as CustomerExportContents['jobPhotos']).map(({ job_id, sha256, content_type, file_name }) => ({ job_id, sha256, content_type, file_name })),
    counts: { calls: calls.length, messages: messages.length, media: media.length, transcripts: transcriptCalls.size, charges: charges.length, invoices: invoices.length, jobs: jobs?.count ?? 0 },
    notIncluded,
  };
}

/**
 * The customer's jobs from whatever job tables this database has (issue 15 §3 adds them):
 * every table named job… with a customer_id, and every other job… table by job_id. Null
 * when there are none.
 */
function jobRows(db: ConsoleDatabase, customerId: string): { files: Record<string, Row[]>; count: number } | null {
  const s = db.sqlite;
  const tables = (s.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'job%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
  if (tables.length === 0) return null;
  const columns = (table: string): string[] => (s.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name);
  const files: Record<string, Row[]> = {};
  const jobIds = new Set<unknown>();
  let count = 0;
  for (const table of tables) {
    if (!columns(table).includes('customer_id')) continue;
    const rows = s.prepare(`SELECT * FROM "${table}" WHERE customer_id = ?`).all(customerId) as Row[];
    files[table] = rows;
    for (const row of rows) if (row.job_id !== undefined) jobIds.add(row.job_id);
    if (table === 'jobs') count = rows.length;
  }
  const ids = [...jobIds];
  for (const table of tables) {
    if (files[table] || !columns(table).includes('job_id')) continue;
    files[table] = ids.length === 0 ? [] : (s.prepare(`SELECT * FROM "${table}" WHERE job_id IN (${ids.map(() => '?').join(', ')})`).all(...ids) as Row[]);
  }
  return { files, count };
}
