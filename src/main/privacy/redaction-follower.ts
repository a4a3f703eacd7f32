import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from '../../shared/backoff/backoff';
import type { Clock } from '../../shared/clock';
import { EVENTS_READ_PATH, eventsReadAnswerSchema, MAX_SEQS_PER_READ } from '../../shared/relay-rest/privacy';
import type { Logger } from '../core/logger';
import type { ConsoleDatabase } from '../db/open-console-database';
import { relayJson, type RelayAccess } from '../http/relay-rest-client';
import type { MediaCache } from '../media/media-cache';
import { replaceLocalCopies, type RereadEvent } from './replace-local-copies';
import { scrubConsoleDatabase } from './scrub-console-database';

/**
 * Follows the relay's redactions outside the apply transaction (the projection only records
 * them as pending, privacy-projection.ts): for each part, fetch the rewritten events again
 * (POST /v1/events/read), delete the media named from the cache, replace the local copies
 * (pending → replaced); then rebuild the projection from the copy once for all parts
 * replaced, scrub the file, and mark them done. Every step is idempotent and its state is
 * kept in privacy_redactions, so a restart between steps resumes where it stopped.
 */
export interface RedactionFollowerDeps {
  database: () => ConsoleDatabase;
  /** Null while this console has no device token: the follower waits for one. */
  relay: () => RelayAccess | null;
  mediaCache: MediaCache;
  logger: Logger;
  clock: Clock;
  random?: () => number;
  backoff?: BackoffPolicy;
  /** Settles when no re-projection is running (the follower never rewrites the copy under one). */
  settled: () => Promise<void>;
  /** Re-projects from the local copy now; settles when the history is rebuilt. */
  rebuild: () => Promise<void>;
  /** A redaction was followed to the end: pages re-read what they show. */
  finished?: () => void;
}

export interface RedactionFollower {
  /** Follows what is left from before (a restart between steps), and from now on what is nudged. */
  start(): void;
  /** There may be redactions to follow (at start, after a log.redacted was applied). */
  nudge(): void;
  /** Settles when the follower has nothing left to do (tests wait on it, with the state in the database). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

interface PartRow {
  redaction_id: string;
  part: number;
  state: 'pending' | 'replaced';
  seqs_json: string;
  media_json: string;
}

export function createRedactionFollower(deps: RedactionFollowerDeps): RedactionFollower {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let failures = 0;
  let retry: ReturnType<typeof setTimeout> | null = null;

  const open = (): PartRow[] =>
    deps.database().sqlite.prepare<[], PartRow>("SELECT redaction_id, part, state, seqs_json, media_json FROM privacy_redactions WHERE state <> 'done' ORDER BY event_seq").all();

  const reread = async (relay: RelayAccess, seqs: number[]): Promise<RereadEvent[]> => {
    const events: RereadEvent[] = [];
    for (let i = 0; i < seqs.length; i += MAX_SEQS_PER_READ) {
      const answer = await relayJson(relay, 'POST', EVENTS_READ_PATH, eventsReadAnswerSchema, { seqs: seqs.slice(i, i + MAX_SEQS_PER_READ) });
      events.push(...answer.events.map((e) => ({ seq: e.seq, event: e.event ?? null })));
    }
    return events;
  };

  const followOnce = async (): Promise<void> => {
    const parts = open();
    if (parts.length === 0) return;
    const relay = deps.relay();
    if (!relay) return;
    await deps.settled();
    const db = deps.database();
    const mark = db.sqlite.prepare("UPDATE privacy_redactions SET state = ?, error = NULL, finished_at_ms = ? WHERE redaction_id = ? AND part = ? AND state <> 'done'");
    let rebuildNeeded = false;
    for (const part of parts) {
      if (stopped) return;
      if (part.state === 'replaced') {
        rebuildNeeded = true;
        continue;
      }
      const seqs = JSON.parse(part.seqs_json) as number[];
      const media = JSON.parse(part.media_json) as string[];
      const events = seqs.length > 0 ? await reread(relay, seqs) : [];
      let removed = 0;
      for (const sha256 of media) if (deps.mediaCache.remove(sha256)) removed += 1;
      const changed = replaceLocalCopies(deps.database(), events);
      // Nothing of it was here (a console that downloaded the log after the redaction): nothing to rebuild.
      const next = changed > 0 || removed > 0 ? 'replaced' : 'done';
      mark.run(next, next === 'done' ? deps.clock() : null, part.redaction_id, part.part);
      if (next === 'replaced') rebuildNeeded = true;
      deps.logger.info(`privacy: redaction ${part.redaction_id} part ${part.part}: ${changed} local events replaced, ${removed} cached files deleted`);
    }
    if (!rebuildNeeded || stopped) return;
    await deps.rebuild();
    if (stopped) return;
    scrubConsoleDatabase(deps.database());
    const done = deps.database().sqlite.prepare("UPDATE privacy_redactions SET state = 'done', error = NULL, finished_at_ms = ? WHERE state = 'replaced'").run(deps.clock());
    deps.logger.info(`privacy: history rebuilt and the database scrubbed after ${done.changes} redaction parts`);
    deps.finished?.();
  };

  const run = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await followOnce();
          failures = 0;
        } catch (error) {
          const words = error instanceof Error ? error.message : String(error);
          deps.logger.warn(`privacy: following a redaction stopped: ${words}; trying again`);
          try {
            deps.database().sqlite.prepare("UPDATE privacy_redactions SET error = ? WHERE state <> 'done'").run(words.slice(0, 500));
          } catch {
            // The database is closing: the next start resumes.
          }
          if (!stopped) {
            const delay = backoffDelay(failures, deps.random ?? Math.random, deps.backoff ?? DEFAULT_BACKOFF);
            failures += 1;
            retry = setTimeout(() => {
              retry = null;
              run();
            }, delay);
          }
        }
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
  };

  return {
    start() {
      stopped = false;
      run();
    },
    nudge: run,
    async idle() {
      while (running) await running;
    },
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      await running;
    },
  };
}
