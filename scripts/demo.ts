/**
 * `npm run demo`: Ringside on an embedded default, so a newcomer sees a card pop up.
 *
 * Starts a local relay (port 8787, data in .ringside/demo), creates an admin device,
 * imports a sample dataset of a few dozen customers on different plans through the
 * relay, opens the console (Electron where its binary exists, otherwise the browser
 * harness, whose URL is printed) and plays a simulated caller every few seconds
 * through the OpenPhone webhook emulator. Ctrl-C stops everything.
 *
 *   npm run demo -- [--port 8787] [--ui-port 5174] [--every 8] [--no-callers] [--keep]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startConsoleCoreWorker } from '../src/main/core-process/worker-thread';
import { createLogger } from '../src/main/core/logger';
import { importCustomers } from '../src/main/customers/import-customers';
import { parseCustomerCsv } from '../src/main/customers/parse-customer-csv';
import { startHarness } from '../src/main/harness/server';
import { communicationsSampleCustomersCsv, communicationsSampleDeliveries } from '../src/main/sample-data/communications-sample';
import { generateSampleCustomersCsv } from '../src/main/sample-data/sample-customers';
import { JsonFileSettingsStore } from '../src/main/settings';
import { playCall } from '../tools/emulators/openphone/call-script';
import { phoneNumberIdFor } from '../tools/emulators/openphone/payloads';
import { sendOpenPhoneWebhook } from '../tools/emulators/openphone/sender';
import { findElectronBinary } from '../tools/electron-binary';

const ROOT = resolve(__dirname, '..');
/** The demo's OpenPhone signing key (base64 of "ringside-demo-openphone-key-0001"). Demo only. */
const DEMO_SECRET = Buffer.from('ringside-demo-openphone-key-0001').toString('base64');
/** The business line the simulated callers ring. */
const DEMO_LINE = '+16175550199';

const USAGE = 'usage: npm run demo -- [--port 8787] [--ui-port 5174] [--every 8] [--no-callers] [--keep]';

function readOptions() {
  try {
    return parseArgs({
      options: {
        port: { type: 'string', default: '8787' },
        'ui-port': { type: 'string', default: '5174' },
        every: { type: 'string', default: '8' },
        'no-callers': { type: 'boolean', default: false },
        keep: { type: 'boolean', default: false },
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

const dataDir = join(ROOT, '.ringside', 'demo');
const children: ChildProcess[] = [];
const stops: Array<() => Promise<void>> = [];

function relayEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    RELAY_HOST: '127.0.0.1',
    RELAY_PORT: String(relayPort),
    RELAY_DATA_DIR: join(dataDir, 'relay'),
    RELAY_LOG_LEVEL: 'warn',
    OPENPHONE_WEBHOOK_SECRET: DEMO_SECRET,
    OPENPHONE_PHONE_NUMBER_IDS: `${phoneNumberIdFor(DEMO_LINE)}=${DEMO_LINE}`,
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

/** The admin token, kept in a file only its owner can read, so it never has to be typed or scrolled past. */
const tokenFile = join(dataDir, 'admin-token');

/** With --keep the demo's device from last time is used again (adding it twice is refused). */
function adminToken(): string {
  if (values.keep && existsSync(tokenFile)) {
    const kept = readFileSync(tokenFile, 'utf8').trim();
    if (kept !== '') return kept;
  }
  const token = addAdminDevice(values.keep ? `Demo console ${new Date().toISOString().slice(0, 19).replace('T', ' ')}` : 'Demo console');
  writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
  return token;
}

function addAdminDevice(name: string): string {
  const r = spawnSync(process.execPath, [...relayArgs, 'device', 'add', '--name', name, '--role', 'admin'], {
    cwd: ROOT,
    env: relayEnv(),
    encoding: 'utf8',
  });
  const token = r.stdout.trim().split('\n').pop();
  if (r.status !== 0 || !token) throw new Error(`device add failed: ${r.stderr}`);
  return token;
}


function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)] as T;
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
  const relayUrl = await startRelay();
  console.log(`relay:    ${relayUrl}  (data in ${join(dataDir, 'relay')})`);
  const token = adminToken();

  const csv = generateSampleCustomersCsv(36, 1);
  // Imports are keyed by the customers' stable ids, so a --keep run imports nothing twice.
  const report = await importCustomers({ csv, relay: { url: relayUrl, token }, region: 'US' });
  console.log(`sample:   ${report.accepted} customers imported through the relay`);
  // A morning of texts and calls for the Communications page, played through the relay as OpenPhone sends them.
  const desk = await importCustomers({ csv: communicationsSampleCustomersCsv(`${new Date().toISOString().slice(0, 8)}01`), relay: { url: relayUrl, token }, region: 'US' });
  for (const delivery of communicationsSampleDeliveries({ line: DEMO_LINE, now: new Date() })) await sendOpenPhoneWebhook(relayUrl, delivery.body, { secretBase64: DEMO_SECRET });
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

  printHowToDrive(relayUrl);
  if (values['no-callers']) {
    console.log('No simulated callers (--no-callers): ring the line yourself with the line above.');
    return;
  }

  // Mostly known customers (their numbers written as people write them), some strangers.
  const known = parseCustomerCsv(csv, { region: 'US' }).rows.flatMap((row) => row.phones);
  const strangers = ['+14155550123', '+12125550188', '+13125550142', '+447700900123'];
  console.log(`\nA simulated caller rings ${DEMO_LINE} every ~${everySeconds} s. Ctrl-C stops the demo.\n`);
  const ringOnce = (): void => {
    const from = Math.random() < 0.8 ? pick(known) : pick(strangers);
    const missed = Math.random() < 0.15;
    playCall(relayUrl, {
      from,
      to: DEMO_LINE,
      secretBase64: DEMO_SECRET,
      answerAfterSeconds: missed ? null : 2 + Math.floor(Math.random() * 4),
      durationSeconds: missed ? 6 : 8 + Math.floor(Math.random() * 40),
    })
      .then((callId) => console.log(`call ${callId} from ${from} ${missed ? 'missed' : 'ended'}`))
      .catch((error: unknown) => console.error(`simulated call failed: ${error instanceof Error ? error.message : String(error)}`));
  };
  ringOnce();
  const timer = setInterval(ringOnce, everySeconds * 1000);
  stops.push(async () => clearInterval(timer));
}

function printHowToDrive(relayUrl: string): void {
  const relayDir = join(dataDir, 'relay');
  console.log(`
Drive it yourself, from another terminal in this folder:
  ring the line:     OPENPHONE_WEBHOOK_SECRET=${DEMO_SECRET} npm run simulate -- ring --relay ${relayUrl} --from "(617) 555-0100" --to ${DEMO_LINE}
  admin token:       in ${tokenFile} (the console already uses it)
  another console:   RELAY_DATA_DIR=${relayDir} npm run relay -- device add --name "Front desk" --role agent --number ${DEMO_LINE}
  list devices:      RELAY_DATA_DIR=${relayDir} npm run relay -- device list
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
