import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER, paymentsOf, startFlutterwaveRelay, storedEvents, until, type FlutterwaveRelay } from './flutterwave-relay';

/** `npm run simulate -- flutterwave-topup|flutterwave-pay`, the newcomer's way to a top-up, against a real relay and the emulator. */

const SIMULATE = path.resolve(__dirname, '../../../../scripts/simulate.ts');
let t: FlutterwaveRelay;

function simulate(args: string[], token = t.admin): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SIMULATE, ...args], { env: { ...process.env, RINGSIDE_DEVICE_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  t = await startFlutterwaveRelay();
});

afterAll(async () => {
  await t?.stop();
});

describe('npm run simulate -- flutterwave-topup', () => {
  it('makes a link through the relay and pays it on the emulator: the relay records one verified payment of that amount', async () => {
    const run = await simulate(['flutterwave-topup', '--relay', t.relay.url, '--customer', CUSTOMER.customerId, '--amount', '25.50']);
    expect(run.code, run.stderr).toBe(0);
    const transactionId = /transaction (\d+)/.exec(run.stdout)![1]!;
    const [received] = await until('payment.received', () => paymentsOf(t.relay, transactionId).length > 0 && paymentsOf(t.relay, transactionId));
    expect(received).toMatchObject({ type: 'payment.received', data: { customerId: CUSTOMER.customerId, amountMinor: 2550, currency: 'USD', purpose: 'top_up' } });
  });

  it('a declined card shows a failure and credits nothing; paying the same link again with flutterwave-pay (a link copied from the console) is credited', async () => {
    const before = storedEvents(t.relay, "type = 'payment_link.created'").length;
    const made = await simulate(['flutterwave-topup', '--relay', t.relay.url, '--customer', CUSTOMER.customerId, '--amount', '10', '--outcome', 'declined']);
    expect(made.code, made.stderr).toBe(0);
    const transactionId = /transaction (\d+)/.exec(made.stdout)![1]!;
    expect((await until('payment.failed', () => paymentsOf(t.relay, transactionId).length > 0 && paymentsOf(t.relay, transactionId)))[0]!.type).toBe('payment.failed');
    const link = /link \S+: (\S+)/.exec(made.stdout)![1]!;
    const again = await simulate(['flutterwave-pay', '--link', link]);
    expect(again.code, again.stderr).toBe(0);
    const retried = /transaction (\d+)/.exec(again.stdout)![1]!;
    expect((await until('payment.received', () => paymentsOf(t.relay, retried).length > 0 && paymentsOf(t.relay, retried)))[0]!.data).toMatchObject({ amountMinor: 1000, customerId: CUSTOMER.customerId });
    expect(storedEvents(t.relay, "type = 'payment_link.created'").length).toBe(before + 1);
  });

  it('says what is missing in plain words', async () => {
    const run = await simulate(['flutterwave-topup', '--relay', t.relay.url, '--customer', CUSTOMER.customerId], '');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('RINGSIDE_DEVICE_TOKEN is not set');
  });
});
