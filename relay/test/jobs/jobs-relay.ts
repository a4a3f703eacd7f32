import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { EVENT_MODEL_VERSION, type EventOf, type RingsideEvent } from '../../../src/shared/events/model';
import { parseRelaySettings } from '../../src/config';
import { openRelayDatabase, type RelayDatabase } from '../../src/database';
import { addDevice } from '../../src/devices/device-store';
import { createLogger } from '../../src/logger';
import { WEBHOOK_PROVIDERS } from '../../src/providers/registry';
import { defineWebhookProvider, type WebhookProviderDefinition } from '../../src/providers/webhook-provider';
import { createRelay, type Relay } from '../../src/server';
import { eventually } from '../support/eventually';

export { eventually };

/**
 * A real relay on loopback (createRelay, its SQLite file, HTTP) for the jobs tests, on a clock
 * the test moves forward (a thread turns quiet by the clock), with a test-only webhook provider,
 * `carrier`, whose deliveries are the normalized events themselves. Restartable on its data dir.
 */

const carrierProvider = defineWebhookProvider({
  name: 'carrier',
  title: 'Test carrier',
  settings: [],
  readSettings: () => ({}),
  create: () => ({
    unconfigured: null,
    bodyFormat: 'json',
    verify: () => ({ ok: true, deliveryId: null }),
    normalize: (payload) => ({ ok: true, events: (payload as { events: RingsideEvent[] }).events }),
  }),
});
const providers: WebhookProviderDefinition[] = [...WEBHOOK_PROVIDERS, carrierProvider];

export const LINE = '+16175550100';
export const OTHER_LINE = '+16175550199';
export const CALLER = '+16175550111';
export const PUBLIC_URL = 'http://127.0.0.1:9';

