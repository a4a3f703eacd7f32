/**
 * `npm run demo`: Ringside on an embedded default, so a newcomer sees a card pop up.
 *
 * Starts a local relay (port 8787, data in .ringside/demo) with the emulators it talks
 * to on loopback (OpenPhone's REST API, so replies from the console are delivered, with
 * a small seeded workspace for Operations' import, date-range check and health check; a
 * media host for recordings and voicemails; QuickBooks Online), creates an admin
 * device, imports four months of history into the relay's log before it starts, each
 * event at its own time (customers on three plans, calls, texts, a campaign, invoices,
 * payments, top-ups: src/main/sample-data/demo-history.ts, `npm run relay -- log import`),
 * opens the console (Electron where its binary exists, otherwise the browser harness,
 * whose URL is printed) and plays a simulated caller every few seconds through the
 * OpenPhone webhook emulator: answered calls (new-generation webhooks, so the console
 * shows who answered while the call goes on), missed calls, voicemails, recorded calls
 * whose words come from a pool of dialogues (scripts/demo-dialogues.ts: visits booked with a day,
 * an address and a price, or only a question), half with OpenPhone's transcript and half
 * transcribed by the relay through the OpenAI-compatible emulator, and a text now and then.
 * At start three recorded calls book visits, one moved to Confirmed, so the Jobs board and
 * its Calendar have something on first open. Ctrl-C stops everything.
 *
 *   npm run demo -- [--port 8787] [--ui-port 5174] [--every 8] [--no-callers] [--keep] [--data-dir .ringside/demo]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startConsoleCoreWorker } from '../src/main/core-process/worker-thread';
import { createLogger } from '../src/main/core/logger';
import { importCustomers } from '../src/main/customers/import-customers';
import { startHarness } from '../src/main/harness/server';
import { communicationsSampleCustomersCsv, communicationsSampleDeliveries } from '../src/main/sample-data/communications-sample';
import { demoHistory } from '../src/main/sample-data/demo-history';
import { demoHistoryLines } from '../src/main/sample-data/demo-history-file';
import { JsonFileSettingsStore } from '../src/main/settings';
import { recordingPath, voicemailPath, type DialogueTurn } from '../tools/emulators/openphone/artifact-payloads';
import { sha256Hex, startOpenAiEmulator, type OpenAiEmulator, type ScriptedTranscript } from '../tools/emulators/openai/emulator';
import { playCall } from '../tools/emulators/openphone/call-script';
import { grayJpeg, silentMp3 } from '../tools/emulators/openphone/media-host';
import { inboundSms, playMessages } from '../tools/emulators/openphone/message-script';
import { phoneNumberIdFor } from '../tools/emulators/openphone/payloads';
import { startOpenPhoneRestEmulator, type OpenPhoneRestEmulator } from '../tools/emulators/openphone/rest-api';
import { recordLiveCall, recordLiveMessage } from '../tools/emulators/openphone/workspace/live-activity';
import { seededWorkspace } from '../tools/emulators/openphone/workspace/seeded-workspace';
import { hash32, type Workspace } from '../tools/emulators/openphone/workspace/workspace';
import { sendOpenPhoneWebhook } from '../tools/emulators/openphone/sender';
import { createQuickBooksEmulator, type QuickBooksEmulator } from '../tools/emulators/quickbooks/emulator';
import { startMightyCallEmulator } from '../tools/emulators/mightycall/emulator';
import { seedMightyCall } from '../tools/emulators/mightycall/seed';
import { createFlutterwaveEmulator, type FlutterwaveEmulator } from '../tools/emulators/flutterwave/emulator';
import { parseCustomerCsv } from '../src/main/customers/parse-customer-csv';
import { relaySettingsForEmulator } from '../tools/emulators/quickbooks/relay-settings';
import { findElectronBinary } from '../tools/electron-binary';
import { startDemoMailCatcher } from './demo-mail-catcher';
import { BOOKING_DIALOGUES, DEMO_DIALOGUES, DEMO_UNSCRIPTED_AUDIO_WORDS, type DemoDialogue } from './demo-dialogues';
import { moveSeededJobs, type SeededMove } from './demo-seed-jobs';

const ROOT = resolve(__dirname, '..');
/** The demo's OpenPhone signing key (base64 of "ringside-demo-openphone-key-0001"). Demo only. */
const DEMO_LEGACY_SECRET = Buffer.from('ringside-demo-openphone-key-0001').toString('base64');
/** The new generation's Standard Webhooks key, also demo only. */
const DEMO_STANDARD_SECRET = `whsec_${Buffer.from('ringside-demo-standard-webhooks-1').toString('base64')}`;
/** Both, as the relay's OPENPHONE_WEBHOOK_SECRET takes them (the simulator signs with the one of the generation it sends). */
const DEMO_SECRET = `${DEMO_LEGACY_SECRET},${DEMO_STANDARD_SECRET}`;
/** The key the relay sends texts with, as the OpenPhone REST emulator accepts it. Demo only. */
const DEMO_OPENPHONE_API_KEY = 'ringside-demo-openphone-api-key';
/** The demo's Twilio number rings the demo line's agent; calls are not recorded (the simulator's recordings would come from a host the relay is not told of). */
const DEMO_TWILIO_AUTH_TOKEN = 'ringside-demo-twilio-auth-token';
const DEMO_TWILIO_NUMBER = '+16175550197';
/** The demo's Vapi number (the AI voice agent): the relay answers its assistant-requests from its accounts. */
const DEMO_VAPI_SECRET = 'ringside-demo-vapi-secret';
const DEMO_VAPI_NUMBER = '+16175550196';
/** The key of the demo's OpenAI-compatible transcription emulator. Demo only. */
const DEMO_OPENAI_KEY = 'sk-ringside-demo-transcription';
/** Seconds a recording without OpenPhone's transcript waits before the relay transcribes it (90 by default; short so the demo shows it). */
const DEMO_TRANSCRIPTION_WAIT_SECONDS = 5;
/** The demo business, as its portal and notices name it. */
const DEMO_BUSINESS = 'Ringside Demo Desk';
/** The sender of the demo's notice mail (caught and printed by the demo, never sent anywhere). */
const DEMO_NOTICE_SENDER = `${DEMO_BUSINESS} <billing@demo-desk.example>`;
/** The business line the simulated callers ring. */
const DEMO_LINE = '+16175550199';
/** A second line of the demo's OpenPhone workspace, for the health check to text (it carries no history). */
const DEMO_HEALTH_LINE = '+16175550198';
const DEMO_OWNER = { id: 'USdemo0001', firstName: 'Demo', lastName: 'Owner', email: null, role: 'owner' } as const;
/** The workspace's size: about 750 API requests, so an import takes about 75 s at OpenPhone's 10 requests a second. */
const DEMO_WORKSPACE_CONVERSATIONS = 150;

