import { startMightyCallEmulator, type OverLimitAnswer } from './emulator';
import { seedMightyCall } from './seed';

/**
 * Runs the MightyCall emulator on 127.0.0.1 with the seeded account, for the demo or by
 * hand: `npx tsx tools/emulators/mightycall/cli.ts [--port 8791] [--daily-limit 2500] [--over-limit 429|403-quota|unsuccessful-200]`.
 * Prints the relay settings that point at it; Ctrl-C stops it.
 */

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const apiKey = 'mc-demo-api-key';
const userKey = 'mc-demo-user-key';

async function main(): Promise<void> {
  const emulator = await startMightyCallEmulator(
    { apiKey, userKey, dailyLimit: Number(option('daily-limit') ?? 2500), overLimit: (option('over-limit') as OverLimitAnswer | undefined) ?? '429' },
    Number(option('port') ?? 0),
  );
  Object.assign(emulator.data, seedMightyCall(Date.now(), emulator.url));
  const host = new URL(emulator.url).host;
  process.stdout.write(
    [
      `MightyCall emulator on ${emulator.url} (seeded: ${emulator.data.calls.length} calls, ${emulator.data.voicemails.length} voicemail, ${emulator.data.messages.length} texts, ${emulator.data.contacts.length} contacts, ${emulator.data.numbers.length} numbers)`,
      'Relay settings:',
      `  MIGHTYCALL_API_KEY=${apiKey} MIGHTYCALL_USER_KEY=${userKey} MIGHTYCALL_API_BASE_URL=${emulator.baseUrl} RELAY_MEDIA_ALLOWED_HOSTS=${host}`,
      '',
    ].join('\n'),
  );
  const stop = (): void => void emulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
