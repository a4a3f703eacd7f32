import type { DeviceTokenCleared, DeviceTokenStatus } from '../../shared/api/settings';
import { parseConsoleSettings, type ConsoleSettings } from './console-settings';
import { applySettingsPatch, clearedReason } from './device-token-binding';
import type { SettingsStore } from './settings-store';

/** Settings held in memory only (tests, benchmarks, the demo): nothing is written down. */
export class MemorySettingsStore implements SettingsStore {
  private current: ConsoleSettings;
  private cleared: DeviceTokenCleared | null = null;

  constructor(initial: Partial<ConsoleSettings> = {}) {
    this.current = parseConsoleSettings(initial);
  }

  read(): ConsoleSettings {
    return { ...this.current };
  }

  write(patch: Partial<ConsoleSettings>): ConsoleSettings {
    const change = applySettingsPatch(this.current, patch);
    this.current = change.next;
    this.cleared = clearedReason(this.cleared, change.next.deviceToken, change.cleared);
    return this.read();
  }

  tokenStatus(): DeviceTokenStatus {
    return { tokenProtection: 'memory_only', tokenCleared: this.cleared };
  }
}
