import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DeviceTokenCleared, DeviceTokenStatus } from '../../shared/api/settings';
import { parseConsoleSettings, type ConsoleSettings } from './console-settings';
import { applySettingsPatch, clearedReason, tokenForRelay, tokenToSave } from './device-token-binding';
import type { SettingsStore } from './settings-store';

/**
 * Settings in a JSON file, for the harness and the command line: relayUrl,
 * deviceToken, phoneRegion, and deviceTokenOrigin (the relay origin the token was
 * saved for; a hand-written file without it binds the token to its relayUrl). The
 * token is stored as is, so the file is written readable by its owner only.
 */
export class JsonFileSettingsStore implements SettingsStore {
  private cleared: DeviceTokenCleared | null = null;

  constructor(private readonly path: string) {}

  read(): ConsoleSettings {
    const stored = this.readFile();
    const settings = parseConsoleSettings(stored);
    const origin = typeof stored['deviceTokenOrigin'] === 'string' ? stored['deviceTokenOrigin'] : null;
    const bound = tokenForRelay(settings.deviceToken === null ? null : { token: settings.deviceToken, origin }, settings.relayUrl);
    this.cleared = clearedReason(this.cleared, bound.deviceToken, bound.cleared);
    return { ...settings, deviceToken: bound.deviceToken };
  }

  write(patch: Partial<ConsoleSettings>): ConsoleSettings {
    const change = applySettingsPatch(this.read(), patch);
    const { next } = change;
    mkdirSync(dirname(this.path), { recursive: true });
    // Write then rename, so a crash never leaves half a settings file.
    const temporary = `${this.path}.${process.pid}.tmp`;
    const file = { ...next, deviceTokenOrigin: tokenToSave(next)?.origin ?? null };
    writeFileSync(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.path);
    this.cleared = clearedReason(this.cleared, next.deviceToken, change.cleared);
    return next;
  }

  tokenStatus(): DeviceTokenStatus {
    return { tokenProtection: 'owner_only_file', tokenCleared: this.cleared };
  }

  private readFile(): Record<string, unknown> {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    let stored: unknown;
    try {
      stored = JSON.parse(text);
    } catch {
      throw new Error(`settings file ${this.path} is not valid JSON`);
    }
    if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) throw new Error(`settings file ${this.path} must hold a JSON object`);
    return stored as Record<string, unknown>;
  }
}
