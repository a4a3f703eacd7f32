/**
 * `npm run simulate -- ring|voicemail|message|mms|campaign --relay URL ...` (see usage)
 *
 * Plays OpenPhone traffic against a relay through the OpenPhone webhook emulator: a
 * call (legacy webhooks: a signed `call.ringing`, then `call.completed`; new-generation
 * ones: `call.ringing`, `call.answered`, `call.completed`, Standard Webhooks signatures),
 * a missed call with a voicemail, an inbound SMS or MMS, or a campaign of identical
 * outgoing texts followed by a reply, signed with the key of that generation from
 * OPENPHONE_WEBHOOK_SECRET. Use it to test a setup end to end.
 */
import { parseArgs } from 'node:util';
import { playCall } from '../tools/emulators/openphone/call-script';
import { campaign, inboundMms, inboundSms, playMessages, type MessageScript } from '../tools/emulators/openphone/message-script';
import { phoneNumberIdFor } from '../tools/emulators/openphone/payloads';
import type { OpenPhoneGeneration } from '../tools/emulators/openphone/sender';
import { signingSecretFor } from '../tools/emulators/openphone/signing-secret';
import { saidDialogue } from './demo-dialogues';
import { FLUTTERWAVE_COMMANDS, flutterwaveUsage, simulateFlutterwave } from './simulate-flutterwave';
import { simulateTwilio, TWILIO_COMMANDS, twilioUsage } from './simulate-twilio';
import { simulateVapi, VAPI_COMMANDS, vapiUsage } from './simulate-vapi';

