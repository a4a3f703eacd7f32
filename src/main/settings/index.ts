export { DEFAULT_CONSOLE_SETTINGS, parseConsoleSettings, type ConsoleSettings } from './console-settings';
export type { SettingsStore } from './settings-store';
export { MemorySettingsStore } from './memory-settings-store';
export { JsonFileSettingsStore } from './json-file-settings-store';
