import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EVENT_MODEL_VERSION, type EventOf, type MediaItem, type RingsideEvent } from '../../../src/shared/events/model';
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
 * A real relay on loopback (createRelay, the real webhook pipeline, SQLite file and HTTP
 * server) for media capture tests, plus one test-only webhook provider, `carrier`, whose
 * deliveries are the normalized events themselves: the tests build the events that carry
 * media directly, whatever the state of a provider's normalizer. Restartable on the same
 * data dir.
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

export interface MediaRelay {
  readonly url: string;
  readonly db: RelayDatabase;
  readonly relay: Relay;
  readonly dataDir: string;
  /** Posts events as one webhook delivery; resolves once it is answered 200. */
  deliver(...events: RingsideEvent[]): Promise<void>;
  /** Every stored event of a type, oldest first. */
  eventsOf<T extends RingsideEvent['type']>(type: T): EventOf<T>[];
  addDevice(name: string, role: 'admin' | 'bookkeeper' | 'agent', numbers?: string[]): string;
  getMedia(sha256: string, token: string | null, headers?: Record<string, string>, method?: string): Promise<Response>;
  /** Closes the relay (downloads under way stay pending), runs `whileStopped`, and starts it again on the same data dir. */
  restart(env?: Record<string, string>, whileStopped?: () => void): Promise<void>;
  stop(): Promise<void>;
}

export async function startMediaRelay(env: Record<string, string>): Promise<MediaRelay> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ringside-media-'));
  let current = await launch(dataDir, env);
  const handle: MediaRelay = {
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
    async deliver(...events) {
      const answer = await fetch(`${current.url}/webhooks/carrier`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
      if (answer.status !== 200) throw new Error(`webhook answered ${answer.status}: ${await answer.text()}`);
    },
    eventsOf(type) {
      const rows = current.db.prepare('SELECT event FROM events WHERE type = ? ORDER BY seq').pluck().all(type) as string[];
      return rows.map((row) => JSON.parse(row) as never);
    },
    addDevice(name, role, numbers = []) {
      // Another connection, as the device CLI writes: the relay notices through data_version.
      const cli = openRelayDatabase(dataDir);
      try {
        return addDevice(cli, { name, role, numbers }, new Date()).token;
      } finally {
        cli.close();
      }
    },
    getMedia(sha256, token, headers = {}, method = 'GET') {
      return fetch(`${current.url}/v1/media/${sha256}`, { method, headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...headers } });
    },
    async restart(nextEnv = env, whileStopped) {
      await close(current);
      whileStopped?.();
      current = await launch(dataDir, nextEnv);
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

async function launch(dataDir: string, env: Record<string, string>): Promise<Running> {
  const parsed = parseRelaySettings({ RELAY_DATA_DIR: dataDir, ...env }, providers);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const db = openRelayDatabase(dataDir);
  const relay = createRelay({ settings: parsed.settings, db, logger: createLogger('error', Date.now), clock: Date.now, providers, devicePollMs: 50 });
  await new Promise<void>((resolve) => relay.server.listen(0, '127.0.0.1', resolve));
  return { relay, db, url: `http://127.0.0.1:${(relay.server.address() as AddressInfo).port}` };
}

async function close(running: Running): Promise<void> {
  await running.relay.close();
  running.db.close();
}

/** Resolves once `check` returns a value other than undefined; fails with `what` after `timeoutMs`. */
// ---- events that carry media, as a provider normalizer makes them ---------------------

const LINE = '+16175550100';
const CALLER = '+16175550111';
let counter = 0;

function envelope(id: string, lines: string[]) {
  const at = new Date().toISOString();
  return { v: EVENT_MODEL_VERSION, id, source: 'openphone' as const, occurredAt: at, receivedAt: at, lines };
}

export function media(mediaId: string, url: string, contentType: string | null = 'audio/mpeg'): MediaItem {
  return { mediaId, url, contentType, durationSeconds: contentType?.startsWith('audio/') ? 2 : null };
}

export function newCallId(): string {
  return `openphone:ACmedia${Date.now().toString(36)}${(counter++).toString(36)}`;
}

export function recordingReady(callId: string, urls: string[], line = LINE): EventOf<'call.recording_ready'> {
  return {
    ...envelope(`EV-recording-${callId}`, [line]),
    type: 'call.recording_ready',
    data: { callId, recordings: urls.map((url, index) => media(`${callId}:recording:${index}`, url)), call: null },
  };
}

export function callCompleted(callId: string, voicemailUrl: string | null, line = LINE, caller = CALLER): EventOf<'call.completed'> {
  const at = new Date().toISOString();
  return {
    ...envelope(`EV-completed-${callId}`, [line]),
    type: 'call.completed',
    data: {
      callId,
      direction: 'incoming',
      businessNumber: line,
      externalNumber: caller,
      startedAt: at,
      answeredAt: null,
      completedAt: at,
      durationSeconds: 0,
      voicemailUrl,
      answeredBy: null,
      voicemail: voicemailUrl === null ? null : media(`${callId}:voicemail:0`, voicemailUrl),
    },
  };
}

export function voicemailReady(callId: string, url: string, line = LINE): EventOf<'call.voicemail_ready'> {
  return { ...envelope(`EV-voicemail-${callId}-${counter++}`, [line]), type: 'call.voicemail_ready', data: { callId, voicemail: media(`${callId}:voicemail:0`, url), transcript: null } };
}

export function photoMessage(urls: string[], line = LINE, sender = CALLER, contentType = 'image/jpeg'): EventOf<'message.recorded'> {
  const messageId = `openphone:ACmsg${Date.now().toString(36)}${(counter++).toString(36)}`;
  return {
    ...envelope(`EV-message-${messageId}`, [line]),
    type: 'message.recorded',
    data: {
      messageId,
      direction: 'incoming',
      businessNumber: line,
      from: sender,
      participants: [sender],
      body: 'here is the photo',
      media: urls.map((url, index) => media(`${messageId}:media:${index}`, url, contentType)),
      status: 'received',
      errorCode: null,
      sentAt: new Date().toISOString(),
      providerConversationId: null,
      userId: null,
      campaignId: null,
      healthCheck: false,
    },
  };
}
