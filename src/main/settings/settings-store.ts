import type { ConsoleSettings } from './console-settings';

/**
 * Where a console keeps its settings. The Electron shell stores them with
 * electron-store and the OS keychain; the harness and the CLI use a JSON file.
 */
export interface SettingsStore {
  read(): ConsoleSettings;
  /** Validates the merged settings, stores them and returns them; a bad value throws naming it. */
  write(patch: Partial<ConsoleSettings>): ConsoleSettings;
}
