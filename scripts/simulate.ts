/**
 * `npm run simulate -- ring --relay URL --from +1... --to +1... [--answer-after S] [--duration S] [--missed] [--generation legacy|standard]`
 *
 * Plays one OpenPhone call against a relay through the OpenPhone webhook emulator:
 * legacy webhooks (a signed `call.ringing`, then `call.completed`) or new-generation
 * ones (`call.ringing`, `call.answered`, `call.completed`, Standard Webhooks signatures),
 * signed with the key of that generation from OPENPHONE_WEBHOOK_SECRET. Use it to test a
 * setup end to end.
 */
import { parseArgs } from 'node:util';
import { playCall } from '../tools/emulators/openphone/call-script';
import { phoneNumberIdFor } from '../tools/emulators/openphone/payloads';
import type { OpenPhoneGeneration } from '../tools/emulators/openphone/sender';
import { signingSecretFor } from '../tools/emulators/openphone/signing-secret';

const usage = `usage: npm run simulate -- ring --relay URL --from +1... --to +1... [--answer-after S] [--duration S] [--missed] [--generation legacy|standard]
  --relay         the relay's base URL, e.g. http://127.0.0.1:8787
  --from          the caller's number (any format; E.164 recommended)
  --to            the business line the call rings on
  --answer-after  seconds of ringing before the call is answered (default 3)
  --duration      seconds of talk time after answering (default 20)
  --missed        never answer: a missed call
  --generation    legacy (default): OpenPhone's legacy webhooks, ringing then completed;
                  standard: the new (Quo-Api-Version 2026-03-30) webhooks with Standard
                  Webhooks signatures, ringing, answered, then completed. Their call
                  carries the line only as a phoneNumberId, which the simulator prints:
                  the relay must map it in OPENPHONE_PHONE_NUMBER_IDS (PN...=+1...).
environment: OPENPHONE_WEBHOOK_SECRET, the relay's OpenPhone signing key(s): the legacy
  base64 secret, the new webhooks' whsec_... key, or both comma-separated as the relay
  accepts them; the simulator signs with the key of the generation it sends.`;

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

function generationOf(value: string | undefined): OpenPhoneGeneration {
  if (value === 'legacy' || value === 'standard') return value;
  fail(`--generation must be legacy or standard, got '${value}'`);
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
      generation: { type: 'string', default: 'legacy' },
    },
  });
  if (positionals[0] !== 'ring') fail(positionals[0] ? `unknown command '${positionals[0]}'` : 'missing command');
  const setting = process.env['OPENPHONE_WEBHOOK_SECRET'];
  if (!setting) fail('OPENPHONE_WEBHOOK_SECRET is not set');
  if (!values.relay) fail('--relay is required');
  if (!values.from || !values.to) fail('--from and --to are required');
  const generation = generationOf(values.generation);
  let secret: string;
  try {
    secret = signingSecretFor(setting, generation);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (generation === 'standard') {
    const lineId = phoneNumberIdFor(values.to);
    console.log(`new-generation calls name the line only as ${lineId}: the relay maps it with OPENPHONE_PHONE_NUMBER_IDS=${lineId}=${values.to}`);
  }

  const callId = await playCall(values.relay, {
    from: values.from,
    to: values.to,
    secretBase64: secret,
    generation,
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
