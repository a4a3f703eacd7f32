import type { DeviceTokenStatus } from '../../shared/api/settings';
import type { ConsoleSettings } from './console-settings';

/**
 * Where a console keeps its settings. The Electron shell stores them with
 * electron-store and safeStorage; the harness and the CLI use a JSON file. Every store
 * binds the device token to the relay origin (device-token-binding.ts).
 */
export interface SettingsStore {
  read(): ConsoleSettings;
  /** Validates the merged settings, stores them and returns them; a bad value throws naming it. */
  write(patch: Partial<ConsoleSettings>): ConsoleSettings;
  /** How the token is kept, and why it is gone when it is, for the Settings page. */
  tokenStatus(): DeviceTokenStatus;
}
