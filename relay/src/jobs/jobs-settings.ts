import type { SettingDescription, SettingReader } from '../config';

// Issue 15 contract: the settings of relay/src/jobs, filled in by its capability. Every setting is
// described here (name, default, what it does) and read with a plain error naming it.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface JobsSettings {}

export const JOBS_SETTING_DESCRIPTIONS: readonly SettingDescription[] = [];

export function readJobsSettings(value: SettingReader, errors: string[]): JobsSettings {
  void value;
  void errors;
  return {};
}
