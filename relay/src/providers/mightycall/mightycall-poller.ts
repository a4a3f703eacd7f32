import { backoffDelay } from '../../../../src/shared/backoff/backoff';
import type { Clock } from '../../../../src/shared/clock';
import { factKey } from '../../../../src/shared/events/fact-key';
import type { RingsideEvent } from '../../../../src/shared/events/model';
import type { MightyCallResource, MightyCallStatus } from '../../../../src/shared/relay-rest/mightycall';
import type { AlertRaiser } from '../../alerts/alert-service';
import type { RelayDatabase } from '../../database';
import type { EventLog } from '../../log/event-log';
import type { Logger } from '../../logger';
import { DirectoryStore } from '../openphone/directory/directory-store';
import { directorySyncedEvent } from '../openphone/directory/directory-sync';
import { directoryHash } from '../openphone/directory/openphone-directory';
import type { ClientFailure, ClientResult, MightyCallClient } from './mightycall-client';
import { callRecordEvents, contactRecordEvent, directoryLines, isObject, messageRecordEvent, voicemailRecordEvents, type RecordContext } from './mightycall-records';
import type { MightyCallSettings } from './mightycall-settings';
import { pollIntervalMs } from './poll-interval';
import { PollStore, type Cursor, type PollCounts, type PollState } from './poll-store';
import type { RequestBudget } from './request-budget';

/**
 * The MightyCall poller (issue 13 §4). MightyCall's webhooks are unconfirmed (spec §4.3),
 * so the relay reads API v4 every interval, the interval derived from the daily request
 * budget (poll-interval.ts): the business numbers and contacts every
 * MIGHTYCALL_DIRECTORY_MINUTES, the call log (recordings with it), voicemails and the
 * journal's texts every round. Each dated resource is read in windows that start
 * MIGHTYCALL_POLL_OVERLAP_MINUTES before where the last one ended, so a record MightyCall
 * lists late is still read; the events' ids and fact keys come from the records, so what
 * is read twice is stored once. Cursors (the window and page under way) are kept in the
 * relay database after each page's events are stored: a restart continues, stores
 * nothing twice, and the day's requests are remembered. A refusal of the keys, an
 * over-limit answer (429 or words of a limit) and repeated failures are alerts in every
 * console's banner; the next round reads the same window again. A page none of whose
 * records can be read is read again UNREADABLE_PAGE_TRIES rounds, then passed over (logged).
 */

export interface PollerDeps {
  client: MightyCallClient;
  budget: RequestBudget;
  db: RelayDatabase;
  log: EventLog;
  logger: Logger;
  clock: Clock;
  settings: MightyCallSettings;
  alerts: AlertRaiser;
  /** Stored events, for media capture (as webhooks' are). Must not throw. */
  onStored: (events: readonly RingsideEvent[]) => void;
  linesOfCall: (callId: string) => readonly string[];
  random?: () => number;
}

export interface RoundReport {
  /** Why no request was sent, when none was. */
  skipped: 'held' | null;
  stored: number;
  alreadyStored: number;
  requests: number;
  failure: ClientFailure | null;
}

type Outcome = { ok: true } | { ok: false; failure: ClientFailure; resource: MightyCallResource };

const DAY_MS = 24 * 60 * 60_000;
/** The first window of a resource never read before: the last day. */
const FIRST_LOOK_BACK_MS = DAY_MS;
/** Pages of one resource read in a round; the rest of its window waits for the next (the budget stays even). */
const MAX_PAGES_PER_ROUND = 10;
const ALERT_CREDENTIALS = 'mightycall:credentials';
const ALERT_OVER_LIMIT = 'mightycall:over-limit';
const ALERT_FAILING = 'mightycall:failing';
/** Rounds failing in a row (MightyCall down or answering nonsense) before the banner says so. */
const FAILING_ROUNDS_ALERT = 3;
const FAST: readonly MightyCallResource[] = ['calls', 'voicemails', 'messages'];
const SLOW: readonly MightyCallResource[] = ['phonenumbers', 'contacts'];
const CLOSE_WAIT_MS = 2_000;
/** A page whose records are all unreadable is read again this many rounds (a glitch), then passed over (it is what MightyCall says). */
const UNREADABLE_PAGE_TRIES = 3;

