import type { DeviceTokenCleared, DeviceTokenProtection, LinkStatus } from '../../../shared/api/contract';
import { isPlainTextToAnotherComputer, relayOrigin } from '../../../shared/relay-address';

const SETTING_NAMES: Record<string, string> = { relayUrl: 'The relay URL', deviceToken: 'The device token', phoneRegion: 'The phone region' };

/** "invalid setting relayUrl: must start with https://…" as a person reads it: "The relay URL must start with https://…". */
export function settingsErrorMessage(message: string): string {
  const match = /^invalid setting (\w+): (.*)$/s.exec(message);
  const name = match ? SETTING_NAMES[match[1] ?? ''] : undefined;
  return match && name ? `${name} ${match[2]}` : message;
}

/** How the saved token is kept, said plainly; `warn` when it is weaker than the user would assume. */
export function tokenProtectionMessage(protection: DeviceTokenProtection): { text: string; warn: boolean } {
  switch (protection) {
    case 'os_keychain':
      return { text: 'The token is stored encrypted with your system keychain.', warn: false };
    case 'obfuscated':
      return {
        text: 'Your system has no keyring: the token is stored obfuscated, not encrypted. Anyone who can read your files could recover it.',
        warn: true,
      };
    case 'owner_only_file':
      return { text: 'The token is kept in the settings file, readable by your user account only.', warn: false };
    case 'memory_only':
      return {
        text: 'This computer offers no safe place to store the token: it is kept only until Ringside quits, and you will be asked for it again.',
        warn: true,
      };
  }
}

/** Why the token is gone and what to do. */
export function tokenClearedMessage(cleared: DeviceTokenCleared): string {
  switch (cleared) {
    case 'relay_changed':
      return 'The relay address changed, so the device token for the previous relay was removed. Paste the device token for this relay.';
    case 'unreadable':
      return 'The saved device token could not be read (the system keyring has changed). Paste the device token again.';
    case 'insecure_relay':
      return "The saved relay address used plain http:// to another computer, which Ringside no longer allows. Enter the relay's https:// address and paste its device token again.";
  }
}

/**
 * Said before saving: a relay URL on another origin than the saved one removes the
 * saved token unless a new one is typed (the store's own origin rule, shared). A plain
 * http:// address to another computer is refused, not saved, so it removes nothing.
 */
export function relayChangeWarning(savedUrl: string, typedUrl: string, hasToken: boolean, typedToken: string): string | null {
  if (!hasToken || typedToken !== '' || isPlainTextToAnotherComputer(typedUrl.trim())) return null;
  const saved = originOf(savedUrl);
  const typed = originOf(typedUrl);
  if (saved === null || typed === null || saved === typed) return null;
  return 'Saving this relay address removes the token for the current relay: paste the device token for the new relay too.';
}

function originOf(raw: string): string | null {
  try {
    return relayOrigin(raw.trim());
  } catch {
    return null;
  }
}

/** What saving led to, where the user looks after pressing Save: pending until the link has an answer. */
export interface SavedConnectionMessage {
  text: string;
  tone: 'success' | 'error' | 'pending';
}

/**
 * The relay link's answer to the settings just saved, in plain words. `status` is the
 * first link status seen after saving that is not "connecting" (null: none yet).
 */
export function savedConnectionMessage(status: LinkStatus | null, hasDeviceToken: boolean): SavedConnectionMessage {
  if (!hasDeviceToken) return { text: "Saved. Paste this console's device token to connect to the relay.", tone: 'pending' };
  if (status === null || status.state === 'connecting') return { text: 'Saved. Connecting to the relay…', tone: 'pending' };
  if (status.state === 'live' || status.state === 'catching_up') return { text: 'Saved. Connected to the relay.', tone: 'success' };
  const reason = status.reason ?? '';
  if (/refused \((401|403)\)/.test(reason)) return { text: 'Saved, but the relay refused this token — check it was copied in full.', tone: 'error' };
  if (reason === 'device token revoked') return { text: 'Saved, but this console was revoked on the relay: ask your admin for a new device token.', tone: 'error' };
  if (reason === 'relay unreachable' || reason.startsWith('connection lost'))
    return { text: 'Saved, but the relay could not be reached: check the relay URL and that the relay is running.', tone: 'error' };
  return { text: 'Saved, but the relay did not accept the connection. Check the relay URL and the device token.', tone: 'error' };
}
