import type { ConsoleSettings } from './console-settings';
import type { SettingsStore } from './settings-store';

/** Environment variables a scripted install (or the demo) sets to hand over the relay and token. */
export const SETTINGS_ENVIRONMENT = { relayUrl: 'RINGSIDE_RELAY_URL', deviceToken: 'RINGSIDE_DEVICE_TOKEN' } as const;

/**
 * Saves what the environment sets, through the same rules as the Settings page: an
 * origin other than the saved one clears the saved token unless a token comes with
 * it, and plain http to another computer is refused. A bad value throws naming the
 * variable, so start-up stops and says which one.
 */
export function applyEnvironmentSettings(store: SettingsStore, env: Readonly<Record<string, string | undefined>>): void {
  const patch: Partial<ConsoleSettings> = {};
  const relayUrl = env[SETTINGS_ENVIRONMENT.relayUrl];
  const deviceToken = env[SETTINGS_ENVIRONMENT.deviceToken];
  if (relayUrl) patch.relayUrl = relayUrl;
  if (deviceToken) patch.deviceToken = deviceToken;
  if (Object.keys(patch).length === 0) return;
  try {
    store.write(patch);
  } catch (error) {
    const message = (error as Error).message;
    const named = message.includes('deviceToken') ? SETTINGS_ENVIRONMENT.deviceToken : SETTINGS_ENVIRONMENT.relayUrl;
    throw new Error(`${named}: ${message}`);
  }
}
