import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const CLI = resolve(__dirname, 'cli.ts');

describe('the headless QuickBooks sync', () => {
  it('refuses to send its token over plain http to another computer, in one line naming the address, and exits 2', async () => {
    const refused = await run(process.execPath, ['--import', 'tsx', CLI, '--db', 'never-opened.db', '--relay', 'ws://192.168.1.20:8787', '--token', 'rs_secret']).then(
      () => {
        throw new Error('expected exit status 2');
      },
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toMatch(/^relay URL ws:\/\/192\.168\.1\.20:8787 must start with https:\/\/[^\n]*$/);
  });
});
