import { backoffDelay, type BackoffPolicy } from '../../../../../src/shared/backoff/backoff';
import type { Clock } from '../../../../../src/shared/clock';
import { factKey } from '../../../../../src/shared/events/fact-key';
import type { RingsideEvent } from '../../../../../src/shared/events/model';
import { toE164 } from '../../../../../src/shared/phone';
import type { ImportedKind, OpenPhoneImportProgress } from '../../../../../src/shared/relay-rest/openphone-import';
import type { RelayDatabase } from '../../../database';
import type { CheckHealth } from '../../../health/check-health';
import type { EventLog } from '../../../log/event-log';
import type { Logger } from '../../../logger';
import { HealthCheckStore } from '../health-check/health-check-store';
import { addDays, dayRange, localParts } from '../reconciliation/business-time';
import { openPhoneWords } from '../rest/openphone-error';
import type { OpenPhoneRestClient, RestFailure, RestResult } from '../rest/openphone-rest-client';
import { callCompletedFromRest, contactFromRest, messageFromRest, recordingFromRest, summaryFromRest, transcriptFromRest, voicemailFromRest, type FetchContext } from './fetched-facts';
import { importReport, type ImportProblem } from './import-report';
import { ImportStore, type ImportRow, type ImportTask, type PageOutcome } from './import-store';

/**
 * The OpenPhone history import (issue 12 §1): the workspace's lines, then each line's
 * conversations, then per thread its calls and messages, per call its recordings,
 * voicemail, transcript and summary, and the contacts the API can reach. Every fact
 * enters the log as the event its webhook would have produced (fetched-facts.ts) marked
 * `origin: {by: 'import', recordOnly}`; a fact the log already holds (facts table) is
 * skipped. The work list and each listing's page token live in the relay database
 * (import-store.ts): a page's events are stored, then its task moves on, so a relay
 * restarted or killed mid-import continues where it stopped and nothing is stored twice.
 * A few workers share the relay's one OpenPhone pacer with sending and reconciliation.
 */

export interface HistoryImportDeps {
  db: RelayDatabase;
  log: EventLog;
  client: OpenPhoneRestClient;
  clock: Clock;
  logger: Logger;
  /** RELAY_BUSINESS_TIME_ZONE: an import's from and to dates are days there, as the reconciliation's are. */
  timeZone: string;
  /** The events stored, for media capture (as webhooks' are). Must not throw. */
  onStored: (events: readonly RingsideEvent[]) => void;
  /** Where an import's end is kept for /healthz and /metrics (check history_import): finished, or stopped by a failure. */
  checks?: Pick<CheckHealth, 'recordSuccess' | 'recordFailure'>;
  /** Tasks read at once (each waits for the pacer); default one per request a second of the limit, at least 8, at most 64. */
  workers?: number;
  /** Between tries of a task OpenPhone did not answer; default 1 s doubling to 60 s. */
  backoff?: BackoffPolicy;
  /** A task failing this many times in a row stops the import (it can be resumed); default 8. */
  maxTaskFailures?: number;
  random?: () => number;
}

export interface StartImport {
  fromDate: string | null;
  toDate: string | null;
  recordOnly: boolean;
  startedBy: string;
}

export type ImportCommand = { ok: true; progress: OpenPhoneImportProgress } | { ok: false; status: number; error: string };

type Json = Record<string, unknown>;
type Tally = { counts: Record<string, number>; problems: Record<string, number>; requests: number };

/** Requests a task kind is expected to take when its own count is not known yet. */
const EXPECTED_REQUESTS: Readonly<Record<string, number>> = { lines: 1, conversations: 2, calls: 1, messages: 1, 'call-artifacts': 2.5, contacts: 2 };

export class OpenPhoneHistoryImport {
  private readonly store: ImportStore;
  private readonly inFlight = new Set<string>();
  private running: Promise<void> | null = null;
  private stopRequested = false;
  private readonly failures = new Map<string, number>();
  /** Tasks waiting before their next try, woken by a pause. */
  private readonly sleepers = new Set<() => void>();
  private readonly completions: { importId: number; taskKey: string; outcome: PageOutcome; resolve: () => void; reject: (error: Error) => void }[] = [];