export const CREDENTIALS_ALERT =
  "MightyCall refused Ringside's API key or User key: calls, voicemails and texts from MightyCall are not coming into Ringside. Whoever runs the Ringside relay can set new MightyCall keys on the relay.";
export const CREDENTIALS_CLEARED = "MightyCall accepts Ringside's keys again.";
export const OVER_LIMIT_CLEARED = 'MightyCall answers Ringside again; what came in meanwhile is being read.';
export const FAILING_CLEARED = 'Ringside reads MightyCall again.';

export class MightyCallPoller {
  private readonly store: PollStore;
  private readonly directory: DirectoryStore;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<RoundReport> | null = null;
  private closed = false;
  private nextAtMs: number | null = null;
  private fastPerRound: number;
  private slowPerRead: number;
  /** Pages answered with records none of which could be read, by resource and position: how many times. */
  private readonly unreadablePages = new Map<string, number>();

  constructor(private readonly deps: PollerDeps) {
    this.store = new PollStore(deps.db);
    this.directory = new DirectoryStore(deps.db);
    this.fastPerRound = Math.max(1, deps.settings.resources.filter((resource) => FAST.includes(resource)).length);
    this.slowPerRead = deps.settings.resources.filter((resource) => SLOW.includes(resource)).length;
  }

  /** Seconds between rounds now, from the budget and what rounds have cost so far. */
  intervalMs(): number {
    return pollIntervalMs({ dailyBudget: this.deps.budget.limit, requestsPerRound: this.fastPerRound, requestsPerDirectoryRead: this.slowPerRead, directoryMs: this.deps.settings.directoryMs });
  }

