export { DEFAULT_CONSOLE_SETTINGS, parseConsoleSettings, type ConsoleSettings } from './console-settings';
export type { SettingsStore } from './settings-store';
export { MemorySettingsStore } from './memory-settings-store';
export { JsonFileSettingsStore } from './json-file-settings-store';
export { SafeStorageSettingsStore, tokenProtectionOf, type KeyValueFile, type SafeStorage } from './safe-storage-settings-store';
export { applyEnvironmentSettings, SETTINGS_ENVIRONMENT } from './environment-settings';
