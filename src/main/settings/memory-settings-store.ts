import { parseConsoleSettings, type ConsoleSettings } from './console-settings';
import type { SettingsStore } from './settings-store';

export class MemorySettingsStore implements SettingsStore {
  private current: ConsoleSettings;

  constructor(initial: Partial<ConsoleSettings> = {}) {
    this.current = parseConsoleSettings(initial);
  }

  read(): ConsoleSettings {
    return { ...this.current };
  }

  write(patch: Partial<ConsoleSettings>): ConsoleSettings {
    this.current = parseConsoleSettings({ ...this.current, ...patch });
    return this.read();
  }
}
