import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startConsoleCoreWorker } from '../core-process/worker-thread';
import { createLogger } from '../core/logger';
import { JsonFileSettingsStore } from '../settings';
import { startHarness } from './server';

const usage = `usage: npm run harness -- --db PATH --settings PATH [--port N] [--renderer DIR]

Runs the console core in a Node worker thread and serves the built renderer (npm run build first)
on http://127.0.0.1:PORT, for a browser where no Electron binary exists.
  --db        the console's SQLite database file (created if missing)
  --settings  a JSON settings file: relayUrl, deviceToken, phoneRegion
  --port      default 0 (any free port)
  --renderer  the built renderer, default out/renderer`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      settings: { type: 'string' },
      port: { type: 'string', default: '0' },
      renderer: { type: 'string', default: resolve(__dirname, '../../../out/renderer') },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const port = Number(values.port);
  if (!values.db || !values.settings || !Number.isInteger(port) || port < 0 || port > 65_535) {
    console.error(usage);
    process.exitCode = 2;
    return;
  }
  const rendererDir = resolve(values.renderer);
  if (!existsSync(resolve(rendererDir, 'index.html'))) {
    console.error(`no built renderer in ${rendererDir}: run \`npm run build\` first`);
    process.exitCode = 1;
    return;
  }

  const core = startConsoleCoreWorker({ dbPath: resolve(values.db), settings: new JsonFileSettingsStore(resolve(values.settings)), logger: createLogger() });
  await core.start();
  const harness = await startHarness({ core, rendererDir, host: '127.0.0.1', port });
  console.log(`Ringside console (browser harness): ${harness.url}`);

  const shutdown = (): void => {
    void harness
      .close()
      .then(() => core.stop())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
