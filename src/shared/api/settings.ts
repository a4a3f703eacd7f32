/** What the Settings page shows about this console's relay and device token. */

/**
 * How the saved device token is protected on this computer:
 * - `os_keychain`: encrypted with a key held by the OS keychain (macOS Keychain,
 *   Windows DPAPI, a Linux keyring such as GNOME libsecret or KWallet);
 * - `obfuscated`: Linux without a keyring (Electron's `basic_text` backend): stored
 *   scrambled with a key built into Chromium, which anyone reading the file can undo;
 * - `owner_only_file`: in clear in a settings file readable by its owner only (harness);
 * - `memory_only`: never written down; kept until the app quits.
 */
export type DeviceTokenProtection = 'os_keychain' | 'obfuscated' | 'owner_only_file' | 'memory_only';

/**
 * Why a token this console had is gone, so the user is asked for one again:
 * - `relay_changed`: the relay URL now points at another address (origin) than the
 *   one the token was given for;
 * - `unreadable`: the saved token could not be decrypted (the keyring changed);
 * - `insecure_relay`: the saved relay URL uses plain http/ws to another computer.
 */
export type DeviceTokenCleared = 'relay_changed' | 'unreadable' | 'insecure_relay';

export interface DeviceTokenStatus {
  tokenProtection: DeviceTokenProtection;
  /** Set while no token is saved because of one of these reasons; null otherwise. */
  tokenCleared: DeviceTokenCleared | null;
}

export interface SettingsView extends DeviceTokenStatus {
  relayUrl: string;
  hasDeviceToken: boolean;
  phoneRegion: string;
}
