import { startOpenAiEmulator } from './emulator';

/**
 * Runs the OpenAI-compatible emulator on 127.0.0.1 for the demo or by hand:
 * `npx tsx tools/emulators/openai/cli.ts [--port 8795] [--key sk-demo]`. Prints the relay settings that point at it;
 * Ctrl-C stops it.
 */

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};

async function main(): Promise<void> {
  const apiKey = option('key') ?? 'sk-demo-openai-key';
  const emulator = await startOpenAiEmulator({ apiKey }, Number(option('port') ?? 0));
  process.stdout.write(
    [`OpenAI-compatible emulator on ${emulator.url}`, 'Relay settings:', `  TRANSCRIPTION_API_URL=${emulator.url} TRANSCRIPTION_API_KEY=${apiKey}`, ''].join('\n'),
  );
  const stop = (): void => void emulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