const USAGE = 'usage: npm run demo -- [--port 8787] [--ui-port 5174] [--every 8] [--no-callers] [--keep] [--mightycall] [--data-dir .ringside/demo]';

function readOptions() {
  try {
    return parseArgs({
      options: {
        port: { type: 'string', default: '8787' },
        'ui-port': { type: 'string', default: '5174' },
        every: { type: 'string', default: '8' },
        'no-callers': { type: 'boolean', default: false },
        keep: { type: 'boolean', default: false },
        // The MightyCall emulator too, with its seeded account, polled by the relay (README: Connect MightyCall).
        mightycall: { type: 'boolean', default: false },
        'data-dir': { type: 'string', default: join(ROOT, '.ringside', 'demo') },
      },
    }).values;
  } catch (error) {
    console.error(`demo: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(2);
  }
}
const values = readOptions();

function portSetting(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) {
    console.error(`demo: --${name} must be a port number 0-65535, got '${raw}'`);
    process.exit(2);
  }
  return n;
}

const relayPort = portSetting('port', values.port);
const uiPort = portSetting('ui-port', values['ui-port']);
const everySeconds = Number(values.every);
if (!Number.isFinite(everySeconds) || everySeconds < 2) {
  console.error(`demo: --every must be a number of seconds ≥ 2, got '${values.every}'`);
  process.exit(2);
}

const dataDir = resolve(values['data-dir']);
const children: ChildProcess[] = [];
/** The relay's URL once it listens. */
let relayUrlInUse = '';
/** --port as the relay gets it (0 resolved to a free port before start-up). */
let relayPortInUse = relayPort;
const stops: Array<() => Promise<void>> = [];
/** The emulators' settings for the relay, known once they listen. */
let emulatorEnv: Record<string, string> = {};
/** The MightyCall emulator's address with --mightycall. */
let mightyCallUrl: string | null = null;

function relayEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    RELAY_HOST: '127.0.0.1',
    RELAY_PORT: String(relayPortInUse),
    RELAY_DATA_DIR: join(dataDir, 'relay'),
    RELAY_LOG_LEVEL: 'warn',
    OPENPHONE_WEBHOOK_SECRET: DEMO_SECRET,
    OPENPHONE_PHONE_NUMBER_IDS: `${phoneNumberIdFor(DEMO_LINE)}=${DEMO_LINE},${phoneNumberIdFor(DEMO_HEALTH_LINE)}=${DEMO_HEALTH_LINE}`,
    // The health check texts from the demo's line to its second one through the emulator, at start-up and every 6 h.
    OPENPHONE_HEALTH_CHECK_FROM: DEMO_LINE,
    OPENPHONE_HEALTH_CHECK_TO: DEMO_HEALTH_LINE,
    RELAY_PUBLIC_URL: `http://127.0.0.1:${relayPortInUse}`,
    // The demo's business keeps this computer's time, so "Tuesday at ten" in a call is ten o'clock on the Jobs page.
    RELAY_BUSINESS_TIME_ZONE: process.env.RELAY_BUSINESS_TIME_ZONE ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    TWILIO_AUTH_TOKEN: DEMO_TWILIO_AUTH_TOKEN,
    TWILIO_VOICE_ROUTES: `${DEMO_TWILIO_NUMBER}=dial:+16175550190`,
    TWILIO_RECORD_CALLS: 'off',
    TWILIO_MEDIA_AUTH: 'off',
    VAPI_SECRET: DEMO_VAPI_SECRET,
    VAPI_ASSISTANT_ID: 'demo-front-desk-assistant',
    ...emulatorEnv,
  };
}

const relayArgs = ['--max-semi-space-size=4', '--enable-source-maps', join(ROOT, 'relay/dist/relay.mjs')];

function buildRelay(): void {
  const build = spawnSync(process.execPath, [join(ROOT, 'relay/scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building the relay failed');
}

function startRelay(): Promise<string> {
  const child = spawn(process.execPath, relayArgs, { cwd: ROOT, env: relayEnv(), stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolveUrl, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /ringside relay listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) resolveUrl(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`the relay exited (code ${code}); is port ${relayPort} taken? try --port 0`)));
  });
}

