import { EVENT_MODEL_VERSION, type EventOf } from '../../../../../src/shared/events/model';
import type { Clock } from '../../../../../src/shared/clock';
import type { AlertRaiser } from '../../../alerts/alert-service';
import type { RelayDatabase } from '../../../database';
import type { CheckHealth } from '../../../health/check-health';
import type { EventLog } from '../../../log/event-log';
import type { Logger } from '../../../logger';
import type { OpenPhoneRestClient, RestFailure } from '../rest/openphone-rest-client';
import { directoryFromPhoneNumbers, directoryHash, type DirectoryContent } from './openphone-directory';
import { DirectoryStore } from './directory-store';

/**
 * Keeps every console's names of OpenPhone's lines and users current: at start-up and
 * every OPENPHONE_DIRECTORY_SYNC_MINUTES the relay reads GET /v1/phone-numbers with its
 * key and appends a `provider.directory_synced` fact when the content differs from the
 * last one appended (its hash is kept in provider_directory, so a restart does not append
 * it again). A failed round is logged and the next round tries again; a key OpenPhone
 * refuses raises a `relay.alert` in every console's banner, cleared by the next success.
 */

const PROVIDER = 'openphone';
const ALERT_ID = 'openphone:api-key';
/** How long close() waits for a round under way (its request may take a while); what it finds afterwards is dropped. */
const CLOSE_WAIT_MS = 1_000;

export const KEY_REFUSED_ALERT =
  "OpenPhone refused Ringside's key: texts cannot be sent from Ringside, and the names of your team and lines are not kept up to date. Whoever runs the Ringside relay can give it a new OpenPhone API key.";
export const KEY_ACCEPTED_ALERT = "OpenPhone accepts Ringside's key again.";

export interface DirectorySyncDeps {
  client: OpenPhoneRestClient;
  db: RelayDatabase;
  log: EventLog;
  logger: Logger;
  clock: Clock;
  /** Between rounds (OPENPHONE_DIRECTORY_SYNC_MINUTES); with 0 minutes the relay makes no sync at all. */
  intervalMs: number;
  /** Lines known from settings (OPENPHONE_PHONE_NUMBER_IDS), so a key alert reaches their agents before any sync. */
  configuredLines: readonly string[];
  /** The relay's alert service: the banner, and the owner's email. */
  alerts: AlertRaiser;
  /** Each round's outcome, as the directory_sync check in /healthz and /metrics. */
  health: CheckHealth;
}

export class OpenPhoneDirectorySync {
  private readonly store: DirectoryStore;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly deps: DirectorySyncDeps) {
    this.store = new DirectoryStore(deps.db);
  }

  start(): void {
    this.round();
    this.timer = setInterval(() => this.round(), this.deps.intervalMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearInterval(this.timer);
    if (this.running !== null) await Promise.race([this.running, new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref())]);
  }

  /** One round at a time: a slow one makes the next wait for the interval after. */
  private round(): void {
    if (this.closed || this.running !== null) return;
    this.running = this.sync()
      .catch((error: unknown) => this.deps.logger.error('OpenPhone directory sync failed unexpectedly', { error: error instanceof Error ? error.message : String(error) }))
      .finally(() => {
        this.running = null;
      });
  }

  private async sync(): Promise<void> {
    const { client, log, logger, clock, alerts, health } = this.deps;
    const listed = await client.listPhoneNumbers();
    if (this.closed) return;
    const state = this.store.read(PROVIDER);
    if (!listed.ok) {
      health.recordFailure('directory_sync', clock(), isKeyRefused(listed) ? `OpenPhone refused the API key (${listed.httpStatus})` : `OpenPhone's list of lines could not be read (${listed.kind})`);
      if (isKeyRefused(listed)) {
        logger.warn('OpenPhone refused the API key; the directory is not synced', { status: listed.httpStatus });
        if (state.alertLines === null) {
          const lines = union(state.lines, this.deps.configuredLines);
          await alerts.raise({ alertId: ALERT_ID, message: KEY_REFUSED_ALERT, lines });
          this.store.alert(PROVIDER, lines);
        }
      } else {
        logger.warn('OpenPhone directory could not be read; trying again next round', describeFailure(listed));
      }
      return;
    }
    health.recordSuccess('directory_sync', clock());
    const content = directoryFromPhoneNumbers(listed.value);
    const hash = directoryHash(content);
    const lines = content.lines.map((line) => line.number);
    if (hash !== state.contentHash) {
      await log.append(directorySyncedEvent(content, hash, clock()));
      this.store.synced(PROVIDER, hash, lines, new Date(clock()).toISOString());
      logger.info('OpenPhone directory synced', { lines: content.lines.length, users: content.users.length });
    }
    if (state.alertLines !== null) {
      await alerts.clear(ALERT_ID, KEY_ACCEPTED_ALERT);
      this.store.alert(PROVIDER, null);
    }
  }
}

/**
 * The fact consoles project: the whole directory, on every line it lists so each agent
 * device sees its lines' names. The id carries the time: a directory that changes back to
 * an earlier content is a new fact, not a duplicate.
 */
export function directorySyncedEvent(content: DirectoryContent, hash: string, now: number): EventOf<'provider.directory_synced'> {
  const at = new Date(now).toISOString();
  return {
    v: EVENT_MODEL_VERSION,
    id: `provider.directory_synced:${content.provider}:${now}:${hash.slice(0, 16)}`,
    source: 'relay',
    type: 'provider.directory_synced',
    occurredAt: at,
    receivedAt: at,
    lines: content.lines.map((line) => line.number),
    data: content,
  };
}

/** 401: the key is wrong or revoked; 403: OpenPhone will not let this key read the workspace. */
function isKeyRefused(failure: RestFailure): failure is Extract<RestFailure, { kind: 'refused' }> {
  return failure.kind === 'refused' && (failure.httpStatus === 401 || failure.httpStatus === 403);
}

function describeFailure(failure: RestFailure): Record<string, unknown> {
  switch (failure.kind) {
    case 'refused':
    case 'server_error':
      return { kind: failure.kind, status: failure.httpStatus, code: failure.body.code ?? null };
    case 'rate_limited':
      return { kind: failure.kind };
    case 'unreachable':
    case 'no_answer':
      return { kind: failure.kind, error: failure.message };
  }
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}
