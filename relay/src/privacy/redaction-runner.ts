import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Clock } from '../../../src/shared/clock';
import { ringsideEventSchema, retentionPolicyDefinedData, type RetentionKind, type RingsideEvent } from '../../../src/shared/events/model';
import type { RelayAccounts } from '../accounts/relay-accounts';
import type { RelayDatabase } from '../database';
import type { EventLog } from '../log/event-log';
import type { Logger } from '../logger';
import type { MediaStore } from '../media/media-store';
import type { MaintenanceTurns } from '../db/maintenance-turns';
import { scrubDatabaseFiles, secureDelete } from './database-scrub';
import { eraseEvent, textScrubbers } from './erase-event';
import { findErasureSubject, type StoredEvent } from './erasure-subject';
import { removeMediaFiles } from './media-removal';
import { ExtractionWords } from './extraction-retention';
import { redactionEvents } from './redaction-events';
import { RedactionStore, type Redaction, type RedactionKind } from './redaction-store';
import { eraseFromRelayTables, forgetJobPhotos } from './relay-tables-erasure';
import { redactForRetention, retentionCutoffs, type RetentionCutoffs } from './retention-redaction';

export interface RedactionRunnerDeps {
  db: RelayDatabase;
  log: EventLog;
  accounts: RelayAccounts;
  media: MediaStore;
  logger: Logger;
  clock: Clock;
  /** Every line the team works, so every device hears of a redaction. */
  everyLine: () => readonly string[];
  /** A redaction that removed something has finished: backups made before it still hold it. */
  onRemoved?: () => void;
  /** The scrub waits for a backup's copy to finish, and a copy for the scrub (db/maintenance-turns.ts). */
  turns: MaintenanceTurns;
}

/** The appearance of a redaction the REST names for the retention runs' `by`. */
export const RETENTION_BY = 'Retention policy';

const STEP_WORDS: Record<string, string> = {
  rewrite: 'rewriting the stored history',
  remove_media: 'deleting recordings and pictures',
  announce: 'telling the consoles',
  scrub: 'clearing the database files',
};

/** Events decoded per turn of the event loop while a redaction reads the log. */
const SCAN_CHUNK = 2000;

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

/**
 * Runs the log's redactions (erasures of one customer, retention runs), one at a time, each step
 * by step from its row in privacy_redactions, so a relay stopped part-way picks it up where it
 * was at its next start: rewrite (one transaction: the events, the relay's copies, and what was
 * touched), remove_media (the accounts rebuilt from the rewritten log, the files deleted), announce
 * (log.redacted), scrub (VACUUM, WAL truncated), done.
 */