export interface JobsRelay {
  readonly url: string;
  readonly db: RelayDatabase;
  readonly relay: Relay;
  readonly dataDir: string;
  /** Moves the relay's clock forward. */
  advance(ms: number): void;
  now(): number;
  deliver(...events: RingsideEvent[]): Promise<void>;
  eventsOf<T extends RingsideEvent['type']>(type: T): EventOf<T>[];
  addDevice(name: string, role: 'admin' | 'bookkeeper' | 'agent', numbers?: string[]): Promise<string>;
  consoleEvent(token: string, type: string, data: Record<string, unknown>, id?: string): Promise<number>;
  restart(env?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

export async function startJobsRelay(env: Record<string, string> = {}): Promise<JobsRelay> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ringside-jobs-'));
  let offset = 0;
  const clock = (): number => Date.now() + offset;
  const baseEnv = { RELAY_PUBLIC_URL: PUBLIC_URL, RELAY_BUSINESS_TIME_ZONE: 'America/New_York', ...env };
  let current = await launch(dataDir, baseEnv, clock);
  const handle: JobsRelay = {
    get url() {
      return current.url;
    },
    get db() {
      return current.db;
    },
    get relay() {
      return current.relay;
    },
    dataDir,
    advance(ms) {
      offset += ms;
    },
    now: clock,
    async deliver(...events) {
      const answer = await fetch(`${current.url}/webhooks/carrier`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
      if (answer.status !== 200) throw new Error(`webhook answered ${answer.status}: ${await answer.text()}`);
    },
    eventsOf(type) {
      const rows = current.db.prepare('SELECT event FROM events WHERE type = ? ORDER BY seq').pluck().all(type) as string[];
      return rows.map((row) => JSON.parse(row) as never);
    },
    async addDevice(name, role, numbers = []) {
      const cli = openRelayDatabase(dataDir);
      let token: string;
      try {
        token = addDevice(cli, { name, role, numbers }, new Date()).token;
      } finally {
        cli.close();
      }
      for (let i = 0; i < 200; i++) {
        const answer = await fetch(`${current.url}/v1/devices/me`, { headers: { authorization: `Bearer ${token}` } });
        if (answer.status === 200) return token;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('the relay never saw the device');
    },
    async consoleEvent(token, type, data, id = `${type}:${randomUUID()}`) {
      const answer = await fetch(`${current.url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ id, type, occurredAt: new Date(clock()).toISOString(), data }),
      });
      const text = await answer.text();
      if (answer.status !== 200) throw new Error(`POST /v1/events ${type} answered ${answer.status}: ${text}`);
      return (JSON.parse(text) as { seq: number }).seq;
    },
    async restart(nextEnv = env) {
      await close(current);
      current = await launch(dataDir, { ...baseEnv, ...nextEnv }, clock);
    },
    async stop() {
      await close(current);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}

interface Running {
  relay: Relay;
  db: RelayDatabase;
  url: string;
}

async function launch(dataDir: string, env: Record<string, string>, clock: () => number): Promise<Running> {
  const parsed = parseRelaySettings({ RELAY_DATA_DIR: dataDir, ...env }, providers);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const db = openRelayDatabase(dataDir);
  const relay = createRelay({ settings: parsed.settings, db, logger: createLogger('error', clock), clock, providers, devicePollMs: 50 });
  await new Promise<void>((resolve) => relay.server.listen(0, '127.0.0.1', resolve));
  return { relay, db, url: `http://127.0.0.1:${(relay.server.address() as AddressInfo).port}` };
}

async function close(running: Running): Promise<void> {
  await running.relay.close();
  running.db.close();
}

/** Resolves once `check` returns a value other than undefined; fails with `what` after `timeoutMs`. */
/** The caller of the marker calls extractionCaughtUp delivers; no test's own subject uses it. */
export const MARKER_CALLER = '+16175550177';
const MARKER_PREFIX = 'openphone:ACmarker';
const MARKER_TURNS = ['Harbor Foundation Repair, how can I help?', 'Just checking you got my last message, thanks.'];

/**
 * Resolves once the extraction worker has read every event delivered so far and extracted
 * everything due at the relay's clock now: a marker call (due at once) is delivered after them
 * and waited for. The worker reads the log in seq order and runs what is due oldest due first,
 * so a subject wrongly due by now would have been extracted before the marker. A test asserting
 * that nothing was extracted asserts it after this, on extractionsBesidesMarkers.
 */
export async function extractionCaughtUp(t: JobsRelay): Promise<void> {
  const callId = `${MARKER_PREFIX}${Date.now().toString(36)}${(counter++).toString(36)}`;
  const at = new Date(t.now());
  await t.deliver(callCompleted(callId, at, MARKER_CALLER), transcriptReady(callId, MARKER_TURNS, at, MARKER_CALLER));
  const pending = t.db.prepare('SELECT count(*) FROM jobs_extraction_pending WHERE subject_id = ?').pluck();
  await eventually(() => (t.eventsOf('extraction.recorded').some((event) => event.data.callId === callId) && pending.get(callId) === 0 ? true : undefined), 'the marker call extracted');
}

/** The extractions in the log, leaving out the marker calls of extractionCaughtUp. */
export function extractionsBesidesMarkers(t: JobsRelay): EventOf<'extraction.recorded'>[] {
  return t.eventsOf('extraction.recorded').filter((event) => !(event.data.callId ?? '').startsWith(MARKER_PREFIX));
}

// ---- events as a provider normalizer makes them ----------------------------------------

let counter = 0;
export function newCallId(): string {
  return `openphone:ACjobs${Date.now().toString(36)}${(counter++).toString(36)}`;
}

function envelope(id: string, at: string, lines: string[] = [LINE]) {
  return { v: EVENT_MODEL_VERSION, id, source: 'openphone' as const, occurredAt: at, receivedAt: at, lines };
}

export function callCompleted(callId: string, at: Date, caller = CALLER, line = LINE): EventOf<'call.completed'> {
  const startedAt = new Date(at.getTime() - 120_000).toISOString();
  return {
    ...envelope(`EV-completed-${callId}`, at.toISOString(), [line]),
    type: 'call.completed',
    data: { callId, direction: 'incoming', businessNumber: line, externalNumber: caller, startedAt, answeredAt: startedAt, completedAt: at.toISOString(), durationSeconds: 120, voicemailUrl: null, answeredBy: null, voicemail: null },
  };
}

/** A transcript where the caller and the business take turns (the business first). */
export function transcriptReady(callId: string, turns: string[], at: Date, caller = CALLER, line = LINE): EventOf<'call.transcript_ready'> {
  return {
    ...envelope(`EV-transcript-${callId}`, at.toISOString(), [line]),
    type: 'call.transcript_ready',
    data: {
      callId,
      durationSeconds: turns.length * 5,
      dialogue: turns.map((text, i) => ({ speakerNumber: i % 2 === 0 ? line : caller, speakerUserId: null, text, startSeconds: i * 5, endSeconds: i * 5 + 4 })),
    },
  };
}

export function summaryReady(callId: string, summary: string[], at: Date): EventOf<'call.summary_ready'> {
  return { ...envelope(`EV-summary-${callId}`, at.toISOString()), type: 'call.summary_ready', data: { callId, summary, nextSteps: [] } };
}

export function text(body: string, at: Date, options: { direction?: 'incoming' | 'outgoing'; caller?: string; campaignId?: string | null; healthCheck?: boolean; media?: { mediaId: string; url: string; contentType: string }[] } = {}): EventOf<'message.recorded'> {
  const direction = options.direction ?? 'incoming';
  const caller = options.caller ?? CALLER;
  const messageId = `openphone:MS${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  return {
    ...envelope(`EV-${messageId}`, at.toISOString()),
    type: 'message.recorded',
    data: {
      messageId,
      direction,
      businessNumber: LINE,
      from: direction === 'incoming' ? caller : LINE,
      participants: [caller],
      body,
      media: (options.media ?? []).map((item) => ({ ...item, durationSeconds: null })),
      status: direction === 'incoming' ? 'received' : 'delivered',
      errorCode: null,
      sentAt: at.toISOString(),
      providerConversationId: null,
      userId: null,
      campaignId: options.campaignId ?? null,
      healthCheck: options.healthCheck ?? false,
    },
  };
}
