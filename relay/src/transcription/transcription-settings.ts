import type { SettingDescription, SettingReader } from '../config';

// Issue 15 contract: the settings of relay/src/transcription, filled in by its capability. Every setting is
// described here (name, default, what it does) and read with a plain error naming it.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface TranscriptionSettings {}

export const TRANSCRIPTION_SETTING_DESCRIPTIONS: readonly SettingDescription[] = [];

export function readTranscriptionSettings(value: SettingReader, errors: string[]): TranscriptionSettings {
  void value;
  void errors;
  return {};
}