const usage = `usage: npm run simulate -- ring --relay URL --from +1... --to +1... [--answer-after S] [--duration S] [--missed] [--generation legacy|standard]
                                   [--record --media-base-url URL [--say "CALLER'S WORDS"]]
       npm run simulate -- voicemail --relay URL --from +1... --to +1... --media-base-url URL [--seconds S] [--generation ...]
       npm run simulate -- message --relay URL --from +1... --to +1... [--body TEXT] [--generation ...]
       npm run simulate -- mms --relay URL --from +1... --to +1... --media-base-url URL [--photos N] [--body TEXT] [--generation ...]
       npm run simulate -- campaign --relay URL --to +1... [--count N] [--window S] [--body TEXT] [--generation ...]
${flutterwaveUsage}
${twilioUsage}
${vapiUsage}
  ring            one call; voicemail: a missed call that leaves a voicemail;
                  message / mms: an inbound text / photo message from --from to the line --to;
                  campaign: --count identical texts from the line --to to made-up numbers
                  within --window seconds (default 125 in 60 s), then one reply
  --relay         the relay's base URL, e.g. http://127.0.0.1:8787
  --from          the caller's number (any format; E.164 recommended)
  --to            the business line the call rings on
  --answer-after  seconds of ringing before the call is answered (default 3)
  --duration      seconds of talk time after answering (default 20)
  --missed        never answer: a missed call
  --record        the answered call is recorded (the recording under --media-base-url)
  --say           with --record: OpenPhone's transcript of the call has the caller say
                  these words (and a summary), so the relay reads them for a job;
                  without --say no transcript comes and a relay with TRANSCRIPTION_API_URL
                  transcribes the recording itself
  --media-base-url where the voicemail / photos are served (a media host); the relay
                  downloads them from there, so it must be in RELAY_MEDIA_ALLOWED_HOSTS
  --seconds       voicemail length (default 15); --photos: photos in the MMS (default 1)
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
      'media-base-url': { type: 'string' },
      seconds: { type: 'string' },
      photos: { type: 'string' },
      body: { type: 'string' },
      count: { type: 'string' },
      window: { type: 'string' },
      customer: { type: 'string' },
      amount: { type: 'string' },
      currency: { type: 'string' },
      outcome: { type: 'string' },
      link: { type: 'string' },
      'public-url': { type: 'string' },
      busy: { type: 'boolean', default: false },
      record: { type: 'boolean', default: false },
      say: { type: 'string' },
    },
  });
  const command = positionals[0];
  if (command !== undefined && FLUTTERWAVE_COMMANDS.includes(command)) return simulateFlutterwave(command, values, fail);
  if (command !== undefined && TWILIO_COMMANDS.includes(command)) return simulateTwilio(values, fail, seconds);
  if (command !== undefined && VAPI_COMMANDS.includes(command)) return simulateVapi(values, fail, seconds);
  if (command === undefined || !COMMANDS.includes(command)) fail(command ? `unknown command '${command}'` : 'missing command');
  const setting = process.env['OPENPHONE_WEBHOOK_SECRET'];
  if (!setting) fail('OPENPHONE_WEBHOOK_SECRET is not set');
  if (!values.relay) fail('--relay is required');
  if (!values.to || (command !== 'campaign' && !values.from)) fail(command === 'campaign' ? '--to (the line) is required' : '--from and --to are required');
  const mediaBaseUrl = values['media-base-url'];
  if ((command === 'voicemail' || command === 'mms') && !mediaBaseUrl) fail(`${command} needs --media-base-url, where the media is served`);
  if (values.say !== undefined && !values.record) fail('--say needs --record (the words are the recorded call\'s transcript)');
  if (values.record && (command !== 'ring' || values.missed)) fail('--record is for an answered call: ring without --missed');
  if (values.record && !mediaBaseUrl) fail('--record needs --media-base-url, where the recording is served');
  if (values.say !== undefined && values.say.trim() === '') fail('--say needs the caller\'s words');
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

  if (command === 'ring' || command === 'voicemail') {
    const voicemail = command === 'voicemail' ? { mediaBaseUrl: mediaBaseUrl!, voicemailSeconds: seconds('seconds', values.seconds, 15) } : {};
    const said = values.say?.trim();
    const recorded = values.record
      ? {
          mediaBaseUrl: mediaBaseUrl!,
          record: true,
          ...(said === undefined ? {} : { dialogue: saidDialogue(said), summary: { summary: [said], nextSteps: ['Call the customer back.'] }, artifacts: ['transcript', 'summary'] as const }),
        }
      : {};
    const callId = await playCall(values.relay, {
      from: values.from!,
      to: values.to,
      secretBase64: secret,
      generation,
      answerAfterSeconds: values.missed || command === 'voicemail' ? null : seconds('answer-after', values['answer-after'], 3),
      durationSeconds: seconds('duration', values.duration, 20),
      ...voicemail,
      ...recorded,
      onStep: (step) => console.log(step),
    });
    console.log(`call ${callId} done`);
    return;
  }

  const start = new Date();
  const base = { line: values.to, generation, start };
  let script: MessageScript;
  if (command === 'message') script = inboundSms({ ...base, from: values.from!, body: values.body ?? 'Hello from the simulator' });
  else if (command === 'mms') script = inboundMms({ ...base, from: values.from!, body: values.body ?? '', photos: seconds('photos', values.photos, 1), mediaBaseUrl: mediaBaseUrl! });
  else {
    const count = seconds('count', values.count, 125);
    const recipients = Array.from({ length: count }, (_, i) => `+1555010${String(i % 10_000).padStart(4, '0')}`);
    const replies = recipients.length > 0 ? [{ from: recipients[0]!, body: 'Yes, please book me', afterSeconds: 5 }] : [];
    script = campaign({ ...base, recipients, body: values.body ?? 'Spring tune-up: 20% off this week. Reply YES to book.', windowSeconds: seconds('window', values.window, 60), replies });
  }
  await playMessages(values.relay, script, { secretBase64: secret, generation, onStep: (step) => console.log(step) });
  console.log(`${script.messageIds.length} message(s) done`);
}

const COMMANDS: readonly string[] = ['ring', 'voicemail', 'message', 'mms', 'campaign'];

main().catch((error: unknown) => {
  console.error(`simulate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
