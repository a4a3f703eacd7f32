import { z } from 'zod';
import { isPlainTextToAnotherComputer, PLAIN_TEXT_RELAY_REFUSED } from '../../shared/relay-address';

/** What a console needs to reach its relay; every field has a default but the token. */
export interface ConsoleSettings {
  /** https or wss base URL of the relay (plain http/ws only to this computer). */
  relayUrl: string;
  /** This console's device token, for the relay origin of relayUrl; null until the user pastes one. */
  deviceToken: string | null;
  /** ISO region national phone numbers (in CSVs, typed by people) are read in. */
  phoneRegion: string;
}

export const DEFAULT_CONSOLE_SETTINGS: ConsoleSettings = {
  relayUrl: 'http://127.0.0.1:8787',
  deviceToken: null,
  phoneRegion: 'US',
};

const consoleSettingsSchema = z.object({
  relayUrl: z
    .url({ protocol: /^(wss?|https?)$/, error: 'must be an http(s) or ws(s) URL like https://relay.example.com' })
    .max(2000)
    .refine((url) => !isPlainTextToAnotherComputer(url), { error: PLAIN_TEXT_RELAY_REFUSED })
    .default(DEFAULT_CONSOLE_SETTINGS.relayUrl),
  deviceToken: z.string().min(16, 'must be a device token from `npm run relay -- device add`').max(200).nullable().default(null),
  phoneRegion: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter region code like US')
    .default(DEFAULT_CONSOLE_SETTINGS.phoneRegion),
});

/** Validates settings from any store; missing fields take their defaults; a bad one throws naming it. */
export function parseConsoleSettings(input: unknown): ConsoleSettings {
  const result = consoleSettingsSchema.safeParse(input ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = issue?.path.join('.') || 'settings';
    throw new Error(`invalid setting ${name}: ${issue?.message ?? 'rejected'}`);
  }
  return result.data;
}
