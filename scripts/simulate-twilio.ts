/**
 * `npm run simulate -- twilio-ring ...`: one incoming Twilio call played by the Twilio
 * emulator (tools/emulators/twilio) against a relay, as a Twilio number configured with
 * the relay's URLs would send it: the signed voice request (the relay answers TwiML, read
 * strictly), each dialled leg's status callbacks, the number's own status callback and,
 * when the TwiML records, the recording callback, the recording served by the emulator
 * with Basic auth for as long as the simulator waits for the relay to fetch it.
 */
import { TwilioEmulator, type CallOutcome } from '../tools/emulators/twilio/emulator';

export const twilioUsage = `       npm run simulate -- twilio-ring --relay URL --from +1... --to +1... [--public-url URL] [--answer-after S] [--duration S] [--missed|--busy]
  twilio-ring     one incoming call on a Twilio number --to, signed with TWILIO_AUTH_TOKEN (and
                  TWILIO_ACCOUNT_SID when the relay checks it); the relay's TWILIO_VOICE_ROUTES
                  decide what rings. --public-url: the relay's RELAY_PUBLIC_URL, what Twilio
                  signs (default --relay); --missed: nobody answers; --busy: the caller hangs up`;

export const TWILIO_COMMANDS: readonly string[] = ['twilio-ring'];

export interface TwilioOptions {
  relay?: string;
  from?: string;
  to?: string;
  'public-url'?: string;
  'answer-after'?: string;
  duration?: string;
  missed?: boolean;
  busy?: boolean;
}

export async function simulateTwilio(options: TwilioOptions, fail: (message: string) => never, seconds: (name: string, value: string | undefined, fallback: number) => number): Promise<void> {
  const authToken = process.env['TWILIO_AUTH_TOKEN'];
  if (!authToken) fail('TWILIO_AUTH_TOKEN is not set: the auth token the relay has');
  if (!options.relay || !options.from || !options.to) fail('twilio-ring needs --relay, --from and --to');
  const relay = options.relay.replace(/\/+$/, '');
  const publicUrl = (options['public-url'] ?? relay).replace(/\/+$/, '');
  const emulator = await TwilioEmulator.start({
    authToken,
    accountSid: process.env['TWILIO_ACCOUNT_SID'] || undefined,
    voiceUrl: `${publicUrl}/webhooks/twilio?kind=voice`,
    statusUrl: `${publicUrl}/webhooks/twilio?kind=status`,
    deliverTo: (url) => (url.startsWith(publicUrl) ? relay + url.slice(publicUrl.length) : url),
  });
  try {
    const ringSeconds = seconds('answer-after', options['answer-after'], 3);
    const outcome: CallOutcome = options.missed
      ? { unanswered: 'no-answer', ringSeconds: Math.max(ringSeconds, 20) }
      : options.busy
        ? { unanswered: 'canceled', ringSeconds }
        : { answered: { ringSeconds, talkSeconds: seconds('duration', options.duration, 20) } };
    const played = await emulator.playCall({ from: options.from, to: options.to, outcome });
    for (const request of played.requests) console.log(`${request.kind.padEnd(9)} ${request.status} ${request.params.find(([name]) => name === 'CallStatus' || name === 'RecordingStatus')?.[1] ?? ''}`);
    console.log(played.twiml.kind === 'dial' ? `the relay dialled ${played.twiml.nouns.map((noun) => noun.target).join(', ')}` : `the relay refused the call (${played.twiml.reason})`);
    if (played.recordingSid !== null) {
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && !emulator.mediaRequests.some((request) => request.authorized)) await new Promise((resolve) => setTimeout(resolve, 200));
      console.log(emulator.mediaRequests.some((request) => request.authorized) ? 'the relay fetched the recording' : `the relay did not fetch the recording within 10 s (RELAY_MEDIA_ALLOWED_HOSTS must list ${new URL(emulator.mediaOrigin).host}, TWILIO_MEDIA_ORIGIN=${emulator.mediaOrigin})`);
    }
    console.log(`call twilio:${played.callSid} done`);
  } finally {
    await emulator.close();
  }
}
