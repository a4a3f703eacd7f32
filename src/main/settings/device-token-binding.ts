import type { DeviceTokenCleared } from '../../shared/api/settings';
import { parseConsoleSettings, type ConsoleSettings } from './console-settings';
import { relayOrigin } from '../../shared/relay-address';

/**
 * A device token is given for one relay. It is kept with the origin it was saved for,
 * and a console never sends it anywhere else: pointing the console at another origin
 * clears it, and the user pastes the new relay's token.
 */
export interface SavedDeviceToken {
  token: string;
  /** Null for a token saved before tokens were bound: taken as bound to the saved relay URL. */
  origin: string | null;
}

export interface TokenForRelay {
  deviceToken: string | null;
  /** Set when a saved token was withheld because it belongs to another origin. */
  cleared: DeviceTokenCleared | null;
}

/** The saved token, if it may be sent to `relayUrl`. */
export function tokenForRelay(saved: SavedDeviceToken | null, relayUrl: string): TokenForRelay {
  if (saved === null) return { deviceToken: null, cleared: null };
  if (saved.origin !== null && saved.origin !== relayOrigin(relayUrl)) return { deviceToken: null, cleared: 'relay_changed' };
  return { deviceToken: saved.token, cleared: null };
}

export interface SettingsChange {
  next: ConsoleSettings;
  /** Set when this change cleared the token the console had. */
  cleared: DeviceTokenCleared | null;
}

/**
 * Merges a Settings-page (or environment) patch into the current settings. A new relay
 * origin without a new token clears the old token; a new token given with the new URL
 * is bound to it. A bad value throws naming the setting and changes nothing.
 */
export function applySettingsPatch(current: ConsoleSettings, patch: Partial<ConsoleSettings>): SettingsChange {
  const next = parseConsoleSettings({ ...current, ...definedFields(patch) });
  const tokenGiven = patch.deviceToken !== undefined;
  if (!tokenGiven && current.deviceToken !== null && relayOrigin(next.relayUrl) !== relayOrigin(current.relayUrl)) {
    return { next: { ...next, deviceToken: null }, cleared: 'relay_changed' };
  }
  return { next, cleared: null };
}

/** The token to save with `settings`: bound to its relay origin. */
export function tokenToSave(settings: ConsoleSettings): SavedDeviceToken | null {
  return settings.deviceToken === null ? null : { token: settings.deviceToken, origin: relayOrigin(settings.relayUrl) };
}

/**
 * What Settings says about a missing token: the latest reason it went, kept until a
 * token is saved again (a later change of another setting does not forget it).
 */
export function clearedReason(previous: DeviceTokenCleared | null, deviceToken: string | null, fresh: DeviceTokenCleared | null): DeviceTokenCleared | null {
  if (deviceToken !== null) return null;
  return fresh ?? previous;
}

function definedFields(patch: Partial<ConsoleSettings>): Partial<ConsoleSettings> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
}
