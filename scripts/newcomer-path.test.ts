import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HarnessApiClient } from '../bench/harness-api-client';

/**
 * The newcomer path (issue 10 §4), as the README tells it: start the demo, paste the
 * "ring the line" command it prints into another terminal, and see the call answered,
 * billed and on the dashboard. The demo runs as `npm run demo` runs it (a fresh data
 * directory, free ports); the check reads the console the demo opened, through the
 * harness API its page uses. Needs the built renderer (`npm test` builds it first).
 */

const ROOT = resolve(__dirname, '..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

describe('the newcomer path', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ringside-newcomer-'));
  let demo: ChildProcess | null = null;
  let client: HarnessApiClient | null = null;

  afterAll(async () => {
    await client?.close();
    if (demo && demo.exitCode === null) {
      const exited = new Promise((done) => demo!.once('exit', done));
      demo.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a call played with the line the demo prints is answered, billed and counted on the dashboard, and the Jobs board has the demo\'s first booked visits', { timeout: 110_000 }, async () => {
    demo = spawn(TSX, ['scripts/demo.ts', '--port', '0', '--ui-port', '0', '--no-callers', '--data-dir', dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    demo.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const printed = await new Promise<string>((done, fail) => {
      demo!.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('No simulated callers')) done(out);
      });
      demo!.once('exit', (code) => fail(new Error(`the demo exited (${code}) before printing how to drive it:\n${out}`)));
    });

    const harnessUrl = /console: {2}open (http:\/\/\S+)/.exec(printed)?.[1];
    const ringLine = /ring the line: +(OPENPHONE_WEBHOOK_SECRET=\S+ npm run simulate -- ring .+)$/m.exec(printed)?.[1];
    expect(harnessUrl, printed).toBeDefined();
    expect(ringLine, printed).toBeDefined();
    expect(printed).toMatch(/admin token: +in \S+admin-token/);
    expect(printed).toMatch(/RELAY_DATA_DIR=\S+ npm run relay -- device add/);

    client = await HarnessApiClient.connect(harnessUrl!);
    // The console has the demo's history once it is live at the relay's head.
    // (Events the demo plays after the console caught up take appliedSeq past the headSeq it caught up to.)
    await expect.poll(async () => client!.invoke('link.status', {}).then((s) => s.state === 'live' && s.headSeq !== null && s.appliedSeq >= s.headSeq), { timeout: 30_000 }).toBe(true);
    // The Jobs board is not empty on first open: the demo's first recorded calls booked visits, one already Confirmed with its time.
    const confirmed = async () => (await client!.invoke('jobs.board', {})).columns.find((column) => column.stage === 'confirmed')?.jobs ?? [];
    await expect.poll(async () => (await confirmed()).some((job) => job.scheduledStart !== null), { timeout: 30_000 }).toBe(true);
    expect((await client.invoke('jobs.board', {})).columns.flatMap((column) => column.jobs).length).toBeGreaterThanOrEqual(3);
    const before = await client.invoke('billing.usageSummary', { days: 7, top: 5 });

    // Pasted into another terminal, as the README says (npm run simulate is tsx scripts/simulate.ts).
    const simulate = spawn('sh', ['-c', ringLine!], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let simulated = '';
    simulate.stdout!.on('data', (chunk: Buffer) => (simulated += chunk.toString()));
    simulate.stderr!.on('data', (chunk: Buffer) => (simulated += chunk.toString()));
    const code = await new Promise<number | null>((done) => simulate.once('exit', done));
    expect(code, simulated).toBe(0);
    const providerCallId = /call (AC\w+) done/.exec(simulated)?.[1];
    expect(providerCallId, simulated).toBeDefined();
    const callId = `openphone:${providerCallId}`;

    // Answered: History lists it with its answer time and talk time.
    await expect
      .poll(async () => (await client!.invoke('calls.history', { limit: 20 })).find((row) => row.callId === callId), { timeout: 15_000 })
      .toMatchObject({ number: '+16175550100', answeredAt: expect.any(String), durationSeconds: 20 });
    // Billed: a charge for that call, rounded up to the billing increment.
    const charges = await client.invoke('billing.charges', { limit: 50 });
    const charge = charges.find((row) => row.callId === callId);
    expect(charge, JSON.stringify(charges.slice(0, 3))).toMatchObject({ rawSeconds: 20, number: '+16175550100' });
    expect(charge!.billableSeconds).toBeGreaterThanOrEqual(20);
    // On the dashboard: the week's usage grew by that call.
    const after = await client.invoke('billing.usageSummary', { days: 7, top: 5 });
    expect(after.charges).toBe(before.charges + 1);
    expect(after.billedSeconds).toBe(before.billedSeconds + charge!.billableSeconds);
  });
});
