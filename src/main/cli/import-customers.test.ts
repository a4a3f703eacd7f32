import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import { generateSampleCustomersCsv } from '../sample-data/sample-customers';

const run = promisify(execFile);
const CLI = resolve(__dirname, 'import-customers.ts');

describe('npm run import-customers', () => {
  let relay: RelayProcess;
  let dir: string;
  beforeAll(async () => {
    relay = await startRelayProcess();
    dir = mkdtempSync(join(tmpdir(), 'ringside-import-cli-'));
  });
  afterAll(async () => {
    await relay.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports the good rows, lists the bad ones by line, and exits 2; a second run appends nothing', async () => {
    const file = join(dir, 'customers.csv');
    writeFileSync(file, `${generateSampleCustomersCsv(30, 3)}Broken Row,,,not-a-number,,,,,,\n`);
    const token = await relay.addDevice('importer', 'admin');
    const importOnce = () =>
      run(process.execPath, ['--import', 'tsx', CLI, '--relay', relay.url, '--file', file], {
        env: { ...process.env, RINGSIDE_DEVICE_TOKEN: token },
      }).then(
        () => {
          throw new Error('expected exit status 2');
        },
        (error: { code: number; stdout: string; stderr: string }) => error,
      );

    const first = await importOnce();
    expect(first.code).toBe(2);
    expect(first.stdout).toContain('line 32: phone "not-a-number" is not a phone number');
    expect(first.stdout).toMatch(/30 customers imported, 1 rows rejected; \d+ events appended, 0 already on the relay/);
    expect(first.stderr).toMatch(/posted (\d+)\/\1 events \(100%\)/);

    const again = await importOnce();
    expect(again.stdout).toMatch(/0 events appended, \d+ already on the relay/);
  });

  it('refuses to send the token over plain http to another computer, in one line naming the address, and exits 1', async () => {
    const file = join(dir, 'never-read.csv');
    writeFileSync(file, generateSampleCustomersCsv(3, 0));
    const refused = await run(process.execPath, ['--import', 'tsx', CLI, '--relay', 'http://relay.example.com:8787', '--token', 'rs_secret', '--file', file]).then(
      () => {
        throw new Error('expected exit status 1');
      },
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toMatch(/^import failed: relay URL http:\/\/relay\.example\.com:8787 must start with https:\/\/[^\n]*$/);
    expect(refused.stdout).toBe('');
  });
});
