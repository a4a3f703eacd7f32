import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseConsoleSettings, type ConsoleSettings } from './console-settings';
import type { SettingsStore } from './settings-store';

/**
 * Settings in a JSON file, for the harness and the command line. The device token is
 * stored in the file as is, so the file is written readable by its owner only.
 */
export class JsonFileSettingsStore implements SettingsStore {
  constructor(private readonly path: string) {}

  read(): ConsoleSettings {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return parseConsoleSettings({});
      throw error;
    }
    let stored: unknown;
    try {
      stored = JSON.parse(text);
    } catch {
      throw new Error(`settings file ${this.path} is not valid JSON`);
    }
    return parseConsoleSettings(stored);
  }

  write(patch: Partial<ConsoleSettings>): ConsoleSettings {
    const next = parseConsoleSettings({ ...this.read(), ...patch });
    mkdirSync(dirname(this.path), { recursive: true });
    // Write then rename, so a crash never leaves half a settings file.
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.path);
    return next;
  }
}
