/**
 * `npm run simulate -- ring --relay URL --from +1... --to +1... [--answer-after S] [--duration S] [--missed]`
 *
 * Plays one OpenPhone call against a relay through the OpenPhone webhook emulator:
 * a signed `call.ringing`, then a signed `call.completed`, signed with
 * OPENPHONE_WEBHOOK_SECRET from the environment. Use it to test a setup end to end.
 */
import { parseArgs } from 'node:util';
import { playCall } from '../tools/emulators/openphone/call-script';

const usage = `usage: npm run simulate -- ring --relay URL --from +1... --to +1... [--answer-after S] [--duration S] [--missed]
  --relay         the relay's base URL, e.g. http://127.0.0.1:8787
  --from          the caller's number (any format; E.164 recommended)
  --to            the business line the call rings on
  --answer-after  seconds of ringing before the call is answered (default 3)
  --duration      seconds of talk time after answering (default 20)
  --missed        never answer: a missed call
environment: OPENPHONE_WEBHOOK_SECRET, the relay's OpenPhone signing key (base64)`;

function fail(message: string): never {
  console.error(`simulate: ${message}\n\n${usage}`);
  process.exit(2);
}

function seconds(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) fail(`--${name} must be a number of seconds ≥ 0, got '${value}'`);
  return n;
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      relay: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'answer-after': { type: 'string' },
      duration: { type: 'string' },
      missed: { type: 'boolean', default: false },
    },
  });
  if (positionals[0] !== 'ring') fail(positionals[0] ? `unknown command '${positionals[0]}'` : 'missing command');
  const secret = process.env['OPENPHONE_WEBHOOK_SECRET'];
  if (!secret) fail('OPENPHONE_WEBHOOK_SECRET is not set');
  if (!values.relay) fail('--relay is required');
  if (!values.from || !values.to) fail('--from and --to are required');

  const callId = await playCall(values.relay, {
    from: values.from,
    to: values.to,
    secretBase64: secret,
    answerAfterSeconds: values.missed ? null : seconds('answer-after', values['answer-after'], 3),
    durationSeconds: seconds('duration', values.duration, 20),
    onStep: (step) => console.log(step),
  });
  console.log(`call ${callId} done`);
}

main().catch((error: unknown) => {
  console.error(`simulate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