  /** Polls now, then every interval (or later after a failure or a hold). */
  start(): void {
    const state = this.store.state();
    const now = this.deps.clock();
    // After a restart the round is due where the last one left it, not at once (the budget is per day, not per start);
    // after a failed one at once (new keys are set with a restart), unless MightyCall asked to wait.
    const due = state.lastPollAt === null ? now : Math.max(now, state.failures > 0 ? 0 : Date.parse(state.lastPollAt) + this.intervalMs(), state.heldUntilMs ?? 0);
    this.schedule(due - now);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.running !== null) await Promise.race([this.running, new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref())]);
  }

  /** When the next round is due (ISO), as the status shows it. */
  nextPollAtMs(): number | null {
    return this.nextAtMs;
  }

  status(): MightyCallStatus {
    const state = this.store.state();
    const now = this.deps.clock();
    const counts = state.counts;
    return {
      configured: true,
      edition: this.deps.settings.edition,
      apiHost: new URL(this.deps.settings.apiBaseUrl).host,
      resources: [...this.deps.settings.resources],
      lastPollAt: state.lastPollAt,
      nextPollAt: this.nextAtMs === null ? null : new Date(this.nextAtMs).toISOString(),
      intervalSeconds: Math.round(this.intervalMs() / 1000),
      budget: this.deps.budget.limit,
      usedLast24h: this.deps.budget.used(now),
      imported: { calls: counts.calls ?? 0, recordings: counts.recordings ?? 0, voicemails: counts.voicemails ?? 0, messages: counts.messages ?? 0, contacts: counts.contacts ?? 0, lines: counts.lines ?? 0 },
      lastError: state.lastError,
      lastErrorAt: state.lastErrorAt,
      heldUntil: state.heldUntilMs !== null && state.heldUntilMs > now ? new Date(state.heldUntilMs).toISOString() : null,
    };
  }

  /** One round now (the timer's, or a test's). Rounds never overlap: a second call waits for the first. */
  async pollOnce(): Promise<RoundReport> {
    while (this.running !== null) await this.running;
    this.running = this.round().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** The delay after a round: the interval, longer after failures, and never before a hold ends. */
  delayAfter(report: RoundReport): number {
    const state = this.store.state();
    const now = this.deps.clock();
    const interval = this.intervalMs();
    let delay = interval;
    if (report.failure !== null && report.failure.kind !== 'budget_spent' && report.failure.kind !== 'over_limit') {
      delay = interval + backoffDelay(state.failures - 1, this.deps.random ?? Math.random, { baseMs: interval, capMs: 60 * 60_000 });
    }
    return Math.max(delay, (state.heldUntilMs ?? 0) - now);
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    this.nextAtMs = this.deps.clock() + delayMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.pollOnce()
        .then(
          (report) => this.schedule(this.delayAfter(report)),
          (error: unknown) => {
            this.deps.logger.error('MightyCall poll failed unexpectedly', { error: error instanceof Error ? error.message : String(error) });
            this.schedule(this.intervalMs());
          },
        );
    }, Math.max(0, delayMs));
    this.timer.unref();
  }

  private async round(): Promise<RoundReport> {
    const { clock, settings, client } = this.deps;
    const startedAt = clock();
    const state = this.store.state();
    const report: RoundReport = { skipped: null, stored: 0, alreadyStored: 0, requests: 0, failure: null };
    if (state.heldUntilMs !== null && startedAt < state.heldUntilMs) {
      report.skipped = 'held';
      return report;
    }
    const sentBefore = client.sent;
    const counts: PollCounts = { ...state.counts };
    const problems: string[] = [];
    let stopping: Outcome | null = null;
    let slowSent = 0;
    for (const resource of settings.resources) {
      if (this.closed) break;
      const slow = SLOW.includes(resource);
      if (slow && !this.slowDue(resource, startedAt)) continue;
      const before = client.sent;
      const outcome = await this.readResource(resource, counts, report);
      if (slow) slowSent += client.sent - before;
      if (outcome.ok) continue;
      const { failure } = outcome;
      // The keys, the account's limit, the budget or the network fail every resource alike: the round stops.
      if (failure.kind === 'credentials' || failure.kind === 'over_limit' || failure.kind === 'budget_spent' || failure.kind === 'unreachable') {
        stopping = outcome;
        break;
      }
      problems.push(`${RESOURCE_WORDS[resource]}: ${failureWords(failure)}`);
      report.failure ??= failure;
    }
    report.requests = client.sent - sentBefore;
    if (stopping !== null && !stopping.ok) report.failure = stopping.failure;
    this.learnCost(report.requests - slowSent, slowSent, stopping === null);
    await this.settle(state, counts, report, stopping, problems);
    return report;
  }

  /** Keeps the state and raises or clears the alerts after a round. */
  private async settle(previous: PollState, counts: PollCounts, report: RoundReport, stopping: Outcome | null, problems: string[]): Promise<void> {
    const { clock, alerts, logger } = this.deps;
    const now = clock();
    const at = new Date(now).toISOString();
    const failure = stopping !== null && !stopping.ok ? stopping.failure : null;
    let heldUntilMs: number | null = null;
    let words: string | null = problems.length > 0 ? problems.join(' ') : null;
    if (failure !== null) {
      if (failure.kind === 'budget_spent') {
        heldUntilMs = failure.freeAtMs;
        words = `Ringside has used its ${this.deps.budget.limit.toLocaleString('en-US')} MightyCall requests of the last 24 hours (the daily request allowance set on the relay); it reads again from ${clockWords(failure.freeAtMs)}.`;
      } else if (failure.kind === 'over_limit') {
        const holdMs = failure.retryAfterMs ?? this.intervalMs() + backoffDelay(previous.failures, this.deps.random ?? Math.random, { baseMs: 15 * 60_000, capMs: 6 * 60 * 60_000 });
        heldUntilMs = now + Math.max(holdMs, 60_000);
        words = `MightyCall says the account is over its request limit (${failure.message}); Ringside waits until ${clockWords(heldUntilMs)} and then reads what it missed.`;
      } else if (failure.kind === 'credentials') {
        words = `MightyCall refused the API key or User key (${failure.message}).`;
      } else {
        words = `MightyCall could not be read: ${failureWords(failure)}.`;
      }
    }
    const failed = words !== null && failure?.kind !== 'budget_spent';
    const failures = failed ? previous.failures + 1 : 0;
    this.store.saveState({ lastPollAt: at, lastError: words, lastErrorAt: words === null ? previous.lastErrorAt : at, heldUntilMs, failures, counts });
    if (words !== null) logger.warn('MightyCall poll: a round did not finish', { kind: failure?.kind ?? 'partial', words });
    const lines = this.knownLines();
    // Only an alert that is open is cleared: clearing one never raised would still append its clearing.
    const clear = async (alertId: string, message: string): Promise<void> => {
      if (alerts.isOpen(alertId)) await alerts.clear(alertId, message);
    };
    try {
      if (failure?.kind === 'credentials') await alerts.raise({ alertId: ALERT_CREDENTIALS, message: CREDENTIALS_ALERT, severity: 'critical', lines });
      else if (failure === null || failure.kind === 'budget_spent' || failure.kind === 'over_limit') await clear(ALERT_CREDENTIALS, CREDENTIALS_CLEARED);
      if (failure?.kind === 'over_limit') {
        await alerts.raise({ alertId: ALERT_OVER_LIMIT, message: `MightyCall says Ringside has used the account's requests for now: new calls, voicemails and texts from MightyCall show in Ringside from about ${clockWords(heldUntilMs!)}, when Ringside reads what came in meanwhile.`, lines });
      } else if (failure === null) await clear(ALERT_OVER_LIMIT, OVER_LIMIT_CLEARED);
      if (failed && failure?.kind !== 'credentials' && failure?.kind !== 'over_limit' && failures >= FAILING_ROUNDS_ALERT) {
        await alerts.raise({ alertId: ALERT_FAILING, message: `Ringside cannot read MightyCall (${words}). Calls, voicemails and texts from MightyCall show in Ringside once it can, read from where it stopped; a part of MightyCall's answer that still cannot be read after ${UNREADABLE_PAGE_TRIES} tries is passed over.`, lines });
      } else if (!failed) await clear(ALERT_FAILING, FAILING_CLEARED);
    } catch (error) {
      logger.error('MightyCall alert could not be recorded', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  private knownLines(): string[] {
    return this.directory.read('mightycall').lines;
  }

  /** A running average of what a round costs, for the interval; only whole rounds teach it. */
  private learnCost(fast: number, slow: number, whole: boolean): void {
    if (!whole) return;
    const fastCount = this.deps.settings.resources.filter((resource) => FAST.includes(resource)).length;
    if (fast > 0) this.fastPerRound = Math.max(fastCount, 0.8 * this.fastPerRound + 0.2 * fast);
    if (slow > 0) this.slowPerRead = 0.8 * this.slowPerRead + 0.2 * slow;
  }

  private slowDue(resource: MightyCallResource, now: number): boolean {
    const cursor = this.store.cursor(resource);
    if (cursor.position > 0 || cursor.readAt === null) return true;
    return now - Date.parse(cursor.readAt) >= this.deps.settings.directoryMs;
  }

  private async readResource(resource: MightyCallResource, counts: PollCounts, report: RoundReport): Promise<Outcome> {
    switch (resource) {
      case 'phonenumbers':
        return this.readPhoneNumbers(counts);
      case 'contacts':
        return this.readPaged('contacts', counts, report);
      case 'calls':
      case 'voicemails':
      case 'messages':
        return this.readWindow(resource, counts, report);
    }
  }

  private async readPhoneNumbers(counts: PollCounts): Promise<Outcome> {
    const answer = await this.deps.client.get('/phonenumbers', {});
    if (!answer.ok) return { ok: false, failure: answer, resource: 'phonenumbers' };
    const records = listIn(answer.json, ['phoneNumbers', 'numbers', 'businessNumbers', 'items']);
    if (records === null) return { ok: false, failure: { kind: 'unreadable', message: 'the list of phone numbers is not in the answer' }, resource: 'phonenumbers' };
    const now = this.deps.clock();
    const content = { provider: 'mightycall' as const, lines: directoryLines(records), users: [] };
    // A list of numbers none of which can be read is no reason to take every MightyCall line off the Team page.
    if (records.length > 0 && content.lines.length === 0) return { ok: false, failure: { kind: 'unreadable', message: `none of the ${records.length} phone numbers in MightyCall's answer could be read` }, resource: 'phonenumbers' };
    const hash = directoryHash(content);
    const state = this.directory.read('mightycall');
    if (hash !== state.contentHash) {
      await this.deps.log.append(directorySyncedEvent(content, hash, now));
      this.directory.synced('mightycall', hash, content.lines.map((line) => line.number), new Date(now).toISOString());
      counts.lines = content.lines.length;
      this.deps.logger.info('MightyCall phone numbers synced', { lines: content.lines.length });
    }
    this.store.saveCursor('phonenumbers', { doneUntil: null, windowFrom: null, windowTo: null, position: 0, readAt: new Date(now).toISOString() });
    return { ok: true };
  }

  /** Contacts: the whole list, page by page (skip), continued across rounds; read again every MIGHTYCALL_DIRECTORY_MINUTES. */
  private async readPaged(resource: 'contacts', counts: PollCounts, report: RoundReport): Promise<Outcome> {
    const { settings } = this.deps;
    const cursor = this.store.cursor(resource);
    let skip = cursor.position;
    for (let page = 0; page < MAX_PAGES_PER_ROUND; page++) {
      const answer = await this.deps.client.get('/contacts', { pageSize: settings.pageSize, skip });
      if (!answer.ok) return { ok: false, failure: answer, resource };
      const records = listIn(answer.json, ['contacts', 'items']);
      if (records === null) return { ok: false, failure: { kind: 'unreadable', message: 'the list of contacts is not in the answer' }, resource };
      const ctx = this.context();
      const events = records.map((record) => contactRecordEvent(record, ctx));
      await this.storeEvents(events, counts, report);
      skip += records.length;
      const finished = records.length < settings.pageSize || reachedTotal(answer.json, skip);
      this.store.saveCursor(resource, finished ? { ...cursor, position: 0, readAt: ctx.receivedAt } : { ...cursor, position: skip });
      if (finished) return { ok: true };
    }
    return { ok: true };
  }

  /** A dated resource: the window [where the last ended − overlap, now], page by page, then the next. */
  private async readWindow(resource: 'calls' | 'voicemails' | 'messages', counts: PollCounts, report: RoundReport): Promise<Outcome> {
    const { settings, clock } = this.deps;
    const saved = this.store.cursor(resource);
    const now = clock();
    let cursor: Cursor = saved;
    if (saved.windowFrom === null || saved.windowTo === null) {
      const from = saved.doneUntil === null ? now - FIRST_LOOK_BACK_MS : Date.parse(saved.doneUntil) - settings.overlapMs;
      // While a window is read, doneUntil holds where it will end instead of windowTo: held back by a call under way (below).
      cursor = { ...saved, doneUntil: null, windowFrom: new Date(from).toISOString(), windowTo: new Date(now).toISOString(), position: 0 };
    }
    const seen = new Set<string>();
    for (let page = 0; page < MAX_PAGES_PER_ROUND; page++) {
      const answer = await this.fetchWindowPage(resource, cursor);
      if (!answer.ok) return { ok: false, failure: answer, resource };
      const records = listIn(answer.json, resource === 'calls' ? ['calls', 'items'] : resource === 'voicemails' ? ['voicemails', 'items'] : ['requests', 'messages', 'items']);
      if (records === null) return { ok: false, failure: { kind: 'unreadable', message: `the list of ${RESOURCE_WORDS[resource]} is not in the answer` }, resource };
      const ctx = this.context();
      const events: (RingsideEvent[] | RingsideEvent | null)[] = [];
      let fresh = 0;
      for (const record of records) {
        const id = isObject(record) ? String(record.id ?? '') : '';
        if (id === '' || !seen.has(id)) fresh++;
        if (id !== '') seen.add(id);
        if (resource === 'calls') {
          const outcome = callRecordEvents(record, ctx);
          // A call under way is read again by a later window: the next one starts no later than this call does.
          if (outcome.kind === 'not_ended') cursor = { ...cursor, doneUntil: heldEnd(cursor, outcome.startedAt, settings.overlapMs, id, this.deps.logger) };
          else events.push(outcome.kind === 'events' ? outcome.events : null);
        } else events.push(resource === 'voicemails' ? voicemailRecordEvents(record, ctx) : messageRecordEvent(record, ctx));
      }
      const key = `${resource}|${cursor.windowFrom}|${cursor.position}`;
      if (events.length > 0 && events.every((event) => event === null)) {
        const tries = (this.unreadablePages.get(key) ?? 0) + 1;
        this.unreadablePages.set(key, tries);
        if (tries < UNREADABLE_PAGE_TRIES) return { ok: false, failure: { kind: 'unreadable', message: `none of the ${records.length} ${RESOURCE_WORDS[resource]} in MightyCall's answer could be read` }, resource };
        this.deps.logger.warn('MightyCall poll: a page none of whose records can be read is passed over', { resource, windowFrom: cursor.windowFrom, position: cursor.position, records: records.length });
      }
      this.unreadablePages.delete(key);
      await this.storeEvents(events, counts, report);
      const position = resource === 'messages' ? cursor.position + 1 : cursor.position + records.length;
      // A page of nothing new (a server that ignores skip or page) ends the window rather than looping.
      const finished = records.length < settings.pageSize || fresh === 0 || (resource !== 'messages' && reachedTotal(answer.json, position));
      cursor = finished ? { doneUntil: cursor.doneUntil ?? cursor.windowTo, windowFrom: null, windowTo: null, position: 0, readAt: ctx.receivedAt } : { ...cursor, position };
      this.store.saveCursor(resource, cursor);
      if (finished) return { ok: true };
    }
    return { ok: true };
  }

  private fetchWindowPage(resource: 'calls' | 'voicemails' | 'messages', cursor: Cursor): Promise<ClientResult> {
    const { pageSize } = this.deps.settings;
    if (resource === 'messages') {
      // The journal pages by page number (1 first), with from / to (spec §4.2).
      return this.deps.client.get('/journal/requests', { type: 'Message', from: cursor.windowFrom!, to: cursor.windowTo!, pageSize, page: cursor.position + 1 });
    }
    return this.deps.client.get(resource === 'calls' ? '/calls' : '/voicemails', { startUtc: cursor.windowFrom!, endUtc: cursor.windowTo!, pageSize, skip: cursor.position });
  }

  private context(): RecordContext {
    return { receivedAt: new Date(this.deps.clock()).toISOString(), linesOfCall: this.deps.linesOfCall };
  }

  /** Appends what the log does not hold yet (by fact key, then by event id), counting each kind once. */
  private async storeEvents(read: readonly (RingsideEvent[] | RingsideEvent | null)[], counts: PollCounts, report: RoundReport): Promise<void> {
    const fresh: RingsideEvent[] = [];
    for (const item of read) {
      if (item === null) {
        bump(counts, 'unreadable');
        continue;
      }
      for (const event of Array.isArray(item) ? item : [item]) {
        const key = event.type === 'message.recorded' ? null : factKey(event);
        if (key !== null && this.deps.log.seqOfFact(key) !== null) report.alreadyStored++;
        else fresh.push(event);
      }
    }
    if (fresh.length === 0) return;
    const stored = await Promise.all(fresh.map((event) => this.deps.log.append(event)));
    const appended = fresh.filter((_event, index) => !stored[index]!.duplicate);
    report.alreadyStored += fresh.length - appended.length;
    report.stored += appended.length;
    for (const event of appended) {
      const kind = KIND_OF_TYPE[event.type];
      if (kind !== undefined) bump(counts, kind);
    }
    if (appended.length > 0) this.deps.onStored(appended);
  }
}

const KIND_OF_TYPE: Readonly<Record<string, keyof PollCounts>> = {
  'call.completed': 'calls',
  'call.recording_ready': 'recordings',
  'call.voicemail_ready': 'voicemails',
  'message.recorded': 'messages',
  'contact.changed': 'contacts',
};

const RESOURCE_WORDS: Readonly<Record<MightyCallResource, string>> = { phonenumbers: 'phone numbers', calls: 'calls', voicemails: 'voicemails', messages: 'texts', contacts: 'contacts' };

/** The records of a list answer: the array itself, or under data, or under one of the names, at the top or under data. */
export function listIn(json: unknown, names: readonly string[]): unknown[] | null {
  if (Array.isArray(json)) return json;
  if (!isObject(json)) return null;
  if (Array.isArray(json.data)) return json.data;
  for (const holder of [json.data, json]) {
    if (!isObject(holder)) continue;
    for (const name of names) if (Array.isArray(holder[name])) return holder[name];
  }
  return null;
}

/** Whether `read` records reach the answer's `total` (when it gives one). */
function reachedTotal(json: unknown, read: number): boolean {
  const holder = isObject(json) && isObject(json.data) ? json.data : json;
  const total = isObject(holder) ? holder.total : undefined;
  return typeof total === 'number' && Number.isFinite(total) && read >= total;
}

/** A call under way for longer than this is no longer waited for (a record MightyCall never closes would hold every window). */
const LONGEST_CALL_HELD_MS = DAY_MS;

/**
 * Where the window being read is taken to end (the next starts overlap before it), so the
 * next one starts no later than a call seen under way: the earliest such call of the window
 * wins, and the value is kept in the cursor with each page, so a restart remembers it.
 */
function heldEnd(cursor: Cursor, startedAt: string | null, overlapMs: number, callId: string, logger: Logger): string | null {
  const windowTo = Date.parse(cursor.windowTo!);
  const held = cursor.doneUntil === null ? windowTo : Date.parse(cursor.doneUntil);
  const started = startedAt === null ? Date.parse(cursor.windowFrom!) : Date.parse(startedAt);
  if (started < windowTo - LONGEST_CALL_HELD_MS) {
    logger.warn('MightyCall poll: a call listed as under way for more than a day is no longer waited for', { callId });
    return cursor.doneUntil;
  }
  return new Date(Math.min(held, windowTo, started + overlapMs)).toISOString();
}

function failureWords(failure: ClientFailure): string {
  switch (failure.kind) {
    case 'refused':
    case 'server_error':
      return `MightyCall answered HTTP ${failure.status}${failure.message === '' ? '' : ` (${failure.message})`}`;
    case 'budget_spent':
      return 'the daily request budget is spent';
    default:
      return failure.message;
  }
}

function clockWords(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function bump(counts: PollCounts, kind: keyof PollCounts): void {
  counts[kind] = (counts[kind] ?? 0) + 1;
}