/** --port 0 is turned into a free port first: QuickBooks must know the relay's callback before the relay starts. */
function freePort(wanted: number): Promise<number> {
  if (wanted !== 0) return Promise.resolve(wanted);
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

/** The admin token, kept in a file only its owner can read, so it never has to be typed or scrolled past. */
const tokenFile = join(dataDir, 'admin-token');
/** The bookkeeper device that posted the history's QuickBooks facts (invoices synced, payments). */
const bookkeeperTokenFile = join(dataDir, 'bookkeeper-token');

/** With --keep the demo's device from last time is used again (adding it twice is refused). */
function deviceToken(file: string, name: string, role: 'admin' | 'bookkeeper'): string {
  if (values.keep && existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept !== '') return kept;
  }
  const token = addDevice(values.keep ? `${name} ${new Date().toISOString().slice(0, 19).replace('T', ' ')}` : name, role);
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

function addDevice(name: string, role: 'admin' | 'bookkeeper'): string {
  const r = spawnSync(process.execPath, [...relayArgs, 'device', 'add', '--name', name, '--role', role], {
    cwd: ROOT,
    env: relayEnv(),
    encoding: 'utf8',
  });
  const token = r.stdout.trim().split('\n').pop();
  if (r.status !== 0 || !token) throw new Error(`device add failed: ${r.stderr}`);
  return token;
}

/** The QuickBooks token key stays the same across --keep runs, so a connected demo stays connected. */
function quickBooksKey(): string {
  const file = join(dataDir, 'quickbooks-token-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = randomBytes(32).toString('base64');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)] as T;
}


/**
 * The cloud bucket OpenPhone's media URLs point to, for the demo: any `/voicemails/…`
 * or `/recordings/…` path is a few seconds of silent MP3, any `/mms/…` path a photo,
 * so `npm run simulate -- voicemail|mms` from another terminal works against it too.
 */
interface DemoMediaHost {
  origin: string;
  hostPort: string;
  close(): Promise<void>;
}

async function startDemoMediaHost(): Promise<DemoMediaHost> {
  const server = createHttpServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://media.invalid').pathname;
    const body = path.startsWith('/mms/') ? grayJpeg(path) : /^\/(voicemails|recordings)\//.test(path) ? silentMp3(6, path) : null;
    if (body === null) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': path.startsWith('/mms/') ? 'image/jpeg' : 'audio/mpeg', 'content-length': String(body.length) }).end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const hostPort = `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { origin: `http://${hostPort}`, hostPort, close: () => new Promise((done) => server.close(() => done())) };
}

/**
 * The OpenPhone workspace the REST emulator serves: four months of the demo line's
 * calls and texts with other callers than the relay's history (seeded-workspace.ts,
 * the same every run up to today), for Operations → Import history; and two of
 * yesterday's whose webhooks never came, for Operations → Check a date range to find.
 */
function demoWorkspace(media: DemoMediaHost): Workspace {
  const now = new Date();
  const workspace = seededWorkspace({
    seed: 7,
    conversations: DEMO_WORKSPACE_CONVERSATIONS,
    months: 4,
    contacts: 60,
    photos: 10,
    endAt: now,
    // Older media comes back without a link, as OpenPhone's does, so the import has some to report.
    mediaRetentionDays: 90,
    mediaBaseUrl: media.origin,
    lines: [{ number: DEMO_LINE, name: 'Support line', id: phoneNumberIdFor(DEMO_LINE), users: [DEMO_OWNER] }],
    quietLines: [{ number: DEMO_HEALTH_LINE, name: 'Health check line', id: phoneNumberIdFor(DEMO_HEALTH_LINE), users: [DEMO_OWNER] }],
  });
  const yesterday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 1, 14);
  const day = new Date(yesterday).toISOString().slice(0, 10);
  recordLiveCall(workspace, { id: `AC${hash32(`demo|lost call|${day}`)}`, line: DEMO_LINE, customer: '+16175550100', createdAt: new Date(yesterday), answeredSeconds: null });
  recordLiveMessage(workspace, { id: `AC${hash32(`demo|lost text|${day}`)}`, line: DEMO_LINE, customers: ['+16175550100'], text: 'I tried calling, can you ring me back?', createdAt: new Date(yesterday + 120_000) });
  return workspace;
}

interface Emulators {
  media: DemoMediaHost;
  transcription: OpenAiEmulator;
  openPhone: OpenPhoneRestEmulator;
  quickBooks: QuickBooksEmulator;
  flutterwave: FlutterwaveEmulator;
}

async function startEmulators(port: number): Promise<Emulators> {
  const media = await startDemoMediaHost();
  const workspace = demoWorkspace(media);
  const openPhone = await startOpenPhoneRestEmulator({ apiKeys: [DEMO_OPENPHONE_API_KEY], lines: workspace.lines, workspace });
  const redirectUri = `http://127.0.0.1:${port}/quickbooks/callback`;
  const quickBooks = createQuickBooksEmulator({ redirectUris: [redirectUri], consent: 'page', seed: 'sandbox' });
  await quickBooks.listen(0, '127.0.0.1');
  // Flutterwave's checkout and API for top-ups; its webhooks go to the relay, which verifies each payment with it.
  const flutterwave = createFlutterwaveEmulator({ webhookUrl: `http://127.0.0.1:${port}/webhooks/flutterwave` });
  await flutterwave.listen(0, '127.0.0.1');
  // Notice mail to customers goes to this catcher, which prints each one here (README: Trying notices in the demo).
  const mail = await startDemoMailCatcher((text) => console.log(text));
  // Recordings OpenPhone gives no transcript for are transcribed by the relay through this (Whisper's API);
  // audio nobody scripted is heard as a short call-back request.
  const transcription = await startOpenAiEmulator({ apiKey: DEMO_OPENAI_KEY, defaultTranscript: spokenTranscript([{ by: 'caller', text: DEMO_UNSCRIPTED_AUDIO_WORDS }], 6) });
  stops.push(() => media.close(), () => openPhone.close(), () => quickBooks.close(), () => flutterwave.close(), () => mail.close(), () => transcription.close());
  emulatorEnv = {
    RELAY_MEDIA_ALLOWED_HOSTS: media.hostPort,
    OPENPHONE_API_KEY: DEMO_OPENPHONE_API_KEY,
    OPENPHONE_API_BASE_URL: openPhone.url,
    ...relaySettingsForEmulator(quickBooks, redirectUri),
    QUICKBOOKS_TOKEN_ENCRYPTION_KEY: quickBooksKey(),
    FLUTTERWAVE_SECRET_HASH: flutterwave.secretHash,
    FLUTTERWAVE_SECRET_KEY: flutterwave.secretKey,
    FLUTTERWAVE_API_BASE_URL: flutterwave.apiBase,
    FLUTTERWAVE_REDIRECT_URL: `http://127.0.0.1:${port}/payments/thank-you`,
    RELAY_BUSINESS_NAME: DEMO_BUSINESS,
    RELAY_NOTICE_EMAIL_FROM: DEMO_NOTICE_SENDER,
    RELAY_SMTP_HOST: '127.0.0.1',
    RELAY_SMTP_PORT: String(mail.port),
    RELAY_SMTP_SECURITY: 'none',
    TRANSCRIPTION_API_URL: transcription.url,
    TRANSCRIPTION_API_KEY: DEMO_OPENAI_KEY,
    TRANSCRIPTION_PROVIDER_WAIT_SECONDS: String(DEMO_TRANSCRIPTION_WAIT_SECONDS),
  };
  if (values.mightycall) {
    const mightyCall = await startMightyCallEmulator({ apiKey: 'mc-demo-api-key', userKey: 'mc-demo-user-key' });
    Object.assign(mightyCall.data, seedMightyCall(Date.now(), mightyCall.url));
    stops.push(() => mightyCall.close());
    mightyCallUrl = mightyCall.url;
    emulatorEnv.MIGHTYCALL_API_KEY = 'mc-demo-api-key';
    emulatorEnv.MIGHTYCALL_USER_KEY = 'mc-demo-user-key';
    emulatorEnv.MIGHTYCALL_API_BASE_URL = mightyCall.baseUrl;
    emulatorEnv.RELAY_MEDIA_ALLOWED_HOSTS = `${media.hostPort},${new URL(mightyCall.url).host}`;
  }
  return { media, transcription, openPhone, quickBooks, flutterwave };
}

/** Turns as Whisper hears them: one segment per turn, no speakers, spread over the recording. */
function spokenTranscript(turns: readonly DialogueTurn[], seconds: number): ScriptedTranscript {
  const share = seconds / Math.max(1, turns.length);
  return {
    language: 'english',
    segments: turns.map((turn, i) => ({ start: Math.round(i * share * 10) / 10, end: Math.round((i + 1) * share * 10) / 10, text: ` ${turn.text}`, avg_logprob: -0.18, no_speech_prob: 0.02 })),
  };
}

/** The media host serves a call's recording as 6 s of MP3 unique to its path: the transcription emulator hears these words in it. */
function scriptRecordingWords(emulators: Emulators, callId: string, turns: readonly DialogueTurn[]): void {
  emulators.transcription.scriptTranscript(sha256Hex(silentMp3(6, recordingPath(callId))), spokenTranscript(turns, 6));
}


/**
 * Months of history, imported into the relay's log before the relay starts
 * (`npm run relay -- log import`), each event at the time it happened, so billing puts
 * every call in its own period; the live callers then play on top.
 */
function importHistory(media: DemoMediaHost): ReturnType<typeof demoHistory> {
  const started = Date.now();
  const now = new Date();
  const history = demoHistory({ line: DEMO_LINE, now, seed: 1, voicemailUrl: (callId) => `${media.origin}${voicemailPath(callId)}` });
  const marker = join(dataDir, 'history-played');
  if (values.keep && existsSync(marker)) {
    console.log('history:  kept from the previous run (--keep)');
    return history;
  }
  const file = join(dataDir, 'history.jsonl');
  writeFileSync(file, `${demoHistoryLines(history, { now }).join('\n')}\n`);
  const run = spawnSync(process.execPath, [...relayArgs, 'log', 'import', file], { cwd: ROOT, env: relayEnv(), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`importing the history failed: ${run.stderr.trim()}`);
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  const { calls, missed, voicemails, texts } = history.counts;
  const customers = history.customersCsv.trim().split('\n').length - 1;
  console.log(
    `history:  ${customers} customers on three plans, ${calls} calls over four months (${missed} missed, ${voicemails} voicemails), ${texts} texts and a campaign, ${history.consoleEvents.length} invoice, payment and top-up facts, imported at their own times (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  return history;
}

async function main(): Promise<void> {
  if (!values.keep) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });

  if (!existsSync(join(ROOT, 'out/renderer/index.html')) || !existsSync(join(ROOT, 'out/main/index.js'))) {
    console.log('building the console (electron-vite build)…');
    const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('the build failed');
  }

  buildRelay();
  const port = await freePort(relayPort);
  relayPortInUse = port;
  const emulators = await startEmulators(port);
  const history = importHistory(emulators.media);
  // Before the relay starts: its health check texts at start-up, and the emulator must deliver that text's webhook.
  emulators.openPhone.deliverOutcomesTo({ relayUrl: `http://127.0.0.1:${port}`, legacySecretBase64: DEMO_LEGACY_SECRET, standardSecret: DEMO_STANDARD_SECRET });
  const relayUrl = await startRelay();
  relayUrlInUse = relayUrl;
  console.log(`relay:    ${relayUrl}  (data in ${join(dataDir, 'relay')})`);
  const token = deviceToken(tokenFile, 'Demo console', 'admin');
  const bookkeeperToken = deviceToken(bookkeeperTokenFile, 'Books', 'bookkeeper');
  // Ready for a second console, the bookkeeper's, which runs the QuickBooks sync.
  new JsonFileSettingsStore(join(dataDir, 'books-settings.json')).write({ relayUrl, deviceToken: bookkeeperToken, phoneRegion: 'US' });
  // A morning of texts and calls for the Communications page, played through the relay as OpenPhone sends them.
  const desk = await importCustomers({ csv: communicationsSampleCustomersCsv(`${new Date().toISOString().slice(0, 8)}01`), relay: { url: relayUrl, token }, region: 'US' });
  for (const delivery of communicationsSampleDeliveries({ line: DEMO_LINE, now: new Date() })) await sendOpenPhoneWebhook(relayUrl, delivery.body, { secretBase64: DEMO_LEGACY_SECRET });
  console.log(`sample:   ${desk.accepted} more customers, with a morning of texts and calls`);

  const settingsPath = join(dataDir, 'console-settings.json');
  new JsonFileSettingsStore(settingsPath).write({ relayUrl, deviceToken: token, phoneRegion: 'US' });

  const electron = findElectronBinary();
  if (electron) {
    const app = spawn(electron, [join(ROOT, 'out/main/index.js')], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, RINGSIDE_USER_DATA: join(dataDir, 'electron'), RINGSIDE_RELAY_URL: relayUrl, RINGSIDE_DEVICE_TOKEN: token },
    });
    children.push(app);
    console.log('console:  the Electron app is opening');
  } else {
    // In a worker, as the harness CLI, the e2e tests and the benchmarks run it; its errors go to this terminal.
    const core = startConsoleCoreWorker({ dbPath: join(dataDir, 'console.db'), settings: new JsonFileSettingsStore(settingsPath), logger: createLogger() });
    await core.start();
    const harness = await startHarness({ core, rendererDir: join(ROOT, 'out/renderer'), host: '127.0.0.1', port: uiPort });
    stops.push(() => harness.close(), () => core.stop());
    console.log(`console:  open ${harness.url}  (no Electron binary here: the console runs in your browser)`);
    console.log(`          the caller card window alone: ${harness.url.replace(/\/$/, '')}/card.html`);
  }

  const customerRows = parseCustomerCsv(history.customersCsv, { region: 'US' }).rows;
  const nameOf = new Map<string, string>(customerRows.flatMap((row) => row.phones.map((phone): [string, string] => [phone, row.name])));
  const callerName = (phone: string): string => nameOf.get(phone) ?? STRANGER_NAMES[parseInt(hash32(phone).slice(0, 6), 16) % STRANGER_NAMES.length]!;
  const playRecorded = (callId: string, from: string, dialogue: DemoDialogue, providerTranscript: boolean, speed?: number): Promise<string> => {
    const turns = dialogue.turns(callerName(from));
    // Without OpenPhone's transcript the relay transcribes the recording (after TRANSCRIPTION_PROVIDER_WAIT_SECONDS).
    if (!providerTranscript) scriptRecordingWords(emulators, callId, turns);
    return playCall(relayUrl, {
      callId,
      from,
      to: DEMO_LINE,
      generation: 'standard',
      secretBase64: DEMO_STANDARD_SECRET,
      answerAfterSeconds: 2,
      answeredBy: DEMO_USER_ID,
      durationSeconds: 20 + turns.length * 4,
      mediaBaseUrl: emulators.media.origin,
      record: true,
      dialogue: turns,
      summary: dialogue.summary,
      artifacts: providerTranscript ? (['transcript', 'summary'] as const) : [],
      ...(speed === undefined ? {} : { speed }),
    });
  };
  if (!values.keep || !existsSync(join(dataDir, 'jobs-seeded'))) void seedJobs(playRecorded, history.customerPhones);

  printHowToDrive(relayUrl, emulators, customerRows.find((row) => row.email !== null));
  if (values['no-callers']) {
    console.log('No simulated callers (--no-callers): ring the line yourself with the lines above.');
    return;
  }

  // Mostly known customers, some strangers.
  const known = history.customerPhones;
  const strangers = ['+14155550123', '+12125550188', '+13125550142', '+447700900123'];
  console.log(`\nA simulated caller rings ${DEMO_LINE} every ~${everySeconds} s, and a text comes in now and then. Ctrl-C stops the demo.\n`);
  const ringOnce = (): void => {
    const from = Math.random() < 0.8 ? pick(known) : pick(strangers);
    const outcome = liveCallOutcome(Math.random());
    const callId = `AC${randomBytes(16).toString('hex')}`;
    if (outcome === 'recorded') {
      // A recorded call: what was said comes from the pool; half the time OpenPhone gives no transcript and the relay makes one.
      const dialogue = pick(DEMO_DIALOGUES);
      const provider = Math.random() < 0.5;
      playRecorded(callId, from, dialogue, provider)
        .then(() => console.log(`call ${callId} from ${from}: recorded (${dialogue.topic}${provider ? '' : `; transcribed by the relay in ~${DEMO_TRANSCRIPTION_WAIT_SECONDS} s`})`))
        .catch((error: unknown) => console.error(`simulated call failed: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    const talk = 8 + Math.floor(Math.random() * 40);
    const answered = outcome === 'answered';
    playCall(relayUrl, {
      callId,
      from,
      to: DEMO_LINE,
      generation: 'standard',
      secretBase64: DEMO_STANDARD_SECRET,
      answerAfterSeconds: answered ? 2 + Math.floor(Math.random() * 4) : null,
      answeredBy: DEMO_USER_ID,
      durationSeconds: answered ? talk : 6,
      mediaBaseUrl: emulators.media.origin,
      ...(outcome === 'voicemail' ? { voicemailSeconds: 6 } : {}),
    })
      .then(() => console.log(`call ${callId} from ${from}: ${outcome}`))
      .catch((error: unknown) => console.error(`simulated call failed: ${error instanceof Error ? error.message : String(error)}`));
    if (Math.random() < 0.25) {
      const texter = pick(known);
      playMessages(relayUrl, inboundSms({ line: DEMO_LINE, start: new Date(), from: texter, body: pick(LIVE_TEXTS) }), { secretBase64: DEMO_LEGACY_SECRET })
        .then(() => console.log(`text from ${texter}`))
        .catch((error: unknown) => console.error(`simulated text failed: ${error instanceof Error ? error.message : String(error)}`));
    }
  };
  ringOnce();
  const timer = setInterval(ringOnce, everySeconds * 1000);
  stops.push(async () => clearInterval(timer));
}

/** Callers the demo's customer list does not know. */
const STRANGER_NAMES = ['Jordan Reyes', 'Priya Shah', 'Sam O’Connor', 'Mei Chen'];

/**
 * The Jobs board's first cards: three recorded calls booking visits (two with OpenPhone's
 * transcript, one the relay transcribes), played at once; then one job is moved to Confirmed
 * (its time on the Calendar) and one to Quote sent, as the desk would.
 */
async function seedJobs(playRecorded: (callId: string, from: string, dialogue: DemoDialogue, providerTranscript: boolean, speed?: number) => Promise<string>, known: readonly string[]): Promise<void> {
  const [deskPhones, leak, wifi] = BOOKING_DIALOGUES;
  const seeds = [
    { dialogue: deskPhones!, from: known[0]!, provider: true, stage: 'confirmed' as const },
    { dialogue: leak!, from: known[1]!, provider: true, stage: 'quote_sent' as const },
    { dialogue: wifi!, from: known[2]!, provider: false, stage: null },
  ].map((seed) => ({ ...seed, callId: `AC${randomBytes(16).toString('hex')}` }));
  try {
    await Promise.all(seeds.map((seed) => playRecorded(seed.callId, seed.from, seed.dialogue, seed.provider, 200)));
    const moves: SeededMove[] = seeds.flatMap((seed) => (seed.stage === null ? [] : [{ providerCallId: seed.callId, stage: seed.stage }]));
    // Watched as the bookkeeper (whose console the demo does not open), moved as the admin console.
    const moved = await moveSeededJobs(relayUrlInUse, { token: readFileSync(tokenFile, 'utf8').trim(), watchToken: readFileSync(bookkeeperTokenFile, 'utf8').trim() }, moves);
    writeFileSync(join(dataDir, 'jobs-seeded'), `${new Date().toISOString()}\n`);
    console.log(`jobs:     ${seeds.length} recorded calls booked visits (Jobs page); ${moved} moved along, one Confirmed with its time on Jobs → Calendar; the third is transcribed by the relay in ~${DEMO_TRANSCRIPTION_WAIT_SECONDS} s`);
  } catch (error) {
    console.error(`demo: seeding the Jobs board failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The emulated OpenPhone user who answers the demo's calls (the REST emulator's owner of the line). */
const DEMO_USER_ID = `US${phoneNumberIdFor(DEMO_LINE).slice(2)}`;
const LIVE_TEXTS = ['Are you open until six today?', 'Can you call me back when you have a minute?', 'Got the invoice, thanks!', 'Is there a number for urgent issues at night?'];

/** Most callers are answered (some recorded, with a transcript and summary), some hang up, some leave a voicemail. */
function liveCallOutcome(r: number): 'answered' | 'recorded' | 'missed' | 'voicemail' {
  if (r < 0.5) return 'answered';
  if (r < 0.75) return 'recorded';
  if (r < 0.88) return 'missed';
  return 'voicemail';
}

function printHowToDrive(relayUrl: string, emulators: Emulators, payer: { customerId: string; name: string } | undefined): void {
  const relayDir = join(dataDir, 'relay');
  const secret = `OPENPHONE_WEBHOOK_SECRET=${DEMO_SECRET}`;
  const media = `--media-base-url ${emulators.media.origin}`;
  console.log(`
Drive it yourself, from another terminal in this folder (docs: README.md, "Drive the demo"):
  ring the line:     ${secret} npm run simulate -- ring --relay ${relayUrl} --from "(617) 555-0100" --to ${DEMO_LINE}
  a missed call:     ${secret} npm run simulate -- ring --relay ${relayUrl} --from +14155550123 --to ${DEMO_LINE} --missed
  answered, with who answered (new webhooks):
                     ${secret} npm run simulate -- ring --relay ${relayUrl} --from "(617) 555-0100" --to ${DEMO_LINE} --generation standard
  a voicemail:       ${secret} npm run simulate -- voicemail --relay ${relayUrl} --from "(617) 555-0100" --to ${DEMO_LINE} ${media}
  a call that becomes a job (recorded; the transcript says what you type):
                     ${secret} npm run simulate -- ring --relay ${relayUrl} --from "(617) 555-0100" --to ${DEMO_LINE} --record ${media} --say "I'd like someone to look at a leaking pipe at 12 Oak Street next Tuesday morning, my number is 617 555 0100"
                     a card appears in Jobs → Quote requested within seconds; without --say the relay transcribes the recording
                     (after ${DEMO_TRANSCRIPTION_WAIT_SECONDS} s, TRANSCRIPTION_PROVIDER_WAIT_SECONDS) through the transcription emulator at ${emulators.transcription.url}
  calendar feed:     Jobs → Calendar → make the calendar link (admin); the relay builds it on RELAY_PUBLIC_URL=${relayUrl}
                     (Google Calendar needs a public https address; here it works in a calendar app on this machine)
  a text:            ${secret} npm run simulate -- message --relay ${relayUrl} --from "(617) 555-0100" --to ${DEMO_LINE} --body "Can you call me back?"
  a photo (MMS):     ${secret} npm run simulate -- mms --relay ${relayUrl} --from "(617) 555-0100" --to ${DEMO_LINE} ${media}
  a campaign:        ${secret} npm run simulate -- campaign --relay ${relayUrl} --to ${DEMO_LINE} --count 30
  a Twilio call:     TWILIO_AUTH_TOKEN=${DEMO_TWILIO_AUTH_TOKEN} npm run simulate -- twilio-ring --relay ${relayUrl} --from "+16175550100" --to ${DEMO_TWILIO_NUMBER}
  an AI agent call:  VAPI_SECRET=${DEMO_VAPI_SECRET} npm run simulate -- vapi --relay ${relayUrl} --from "(617) 555-0100" --to ${DEMO_VAPI_NUMBER}
                     (the relay decides from the caller's time and credit; Communications → the call says why)
  admin token:       in ${tokenFile} (the console already uses it)
  another console:   RELAY_DATA_DIR=${relayDir} npm run relay -- device add --name "Front desk" --role agent --number ${DEMO_LINE}
  list / revoke:     RELAY_DATA_DIR=${relayDir} npm run relay -- device list   (device revoke "Front desk")
  QuickBooks:        Settings → QuickBooks → Connect QuickBooks opens the emulator's consent page (${emulators.quickBooks.urls.authorize});
                     Sync and payments run on the bookkeeper console, whose token is in ${bookkeeperTokenFile}:
                     npm run harness -- --db ${join(dataDir, 'books.db')} --settings ${join(dataDir, 'books-settings.json')} --port 5175
  notices:           Notices (admin) turns them on; each notice mail is caught on loopback and printed here as "mail: to …",
                     each text goes to the OpenPhone emulator and shows in the customer's conversation
  replies:           texts sent from the console go to the OpenPhone emulator at ${emulators.openPhone.url} and come back delivered
  media:             recordings, voicemails and photos are served from ${emulators.media.origin} (RELAY_MEDIA_ALLOWED_HOSTS=${emulators.media.hostPort})
  MightyCall:        ${mightyCallUrl === null ? 'npm run demo -- --mightycall also starts the MightyCall emulator, which the relay polls' : `the relay polls the MightyCall emulator at ${mightyCallUrl}: Operations shows the MightyCall card, Team its two numbers`}
  a top-up:          RINGSIDE_DEVICE_TOKEN=$(cat ${tokenFile}) npm run simulate -- flutterwave-topup --relay ${relayUrl} --customer ${payer?.customerId ?? '<customer id>'} --amount 25.00${payer ? `   (${payer.name})` : ''}
                     pays on the Flutterwave emulator (${emulators.flutterwave.apiBase}); the relay verifies it there, then the wallet is credited.
                     Or press Top up on a customer and open the link: the emulator's checkout has Pay, Card declined and Cancel.
`);
}

async function shutdown(code: number): Promise<void> {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  for (const child of children) child.kill('SIGTERM');
  process.exit(code);
}

process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));
main().catch((error: unknown) => {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
  void shutdown(1);
});