  constructor(private readonly deps: HistoryImportDeps) {
    this.store = new ImportStore(deps.db);
  }

  /** At relay start: an import left running (a restart, a crash) continues. */
  resumeAfterRestart(): void {
    const latest = this.store.latest();
    if (latest?.state === 'running') {
      this.deps.logger.info('continuing the OpenPhone history import', { importId: latest.id });
      this.launch(latest.id);
    }
  }

  start(input: StartImport): ImportCommand {
    // A paused or stopped import may be left for a new one (another date range); a running one may not.
    if (this.running !== null || this.store.latest()?.state === 'running') return { ok: false, status: 409, error: 'An OpenPhone import is already running; pause it or wait for it to finish.' };
    const row = this.store.create({
      fromAt: input.fromDate === null ? null : new Date(dayRange(input.fromDate, this.deps.timeZone).startMs).toISOString(),
      toAt: input.toDate === null ? null : new Date(dayRange(input.toDate, this.deps.timeZone).endMs).toISOString(),
      recordOnly: input.recordOnly,
      startedBy: input.startedBy,
      startedAt: new Date(this.deps.clock()).toISOString(),
    });
    this.deps.logger.info('OpenPhone history import started', { importId: row.id, from: input.fromDate, to: input.toDate, recordOnly: input.recordOnly, by: input.startedBy });
    this.launch(row.id);
    return { ok: true, progress: this.progress()! };
  }

  async pause(): Promise<ImportCommand> {
    const latest = this.store.latest();
    if (latest === null || latest.state !== 'running') return { ok: false, status: 409, error: 'No OpenPhone import is running.' };
    this.store.setState(latest.id, 'paused', null, null);
    await this.stop();
    return { ok: true, progress: this.progress()! };
  }

  resume(): ImportCommand {
    const latest = this.store.latest();
    if (latest === null || (latest.state !== 'paused' && latest.state !== 'failed')) return { ok: false, status: 409, error: 'There is no paused or stopped OpenPhone import to resume.' };
    this.store.setState(latest.id, 'running', null, null);
    this.failures.clear();
    this.launch(latest.id);
    return { ok: true, progress: this.progress()! };
  }

  /** Stops the workers after the pages they are on (the import stays running, for the next start). */
  async close(): Promise<void> {
    await this.stop();
  }

  /** Resolves once the current run has stopped (finished, failed or paused). For tests and the bench. */
  async settled(): Promise<void> {
    await this.running;
  }

  progress(): OpenPhoneImportProgress | null {
    const row = this.store.latest();
    if (row === null) return null;
    const pacing = this.deps.client.pacing();
    const tasks = this.store.taskTotals(row.id);
    let doneRequests = 0;
    let remaining = 0;
    const perTaskOf = (kind: string): number => {
      const entry = tasks.get(kind as never);
      return entry !== undefined && entry.done > 0 ? Math.max(1, entry.doneRequests / entry.done) : (EXPECTED_REQUESTS[kind] ?? 1);
    };
    // A thread's calls, once listed, bring their recordings, transcripts and summaries: a
    // pending calls task is counted with the artifacts the ones done so far brought.
    const calls = tasks.get('calls');
    const artifacts = tasks.get('call-artifacts');
    const artifactsPerThread = calls !== undefined && calls.done > 0 ? ((artifacts?.done ?? 0) + (artifacts?.pending ?? 0)) / calls.done : 1.2;
    for (const [kind, entry] of tasks) {
      doneRequests += entry.doneRequests;
      remaining += entry.pending * (perTaskOf(kind) + (kind === 'calls' ? artifactsPerThread * perTaskOf('call-artifacts') : 0));
    }
    const finished = row.state === 'finished';
    const fraction = finished ? 1 : doneRequests + remaining === 0 ? 0 : Math.min(0.99, doneRequests / (doneRequests + remaining));
    const rate = pacing.recentPerSecond;
    const imported = Object.fromEntries(KINDS.map((kind) => [kind, row.counts[kind] ?? 0])) as Record<ImportedKind, number>;
    return {
      importId: row.id,
      state: row.state,
      fromDate: row.fromAt === null ? null : localParts(Date.parse(row.fromAt), this.deps.timeZone).date,
      toDate: row.toAt === null ? null : addDays(localParts(Date.parse(row.toAt), this.deps.timeZone).date, -1),
      billing: row.recordOnly ? 'record_only' : 'bill',
      startedBy: row.startedBy,
      startedAt: row.startedAt,
      finishedAt: row.finishedAt,
      imported,
      alreadyInLog: row.counts.alreadyInLog ?? 0,
      requests: row.requests,
      requestsPerSecond: round(rate, 2),
      budgetUsed: round(rate / pacing.limitPerSecond, 3),
      longest429Streak: pacing.longest429Streak,
      fraction: round(fraction, 4),
      etaSeconds: row.state === 'running' && rate > 0.5 && remaining > 0 ? Math.round(remaining / rate) : null,
      report: importReport(row.problems, finished),
      failure: row.failure,
    };
  }

