import type { Statement } from 'better-sqlite3';
import type { RelayDatabase } from '../../../database';

/**
 * The history import's durable state (migration 0012): the import's row and its work
 * list. A task is one resource to read; `page_token` is where its listing continues.
 * `completePage` moves a task on, adds the tasks the page revealed and the counts it
 * produced in one transaction, called only once the page's events are stored.
 */

export type ImportState = 'running' | 'paused' | 'finished' | 'failed';

export type TaskKind = 'lines' | 'conversations' | 'calls' | 'messages' | 'call-artifacts' | 'contacts';

export interface ImportTask {
  key: string;
  kind: TaskKind;
  params: Record<string, unknown>;
  pageToken: string | null;
}

export interface ImportRow {
  id: number;
  state: ImportState;
  fromAt: string | null;
  toAt: string | null;
  recordOnly: boolean;
  startedBy: string;
  startedAt: string;
  finishedAt: string | null;
  lines: Record<string, string>;
  counts: Record<string, number>;
  problems: Record<string, number>;
  requests: number;
  failure: string | null;
}

export interface PageOutcome {
  /** Where the task continues; null: the task is done. */
  nextPageToken: string | null;
  children: readonly Omit<ImportTask, 'pageToken'>[];
  counts: Readonly<Record<string, number>>;
  problems: Readonly<Record<string, number>>;
  requests: number;
}

interface RawRow {
  id: number;
  state: ImportState;
  from_at: string | null;
  to_at: string | null;
  record_only: number;
  started_by: string;
  started_at: string;
  finished_at: string | null;
  lines_json: string;
  counts_json: string;
  problems_json: string;
  requests: number;
  failure: string | null;
}

export class ImportStore {
  private readonly insertImport: Statement;
  private readonly insertTask: Statement;
  private readonly selectLatest: Statement;
  private readonly selectById: Statement;
  private readonly selectPending: Statement;
  private readonly selectTask: Statement;
  private readonly updateTask: Statement;
  private readonly updateTotals: Statement;
  private readonly updateState: Statement;
  private readonly updateLines: Statement;
  private readonly countTasks: Statement;

  constructor(private readonly db: RelayDatabase) {
    this.insertImport = db.prepare("INSERT INTO openphone_imports (state, from_at, to_at, record_only, started_by, started_at) VALUES ('running', ?, ?, ?, ?, ?)");
    this.insertTask = db.prepare('INSERT OR IGNORE INTO openphone_import_tasks (import_id, key, kind, params) VALUES (?, ?, ?, ?)');
    this.selectLatest = db.prepare('SELECT * FROM openphone_imports ORDER BY id DESC LIMIT 1');
    this.selectById = db.prepare('SELECT * FROM openphone_imports WHERE id = ?');
    this.selectPending = db.prepare('SELECT key FROM openphone_import_tasks WHERE import_id = ? AND done = 0 ORDER BY rowid LIMIT ?').pluck();
    this.selectTask = db.prepare('SELECT key, kind, params, page_token FROM openphone_import_tasks WHERE import_id = ? AND key = ?');
    this.updateTask = db.prepare('UPDATE openphone_import_tasks SET page_token = ?, done = ?, requests = requests + ? WHERE import_id = ? AND key = ?');
    this.updateTotals = db.prepare('UPDATE openphone_imports SET counts_json = ?, problems_json = ?, requests = requests + ? WHERE id = ?');
    this.updateState = db.prepare('UPDATE openphone_imports SET state = ?, failure = ?, finished_at = ? WHERE id = ?');
    this.updateLines = db.prepare('UPDATE openphone_imports SET lines_json = ? WHERE id = ?');
    this.countTasks = db.prepare('SELECT kind, done, count(*) AS tasks, sum(requests) AS requests, sum(CASE WHEN done = 0 AND page_token IS NOT NULL THEN 1 ELSE 0 END) AS started FROM openphone_import_tasks WHERE import_id = ? GROUP BY kind, done');
  }