export class RedactionRunner {
  readonly store: RedactionStore;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly deps: RedactionRunnerDeps) {
    this.store = new RedactionStore(deps.db);
  }

  /** Takes an erasure (the same requestId answers the same one) and runs it after what is queued. */
  requestErasure(request: { requestId: string; customerId: string; by: string }): { redaction: Redaction; created: boolean } {
    const existing = this.store.byRequest(request.requestId);
    if (existing !== null) return { redaction: existing, created: false };
    const redaction = this.store.add({ redactionId: `erasure-${randomUUID()}`, reason: 'erasure', requestId: request.requestId, customerId: request.customerId, requestedAt: this.nowIso(), requestedBy: request.by, kinds: ['customer'] });
    this.enqueue(redaction.redactionId);
    return { redaction, created: true };
  }

  /** Applies the latest retention policy now (after what is queued); resolves when done, with the redaction when anything went. */
  async runRetention(): Promise<Redaction | null> {
    let id: string | null = null;
    await this.serially(async () => {
      // No policy, or one that keeps everything: nothing to record either.
      if (this.currentCutoffs() === null) return;
      const redaction = this.store.add({ redactionId: `retention-${randomUUID()}`, reason: 'retention', requestId: null, customerId: null, requestedAt: this.nowIso(), requestedBy: RETENTION_BY, kinds: [] });
      id = redaction.redactionId;
      await this.run(redaction.redactionId);
    });
    return id === null ? null : this.store.byId(id);
  }

  /** The latest retention policy's limits as of now; null when it keeps everything (or none was set). */
  private currentCutoffs(): RetentionCutoffs | null {
    const policyRow = this.deps.db.prepare("SELECT event FROM events WHERE type = 'retention_policy.defined' ORDER BY seq DESC LIMIT 1").pluck().get() as string | undefined;
    const parsedPolicy = policyRow === undefined ? null : retentionPolicyDefinedData.safeParse((JSON.parse(policyRow) as { data: unknown }).data);
    const cutoffs = retentionCutoffs(parsedPolicy?.success ? parsedPolicy.data : null, this.deps.clock());
    return Object.values(cutoffs).every((cutoff) => cutoff === null) ? null : cutoffs;
  }

  /** Picks up every redaction a stopped relay left part-way. */
  resume(): void {
    for (const redaction of this.store.unfinished()) this.enqueue(redaction.redactionId);
  }

  /** Resolves once what is queued now has run. */
  idle(): Promise<void> {
    return this.chain;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.chain;
  }

  private enqueue(redactionId: string): void {
    void this.serially(() => this.run(redactionId));
  }

  private serially(work: () => Promise<void>): Promise<void> {
    const next = this.chain.then(work).catch((error: unknown) => this.deps.logger.error('privacy redaction failed', { error: error instanceof Error ? error.message : String(error) }));
    this.chain = next;
    return next;
  }

  /** Tells `onRemoved` once a redaction that removed something has finished. */
  private announceRemoval(redactionId: string): void {
    const redaction = this.store.byId(redactionId);
    if (redaction?.finishedAt == null || (redaction.seqs.length === 0 && redaction.mediaDeleted.length === 0)) return;
    this.deps.onRemoved?.();
  }

  private nowIso(): string {
    return new Date(this.deps.clock()).toISOString();
  }

  private async run(redactionId: string): Promise<void> {
    for (;;) {
      if (this.closed) return;
      const redaction = this.store.byId(redactionId);
      if (redaction === null || redaction.step === 'done' || redaction.step === 'failed') return;
      try {
        await this.advance(redaction);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.deps.logger.error('privacy redaction failed', { redactionId, step: redaction.step, error: message });
        this.store.finish(redactionId, this.nowIso(), `The ${redaction.reason === 'erasure' ? 'erasure' : 'clean-up of old recordings and texts'} could not finish while ${STEP_WORDS[redaction.step]}: ${message}. Ask for it again; what was already removed stays removed.`);
        this.announceRemoval(redactionId);
        return;
      }
      this.announceRemoval(redactionId);
    }
  }

  private async advance(redaction: Redaction): Promise<void> {
    const { db, log, accounts, media } = this.deps;
    switch (redaction.step) {
      case 'rewrite': {
        secureDelete(db, true);
        const rewritten = redaction.reason === 'erasure' ? await this.rewriteForErasure(redaction) : await this.rewriteForRetention(redaction);
        if (rewritten === 'nothing') {
          this.store.finish(redaction.redactionId, this.nowIso(), null);
          secureDelete(db, false);
        }
        return;
      }
      case 'remove_media':
        // The accounts hold the customer's name and numbers: folded again from the rewritten log.
        if (redaction.reason === 'erasure') accounts.rebuild();
        await removeMediaFiles(db, media, redaction.mediaDeleted);
        this.store.step(redaction.redactionId, 'announce');
        return;
      case 'announce': {
        // Before the scrub: the relay's own followers of the log (the jobs projection) fold again from the
        // rewritten events when they see log.redacted, and what they drop is then scrubbed with the rest.
        const lines = db.prepare('SELECT DISTINCT line.value FROM events, json_each(events.lines) AS line WHERE events.seq IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(redaction.seqs)) as string[];
        for (const event of redactionEvents(redaction, [...lines, ...this.deps.everyLine()], this.deps.clock())) await log.append(event);
        this.store.step(redaction.redactionId, 'scrub');
        return;
      }
      case 'scrub':
        await this.deps.turns.run(async () => {
          secureDelete(db, true);
          await scrubDatabaseFiles(db, wait);
          secureDelete(db, false);
        });
        this.store.finish(redaction.redactionId, this.nowIso(), null);
        this.deps.logger.info('privacy redaction done', { redactionId: redaction.redactionId, reason: redaction.reason, events: redaction.seqs.length, media: redaction.mediaDeleted.length });
        return;
      default:
        return;
    }
  }

  /** Every stored event up to `head`, decoded, from the start each time it is iterated, a chunk at a time with a turn of the event loop between chunks. */
  private storedEvents(head: number): () => AsyncIterable<StoredEvent & { json: string }> {
    const chunk = this.deps.db.prepare('SELECT seq, event FROM events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?');
    return async function* () {
      let after = 0;
      for (;;) {
        const rows = chunk.all(after, head, SCAN_CHUNK) as { seq: number; event: string }[];
        for (const row of rows) yield { seq: row.seq, json: row.event, event: JSON.parse(row.event) as RingsideEvent };
        if (rows.length < SCAN_CHUNK) return;
        after = rows.at(-1)!.seq;
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
  }

  /**
   * Reads the log a chunk at a time (the relay keeps answering meanwhile), then writes in one
   * transaction the events that changed and, read inside it, any appended since the reading began.
   */
  private async rewriteForErasure(redaction: Redaction): Promise<'rewritten'> {
    const { db, log, accounts } = this.deps;
    const head = this.storedHead();
    const events = this.storedEvents(head);
    const subject = await findErasureSubject(accounts.survivorOf(redaction.customerId!) ?? redaction.customerId!, events);
    const scrubbers = textScrubbers(subject);
    const rewrite = (seq: number, stored: string): { seq: number; json: string } | null => {
      const erased = eraseEvent(JSON.parse(stored) as RingsideEvent, subject, scrubbers);
      const json = JSON.stringify(erased);
      if (json === stored) return null;
      checkValid(seq, erased);
      return { seq, json };
    };
    const rewrites: { seq: number; json: string }[] = [];
    for await (const { seq, json } of events()) {
      const changed = rewrite(seq, json);
      if (changed !== null) rewrites.push(changed);
    }
    const update = db.prepare('UPDATE events SET event = ? WHERE seq = ?');
    const since = db.prepare('SELECT seq, event FROM events WHERE seq > ? ORDER BY seq');
    db.transaction(() => {
      for (const row of since.all(head) as { seq: number; event: string }[]) {
        const changed = rewrite(row.seq, row.event);
        if (changed !== null) rewrites.push(changed);
      }
      for (const change of rewrites) update.run(change.json, change.seq);
      const mediaSha256 = eraseFromRelayTables(db, subject, scrubbers, this.nowIso());
      this.store.rewritten(redaction.redactionId, ['customer'], rewrites.map((change) => change.seq), [...mediaSha256].sort());
    }).immediate();
    log.rewritten(rewrites);
    return 'rewritten';
  }

  private storedHead(): number {
    return (this.deps.db.prepare('SELECT coalesce(max(seq), 0) FROM events').pluck().get() as number) ?? 0;
  }

  private async rewriteForRetention(redaction: Redaction): Promise<'rewritten' | 'nothing'> {
    const { db, log } = this.deps;
    const cutoffs = this.currentCutoffs();
    if (cutoffs === null) return 'nothing';
    const kinds = new Set<RetentionKind>();
    const rewrites: { seq: number; json: string }[] = [];
    const droppedMediaIds = new Set<string>();
    const oldPhotos = new Set<string>();
    const shaOfMedia = new Map<string, string>();
    // Whatever is appended while the log is read is younger than any limit (a day at least): only what was there is read.
    const events = this.storedEvents(this.storedHead());
    // A first reading for the extractions: when their words were said and what people accepted (both come in other events, the reviews after).
    const words = new ExtractionWords(cutoffs);
    for await (const row of events()) words.note(row.event);
    for await (const row of events()) {
      const event = row.event;
      if (event.type === 'media.captured') shaOfMedia.set(event.data.mediaId, event.data.sha256);
      if (event.type === 'job.photo_added' && cutoffs.media !== null && Date.parse(event.occurredAt) < cutoffs.media) oldPhotos.add(event.data.sha256);
      const outcome = redactForRetention(event, cutoffs, words);
      if (outcome === null) continue;
      checkValid(row.seq, outcome.event);
      rewrites.push({ seq: row.seq, json: JSON.stringify(outcome.event) });
      for (const kind of outcome.kinds) kinds.add(kind);
      for (const mediaId of outcome.mediaIds) droppedMediaIds.add(mediaId);
    }
    const mediaSha256 = new Set<string>();
    for (const mediaId of droppedMediaIds) if (shaOfMedia.has(mediaId)) mediaSha256.add(shaOfMedia.get(mediaId)!);
    // Files kept past the policy whatever their events say (captured before a link was dropped, photos).
    const expiredRows = mediaRowsPast(db, cutoffs);
    for (const row of expiredRows) {
      if (row.sha256 !== null) mediaSha256.add(row.sha256);
      kinds.add(row.kind === 'attachment' ? 'media' : 'recordings');
    }
    for (const sha256 of oldPhotos) {
      if (!existsSync(this.deps.media.pathOf(sha256))) continue;
      mediaSha256.add(sha256);
      kinds.add('media');
    }
    const outbound = outboundPast(db, cutoffs);
    if (rewrites.length === 0 && mediaSha256.size === 0 && outbound.length === 0) return 'nothing';
    const update = db.prepare('UPDATE events SET event = ? WHERE seq = ?');
    const updateOutbound = db.prepare('UPDATE outbound_messages SET event = ? WHERE request_id = ?');
    db.transaction(() => {
      for (const rewrite of rewrites) update.run(rewrite.json, rewrite.seq);
      for (const row of outbound) updateOutbound.run(row.json, row.requestId);
      db.prepare('DELETE FROM media WHERE sha256 IN (SELECT value FROM json_each(?)) OR media_id IN (SELECT value FROM json_each(?))').run(JSON.stringify([...mediaSha256]), JSON.stringify(expiredRows.map((row) => row.mediaId)));
      forgetJobPhotos(db, new Set([...oldPhotos].filter((sha256) => mediaSha256.has(sha256))));
      this.store.rewritten(redaction.redactionId, [...kinds].sort() as RedactionKind[], rewrites.map((rewrite) => rewrite.seq), [...mediaSha256].sort());
    }).immediate();
    log.rewritten(rewrites);
    return 'rewritten';
  }
}

function checkValid(seq: number, event: RingsideEvent): void {
  const parsed = ringsideEventSchema.safeParse(event);
  if (!parsed.success) throw new Error(`the rewritten event at seq ${seq} would not be valid (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''})`);
}

function mediaRowsPast(db: RelayDatabase, cutoffs: RetentionCutoffs): { mediaId: string; sha256: string | null; kind: string }[] {
  const rows = db.prepare("SELECT media_id AS mediaId, sha256, kind, coalesce(captured_at, queued_at) AS at FROM media").all() as { mediaId: string; sha256: string | null; kind: string; at: string }[];
  return rows.filter((row) => {
    const cutoff = row.kind === 'attachment' ? cutoffs.media : cutoffs.recordings;
    return cutoff !== null && Date.parse(row.at) < cutoff;
  });
}

/** The copies of sent texts kept with their requests (outbound_messages), past the message-body policy. */
function outboundPast(db: RelayDatabase, cutoffs: RetentionCutoffs): { requestId: string; json: string }[] {
  if (cutoffs.message_bodies === null && cutoffs.media === null) return [];
  const rows = db.prepare('SELECT request_id AS requestId, event FROM outbound_messages WHERE event IS NOT NULL').all() as { requestId: string; event: string }[];
  const out: { requestId: string; json: string }[] = [];
  for (const row of rows) {
    try {
      const outcome = redactForRetention(JSON.parse(row.event) as RingsideEvent, cutoffs);
      if (outcome !== null) out.push({ requestId: row.requestId, json: JSON.stringify(outcome.event) });
    } catch {
      // Not an event: nothing of the policy's in it.
    }
  }
  return out;
}