  private launch(importId: number): void {
    if (this.running !== null) return;
    this.stopRequested = false;
    this.running = this.run(importId).finally(() => {
      this.running = null;
    });
  }

  private async stop(): Promise<void> {
    this.stopRequested = true;
    for (const wake of this.sleepers) wake();
    await this.running;
  }

  private async run(importId: number): Promise<void> {
    // Enough pages in flight that one is always waiting at the pacer, through a second of
    // OpenPhone latency plus the log's commit wait (Little's law): 8 at 10 req/s, one per
    // request a second (10 at the default 10 req/s, at most 64). The one pacer still gates every request,
    // so more workers never send faster than the key allows.
    const workers = this.deps.workers ?? Math.min(64, Math.max(8, Math.ceil(this.deps.client.pacing().limitPerSecond)));
    const active = new Set<Promise<void>>();
    try {
      for (;;) {
        if (this.stopRequested || this.store.byId(importId)?.state !== 'running') break;
        // The first pending task not in flight is among the first (in flight + 1).
        const key = this.store.pendingKeys(importId, this.inFlight.size + 1).find((candidate) => !this.inFlight.has(candidate));
        const next = key === undefined ? undefined : (this.store.task(importId, key) ?? undefined);
        if (next === undefined || active.size >= workers) {
          if (active.size === 0) {
            if (next === undefined) this.finish(importId);
            break;
          }
          await Promise.race(active);
          continue;
        }
        this.inFlight.add(next.key);
        const work: Promise<void> = this.runTask(importId, next).finally(() => {
          this.inFlight.delete(next.key);
          active.delete(work);
        });
        active.add(work);
      }
    } finally {
      await Promise.allSettled([...active]);
    }
  }

  private finish(importId: number): void {
    const row = this.store.byId(importId)!;
    const at = this.deps.clock();
    this.store.setState(importId, 'finished', null, new Date(at).toISOString());
    this.deps.checks?.recordSuccess('history_import', at);
    this.deps.logger.info('OpenPhone history import finished', { importId, imported: row.counts, problems: row.problems, requests: row.requests });
  }

  private async runTask(importId: number, task: ImportTask): Promise<void> {
    const row = this.store.byId(importId)!;
    const tally: Tally = { counts: {}, problems: {}, requests: 0 };
    let outcome: PageOutcome | RestFailure;
    try {
      outcome = await this.readPage(row, task, tally);
    } catch (error) {
      outcome = { kind: 'no_answer', message: error instanceof Error ? error.message : String(error) };
    }
    if ('kind' in outcome) return this.taskFailed(importId, task, outcome);
    this.failures.delete(task.key);
    await this.complete(importId, task.key, outcome);
  }