  /** A new running import with its first task: the workspace's lines. */
  create(input: { fromAt: string | null; toAt: string | null; recordOnly: boolean; startedBy: string; startedAt: string }): ImportRow {
    const id = this.db.transaction(() => {
      const inserted = this.insertImport.run(input.fromAt, input.toAt, input.recordOnly ? 1 : 0, input.startedBy, input.startedAt);
      const importId = Number(inserted.lastInsertRowid);
      this.insertTask.run(importId, 'lines', 'lines', '{}');
      return importId;
    })();
    return this.byId(id)!;
  }

  latest(): ImportRow | null {
    const row = this.selectLatest.get() as RawRow | undefined;
    return row === undefined ? null : readRow(row);
  }

  byId(id: number): ImportRow | null {
    const row = this.selectById.get(id) as RawRow | undefined;
    return row === undefined ? null : readRow(row);
  }

  /** The first pending tasks in the order they were found. */
  pending(importId: number, limit: number): ImportTask[] {
    return this.pendingKeys(importId, limit).map((key) => this.task(importId, key)!);
  }

  /** Only the keys: the import picks one and reads just that task. */
  pendingKeys(importId: number, limit: number): string[] {
    return this.selectPending.all(importId, limit) as string[];
  }

  task(importId: number, key: string): ImportTask | null {
    const row = this.selectTask.get(importId, key) as { key: string; kind: TaskKind; params: string; page_token: string | null } | undefined;
    return row === undefined ? null : { key: row.key, kind: row.kind, params: JSON.parse(row.params) as Record<string, unknown>, pageToken: row.page_token };
  }

  completePage(importId: number, taskKey: string, outcome: PageOutcome): void {
    this.completePages(importId, [{ taskKey, outcome }]);
  }

  /** Several pages at once, in one transaction (the import's workers finish pages together). */
  completePages(importId: number, pages: readonly { taskKey: string; outcome: PageOutcome }[]): void {
    this.db.transaction(() => {
      const current = this.byId(importId)!;
      let counts = current.counts;
      let problems = current.problems;
      let requests = 0;
      for (const { taskKey, outcome } of pages) {
        for (const child of outcome.children) this.insertTask.run(importId, child.key, child.kind, JSON.stringify(child.params));
        this.updateTask.run(outcome.nextPageToken, outcome.nextPageToken === null ? 1 : 0, outcome.requests, importId, taskKey);
        counts = add(counts, outcome.counts);
        problems = add(problems, outcome.problems);
        requests += outcome.requests;
      }
      this.updateTotals.run(JSON.stringify(counts), JSON.stringify(problems), requests, importId);
    })();
  }

  setLines(importId: number, lines: Record<string, string>): void {
    this.updateLines.run(JSON.stringify(lines), importId);
  }

  setState(importId: number, state: ImportState, failure: string | null, finishedAt: string | null): void {
    this.updateState.run(state, failure, finishedAt, importId);
  }

  /** Tasks per kind, done and pending, with the requests the done ones took. */
  taskTotals(importId: number): Map<TaskKind, { done: number; pending: number; doneRequests: number }> {
    const totals = new Map<TaskKind, { done: number; pending: number; doneRequests: number }>();
    for (const row of this.countTasks.all(importId) as { kind: TaskKind; done: number; tasks: number; requests: number | null }[]) {
      const entry = totals.get(row.kind) ?? { done: 0, pending: 0, doneRequests: 0 };
      if (row.done === 1) {
        entry.done += row.tasks;
        entry.doneRequests += row.requests ?? 0;
      } else entry.pending += row.tasks;
      totals.set(row.kind, entry);
    }
    return totals;
  }
}

function add(into: Readonly<Record<string, number>>, more: Readonly<Record<string, number>>): Record<string, number> {
  const sum: Record<string, number> = { ...into };
  for (const [key, value] of Object.entries(more)) if (value !== 0) sum[key] = (sum[key] ?? 0) + value;
  return sum;
}

function readRow(row: RawRow): ImportRow {
  return {
    id: row.id,
    state: row.state,
    fromAt: row.from_at,
    toAt: row.to_at,
    recordOnly: row.record_only === 1,
    startedBy: row.started_by,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    lines: JSON.parse(row.lines_json) as Record<string, string>,
    counts: JSON.parse(row.counts_json) as Record<string, number>,
    problems: JSON.parse(row.problems_json) as Record<string, number>,
    requests: row.requests,
    failure: row.failure,
  };
}
