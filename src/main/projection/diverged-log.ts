import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConsoleDatabase } from '../db/open-console-database';
import { localLogStatements } from './local-log';
import { keepTheCopyThrough } from './reproject';

export interface SetAside {
  /** The file the events past `validThrough` were written to; null when there were none. */
  file: string | null;
  events: number;
  /** True when the copy up to `validThrough` was kept, to rebuild the projection from; false when the log is downloaded again whole. */
  keptCopy: boolean;
}

/**
 * The relay's log no longer agrees with this console's copy past `validThrough` (the relay
 * was restored from an older backup): the events the console holds past it, which the relay
 * no longer has, are written to `diverged-log-<instant>.jsonl` in `dir` (one `{"seq", "event"}`
 * per line, for whoever runs the relay to look through). The copy up to `validThrough` is kept
 * and the projection rebuilt from it, so only what follows is downloaded (reproject.ts
 * keepTheCopyThrough). Nothing this console showed is lost without a trace.
 */
export function setAsideDivergedLog(db: ConsoleDatabase, validThrough: number, dir: string, nowMs: number): SetAside {
  const tail = localLogStatements(db).readTail.all(validThrough);
  let file: string | null = null;
  if (tail.length > 0) {
    mkdirSync(dir, { recursive: true });
    file = join(dir, `diverged-log-${new Date(nowMs).toISOString().replace(/[-:.]/g, '')}.jsonl`);
    writeFileSync(file, tail.map((row) => `{"seq":${row.seq},"event":${row.json}}\n`).join(''), { mode: 0o600 });
  }
  const keptCopy = keepTheCopyThrough(db, validThrough);
  return { file, events: tail.length, keptCopy };
}