  /** Pages finished in the same turn are written in one transaction: one commit per turn, not per page. */
  private complete(importId: number, taskKey: string, outcome: PageOutcome): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.completions.push({ importId, taskKey, outcome, resolve, reject });
      if (this.completions.length > 1) return;
      setImmediate(() => {
        const batch = this.completions.splice(0);
        try {
          for (const id of new Set(batch.map((item) => item.importId))) this.store.completePages(id, batch.filter((item) => item.importId === id));
          for (const item of batch) item.resolve();
        } catch (error) {
          for (const item of batch) item.reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
  }

  private async taskFailed(importId: number, task: ImportTask, failure: RestFailure): Promise<void> {
    if (failure.kind === 'refused' && failure.httpStatus === 401) {
      this.fail(importId, 'OpenPhone refused the API key (OPENPHONE_API_KEY). Make a new key in OpenPhone (Settings → API), set it on the relay, then resume the import.');
      return;
    }
    const failed = (this.failures.get(task.key) ?? 0) + 1;
    this.failures.set(task.key, failed);
    const words = failure.kind === 'refused' || failure.kind === 'server_error' ? (openPhoneWords(failure.body) ?? `HTTP ${failure.httpStatus}`) : failure.kind === 'rate_limited' ? 'too many requests (429)' : failure.message;
    this.deps.logger.warn('OpenPhone history import: a page could not be read', { task: task.key, kind: failure.kind, words, failed });
    if (failed >= (this.deps.maxTaskFailures ?? 8)) {
      this.fail(importId, `OpenPhone did not answer the import after ${failed} tries (${words}). Resume it once OpenPhone can be reached.`);
      return;
    }
    const delay = backoffDelay(failed - 1, this.deps.random ?? Math.random, this.deps.backoff ?? { baseMs: 1_000, capMs: 60_000 });
    await new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, delay);
      this.sleepers.add(wake);
    });
  }

  private fail(importId: number, why: string): void {
    this.store.setState(importId, 'failed', why, null);
    this.deps.checks?.recordFailure('history_import', this.deps.clock(), why);
    this.stopRequested = true;
    this.deps.logger.error('OpenPhone history import stopped', { importId, why });
  }

  /** One page of a task: read it, store its events, and say what it revealed. A failure reads nothing further. */
  private async readPage(row: ImportRow, task: ImportTask, tally: Tally): Promise<PageOutcome | RestFailure> {
    const { client } = this.deps;
    const ctx: FetchContext = { phoneNumberIds: row.lines, receivedAt: new Date(this.deps.clock()).toISOString(), origin: { by: 'import', recordOnly: row.recordOnly }, runId: row.id, healthChecks: new HealthCheckStore(this.deps.db) };
    const range = { ...(row.fromAt === null ? {} : { createdAfter: row.fromAt }), ...(row.toAt === null ? {} : { createdBefore: row.toAt }) };
    const ask = async <T>(request: Promise<RestResult<T>>): Promise<RestResult<T>> => {
      tally.requests++;
      return request;
    };
    const done = (nextPageToken: string | null, children: PageOutcome['children'] = []): PageOutcome => ({ nextPageToken, children, counts: tally.counts, problems: tally.problems, requests: tally.requests });
    const p = task.params;

    switch (task.kind) {
      case 'lines': {
        const listed = await ask(client.listPhoneNumbers());
        if (!listed.ok) return listed;
        const lines: Record<string, string> = {};
        for (const line of listed.value) {
          const number = toE164(line.number);
          if (number !== null) lines[line.id] = number;
        }
        this.store.setLines(row.id, lines);
        return done(null, [...Object.keys(lines).map((id) => ({ key: `conversations|${id}`, kind: 'conversations' as const, params: { phoneNumberId: id } })), { key: 'contacts', kind: 'contacts', params: {} }]);
      }
      case 'conversations': {
        const listed = await ask(
          client.listConversations({ phoneNumbers: [String(p.phoneNumberId)], pageToken: task.pageToken, maxResults: 100, ...(row.fromAt === null ? {} : { updatedAfter: row.fromAt }), ...(row.toAt === null ? {} : { createdBefore: row.toAt }) }),
        );
        if (!listed.ok) return listed;
        const children: PageOutcome['children'][number][] = [];
        for (const conversation of listed.value.data) {
          const phoneNumberId = typeof conversation.phoneNumberId === 'string' ? conversation.phoneNumberId : String(p.phoneNumberId);
          const participants = Array.isArray(conversation.participants) ? conversation.participants.filter((n): n is string => typeof n === 'string' && toE164(n) !== null) : [];
          if (participants.length === 0) {
            bump(tally.problems, 'unreadable');
            continue;
          }
          bump(tally.counts, 'conversations');
          const thread = `${phoneNumberId}|${[...participants].sort().join(',')}`;
          children.push({ key: `messages|${thread}`, kind: 'messages', params: { phoneNumberId, participants } });
          if (participants.length === 1) children.push({ key: `calls|${thread}`, kind: 'calls', params: { phoneNumberId, participant: participants[0] } });
          else bump(tally.problems, 'group-calls');
        }
        return done(listed.value.nextPageToken, children);
      }
      case 'calls': {
        const listed = await ask(client.listCalls({ phoneNumberId: String(p.phoneNumberId), participant: String(p.participant), pageToken: task.pageToken, maxResults: 100, ...range }));
        if (!listed.ok) return this.threadRefused(listed, tally, done);
        const events: RingsideEvent[] = [];
        const children: PageOutcome['children'][number][] = [];
        for (const call of listed.value.data) {
          const completed = callCompletedFromRest(call, ctx);
          if (completed === null) {
            // A call still under way is left to its webhooks; anything else unreadable is reported.
            if (typeof call.completedAt === 'string') bump(tally.problems, 'unreadable');
            continue;
          }
          events.push(completed);
          const answered = typeof call.answeredAt === 'string';
          if (answered || call.direction === 'incoming') children.push({ key: `call-artifacts|${call.id}`, kind: 'call-artifacts', params: { call, answered } });
        }
        await this.store_(row.id, events, tally);
        return done(listed.value.nextPageToken, children);
      }
      case 'messages': {
        const participants = Array.isArray(p.participants) ? p.participants.map(String) : [];
        const listed = await ask(client.listMessages({ phoneNumberId: String(p.phoneNumberId), participants, pageToken: task.pageToken, maxResults: 100, ...range }));
        if (!listed.ok) return this.threadRefused(listed, tally, done);
        const events: RingsideEvent[] = [];
        for (const message of listed.value.data) {
          const media = Array.isArray(message.media) ? (message.media as Json[]) : [];
          const expired = media.filter((item) => typeof item?.url !== 'string' || item.url === '').length;
          const event = messageFromRest(message, ctx);
          if (event === null) {
            bump(tally.problems, 'unreadable');
            continue;
          }
          if (expired > 0) bump(tally.problems, 'photo-expired', expired);
          events.push(event);
        }
        await this.store_(row.id, events, tally);
        return done(listed.value.nextPageToken);
      }
      case 'call-artifacts': {
        const call = p.call as Json;
        const callId = String(call.id);
        const events: RingsideEvent[] = [];
        if (p.answered === true) {
          const recordings = await ask(client.getCallRecordings(callId));
          if (!recordings.ok) return recordings;
          const expired = recordings.value.filter((recording) => typeof recording.url !== 'string' || recording.url === '').length;
          if (expired > 0) bump(tally.problems, 'recording-expired', expired);
          const recording = recordingFromRest(call, recordings.value, ctx);
          if (recording !== null) events.push(recording);
          for (const [what, read] of [
            ['transcript', () => client.getCallTranscript(callId)],
            ['summary', () => client.getCallSummary(callId)],
          ] as const) {
            const answer = await ask(read());
            if (!answer.ok) {
              // 402/403: the plan or the key lacks OpenPhone's AI features; reported, the call imported.
              if (answer.kind === 'refused' && (answer.httpStatus === 402 || answer.httpStatus === 403)) {
                bump(tally.problems, 'ai-refused');
                continue;
              }
              return answer;
            }
            if (answer.value === null) continue;
            const event = what === 'transcript' ? transcriptFromRest(call, answer.value, ctx) : summaryFromRest(call, answer.value, ctx);
            if (event === null) bump(tally.problems, 'unreadable');
            else events.push(event);
          }
        } else {
          const voicemail = await ask(client.getCallVoicemail(callId));
          if (!voicemail.ok) return voicemail;
          if (voicemail.value !== null) {
            if (typeof voicemail.value.recordingUrl !== 'string' || voicemail.value.recordingUrl === '') bump(tally.problems, 'voicemail-expired');
            else {
              const event = voicemailFromRest(call, voicemail.value, ctx);
              if (event === null) bump(tally.problems, 'unreadable');
              else events.push(event);
            }
          }
        }
        await this.store_(row.id, events, tally);
        return done(null);
      }
      case 'contacts': {
        const listed = await ask(client.listContacts({ pageToken: task.pageToken, maxResults: 50 }));
        if (!listed.ok) return listed;
        const events: RingsideEvent[] = [];
        for (const contact of listed.value.data) {
          const event = contactFromRest(contact, ctx);
          if (event === null) bump(tally.problems, 'unreadable');
          else events.push(event);
        }
        await this.store_(row.id, events, tally);
        return done(listed.value.nextPageToken);
      }
    }
  }

  /** A thread OpenPhone will not list (404, 400): reported and skipped; anything else is retried. */
  private threadRefused(failure: { ok: false } & RestFailure, tally: Tally, done: (next: string | null) => PageOutcome): PageOutcome | RestFailure {
    if (failure.kind === 'refused' && failure.httpStatus !== 401 && failure.httpStatus !== 429) {
      bump(tally.problems, 'thread-refused');
      return done(null);
    }
    return failure;
  }

  /**
   * Appends the facts the log does not hold yet, then queues their media. A fact the log
   * holds from this same import (a page read again after a crash, its events stored but
   * its counts not yet) still counts as imported; any other is already in the log.
   */
  private async store_(importId: number, events: readonly RingsideEvent[], tally: Tally): Promise<void> {
    const count = (event: RingsideEvent, seq: number | null): void => {
      if (seq !== null && !this.storedBy(importId, seq)) return bump(tally.counts, 'alreadyInLog');
      bump(tally.counts, KIND_OF_TYPE[event.type] ?? 'other');
      if (event.type === 'message.recorded') bump(tally.counts, 'photos', event.data.media.length);
    };
    const fresh = events.filter((event) => {
      const key = factKey(event);
      const seq = key === null ? null : this.deps.log.seqOfFact(key);
      if (seq === null) return true;
      count(event, seq);
      return false;
    });
    if (fresh.length === 0) return;
    const stored = await Promise.all(fresh.map((event) => this.deps.log.append(event)));
    const appended: RingsideEvent[] = [];
    stored.forEach((result, index) => {
      const event = fresh[index]!;
      count(event, result.duplicate ? result.seq : null);
      if (!result.duplicate) appended.push(event);
    });
    if (appended.length > 0) this.deps.onStored(appended);
  }

  /** Whether the event at `seq` was stored by this import (its raw payload says so). */
  private storedBy(importId: number, seq: number): boolean {
    const entry = this.deps.log.readAfter(seq - 1, 1)[0];
    if (entry === undefined || entry.seq !== seq || !entry.json.includes('"fetchedBy"')) return false;
    const raw = (JSON.parse(entry.json) as { raw?: { fetchedBy?: unknown } }).raw;
    return raw?.fetchedBy === importId;
  }
}

const KINDS: readonly ImportedKind[] = ['conversations', 'calls', 'messages', 'photos', 'recordings', 'voicemails', 'transcripts', 'summaries', 'contacts'];

const KIND_OF_TYPE: Readonly<Record<string, ImportedKind>> = {
  'call.completed': 'calls',
  'call.recording_ready': 'recordings',
  'call.voicemail_ready': 'voicemails',
  'call.transcript_ready': 'transcripts',
  'call.summary_ready': 'summaries',
  'message.recorded': 'messages',
  'contact.changed': 'contacts',
};

function bump(into: Record<string, number>, key: ImportProblem | string, by = 1): void {
  if (by !== 0) into[key] = (into[key] ?? 0) + by;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
