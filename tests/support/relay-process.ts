import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Runs the real relay (`relay/dist/relay.mjs`, bundled from relay/src once per test
 * process, exactly as `npm run relay` runs it) as a child process on
 * 127.0.0.1 and an ephemeral port, for tests and benchmarks. Every child started here
 * is killed when the test process exits, even if a test forgot to stop it.
 */

export interface RelayProcessOptions {
  /** Default: a fresh temporary directory, removed by stop(). */
  dataDir?: string;
  /** Extra settings; an empty string unsets one (e.g. OPENPHONE_WEBHOOK_SECRET: ''). */
  env?: Record<string, string>;
  /** The OpenPhone signing key (base64) given to the relay. Default: 32 random bytes. */
  secretBase64?: string;
  /** Extra node flags for the relay (e.g. `--cpu-prof` for a profile of a bench run); not for CLI runs. */
  nodeArgs?: string[];
}

export interface RelayProcess {
  /** http://127.0.0.1:PORT. After restart() it may change (see restart). */
  readonly url: string;
  /** ws://127.0.0.1:PORT */
  readonly wsUrl: string;
  readonly dataDir: string;
  readonly secretBase64: string;
  /** The current child process. */
  readonly process: ChildProcess;
  /** Everything the current child wrote to stdout and stderr, for failure messages. */
  output(): string;
  /** Runs the real `device add` CLI against dataDir; resolves with the token. */
  addDevice(name: string, role: 'admin' | 'bookkeeper' | 'agent', numbers?: string[]): Promise<string>;
  revokeDevice(name: string): Promise<void>;
  /** Sends a signal (default SIGTERM) and waits for the child to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /**
   * Starts the relay again on the same dataDir (after kill(), or kills it first with
   * SIGTERM). It asks for the same port; if that port was taken meanwhile it takes a
   * new one, so read url/wsUrl again after restarting.
   */
  restart(): Promise<void>;
  /** SIGTERM, wait, and remove dataDir if this helper created it. */
  stop(): Promise<void>;
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const REPO_ROOT = path.resolve(__dirname, '../..');
const BUNDLE = path.join(REPO_ROOT, 'relay', 'dist', 'relay.mjs');
let bundleBuilt = false;

/** Bundles the current relay sources (once per process, so tests run what they see). */
function buildRelayBundle(): void {
  if (bundleBuilt) return;
  if (bundleUpToDate()) {
    bundleBuilt = true;
    return;
  }
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'relay', 'scripts', 'build.mjs')], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building the relay failed:\n${result.stderr}`);
  bundleBuilt = true;
}
/**
 * True when the bundle is newer than every file it was built from (its source map lists them)
 * and than the build script and the lockfile (which stands for the packages in it): each test file runs in its own process, and most would otherwise
 * bundle the same sources again.
 */
function bundleUpToDate(): boolean {
  try {
    const built = statSync(BUNDLE).mtimeMs;
    const map = JSON.parse(readFileSync(`${BUNDLE}.map`, 'utf8')) as { sources: string[] };
    const inputs = [path.join(REPO_ROOT, 'relay', 'scripts', 'build.mjs'), path.join(REPO_ROOT, 'package-lock.json'), ...map.sources.filter((source) => !source.includes('node_modules/')).map((source) => path.resolve(path.dirname(BUNDLE), source))];
    return inputs.every((input) => statSync(input).mtimeMs < built);
  } catch {
    return false; // no bundle or map yet, or an input is gone
  }
}
const LISTENING = /^ringside relay listening on (http:\/\/\S+)$/m;
const START_TIMEOUT_MS = 20_000;

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Runs the relay CLI to completion (e.g. `device list`, or `serve` expected to fail). */
export function runRelayCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  const child = spawnCli(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export async function startRelayProcess(opts: RelayProcessOptions = {}): Promise<RelayProcess> {
  const ownsDataDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'ringside-relay-'));
  const secretBase64 = opts.secretBase64 ?? randomBytes(32).toString('base64');
  const baseEnv: Record<string, string> = {
    RELAY_DATA_DIR: dataDir,
    OPENPHONE_WEBHOOK_SECRET: secretBase64,
    RELAY_LOG_LEVEL: 'warn',
    ...opts.env,
    RELAY_HOST: '127.0.0.1',
  };

  const nodeArgs = opts.nodeArgs ?? [];
  let current = await launch({ ...baseEnv, RELAY_PORT: '0' }, nodeArgs);

  const cli = async (args: string[]): Promise<CliRun> => {
    const run = await runRelayCli(args, baseEnv);
    if (run.code !== 0) throw new Error(`relay ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
    return run;
  };
  const kill = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    const { child } = current;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  };

  return {
    get url() {
      return current.url;
    },
    get wsUrl() {
      return current.url.replace(/^http/, 'ws');
    },
    dataDir,
    secretBase64,
    get process() {
      return current.child;
    },
    output: () => current.output(),
    async addDevice(name, role, numbers = []) {
      const run = await cli(['device', 'add', '--name', name, '--role', role, ...numbers.flatMap((n) => ['--number', n])]);
      const token = run.stdout.trimEnd().split('\n').pop() ?? '';
      if (!token.startsWith('rs_')) throw new Error(`device add printed no token: ${run.stdout}`);
      return token;
    },
    async revokeDevice(name) {
      await cli(['device', 'revoke', name]);
    },
    kill,
    async restart() {
      await kill('SIGTERM');
      const port = new URL(current.url).port;
      try {
        current = await launch({ ...baseEnv, RELAY_PORT: port }, nodeArgs);
      } catch {
        current = await launch({ ...baseEnv, RELAY_PORT: '0' }, nodeArgs);
      }
    },
    async stop() {
      await kill('SIGTERM');
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

interface Launched {
  child: ChildProcess;
  url: string;
  output(): string;
}

function launch(env: Record<string, string>, nodeArgs: readonly string[]): Promise<Launched> {
  const child = spawnCli(['serve'], env, nodeArgs);
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`relay did not start within ${START_TIMEOUT_MS} ms:\n${output}`));
    }, START_TIMEOUT_MS);
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      clearTimeout(timer);
      reject(new Error(`relay exited (${code ?? signal}) before listening:\n${output}`));
    };
    child.once('exit', onExit);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve({ child, url: match[1]!, output: () => output });
    });
  });
}

function spawnCli(args: string[], env: Record<string, string>, nodeArgs: readonly string[] = []): ChildProcess {
  buildRelayBundle();
  return spawn(process.execPath, ['--max-semi-space-size=4', '--enable-source-maps', ...nodeArgs, BUNDLE, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
