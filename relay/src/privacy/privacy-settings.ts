import type { SettingDescription, SettingReader } from '../config';

// Issue 15 contract: the settings of relay/src/privacy, filled in by its capability. Every setting is
// described here (name, default, what it does) and read with a plain error naming it.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PrivacySettings {}

export const PRIVACY_SETTING_DESCRIPTIONS: readonly SettingDescription[] = [];

export function readPrivacySettings(value: SettingReader, errors: string[]): PrivacySettings {
  void value;
  void errors;
  return {};
}
