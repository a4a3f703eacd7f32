import type { SettingDescription, SettingReader } from '../config';
import { integerSettings } from '../integer-setting';
import { MODEL_EXTRACTION_SETTING_DESCRIPTIONS, readModelExtractionSettings, type ModelExtractionSettings } from './model/model-settings';

/**
 * The settings of relay/src/jobs: whether the relay extracts appointments from calls, voicemails
 * and texts, how long a thread must be quiet first, whether history is extracted, and the
 * language model's settings (relay/src/jobs/model).
 */
export interface JobsSettings {
  extraction: boolean;
  threadQuietMinutes: number;
  extractHistory: boolean;
  model: ModelExtractionSettings;
}

export const JOBS_SETTING_DESCRIPTIONS: readonly SettingDescription[] = [
  { name: 'JOBS_EXTRACTION', default: 'on', description: "'on' or 'off': find the caller's name, address, the day they asked for and the price in every call transcript, voicemail and text thread, and propose a job for each appointment (extraction.recorded)." },
  { name: 'JOBS_THREAD_QUIET_MINUTES', default: '10', description: 'A text thread is read for appointments once it has been quiet this many minutes (1–1440), and read again after new texts.' },
  { name: 'JOBS_EXTRACT_HISTORY', default: 'off', description: "'on' also reads calls and texts fetched as history (the OpenPhone history import, the reconciliation's record-only facts); 'off' reads only what arrives live." },
  ...MODEL_EXTRACTION_SETTING_DESCRIPTIONS,
];

export function readJobsSettings(value: SettingReader, errors: string[]): JobsSettings {
  const integer = integerSettings(value, errors);
  return {
    extraction: onOff(value, 'JOBS_EXTRACTION', true, errors),
    threadQuietMinutes: integer('JOBS_THREAD_QUIET_MINUTES', 10, 1, 1440, 'a number of minutes from 1 to 1440'),
    extractHistory: onOff(value, 'JOBS_EXTRACT_HISTORY', false, errors),
    model: readModelExtractionSettings(value, errors),
  };
}

function onOff(value: SettingReader, name: string, fallback: boolean, errors: string[]): boolean {
  const raw = value(name);
  if (raw === undefined) return fallback;
  if (raw === 'on') return true;
  if (raw === 'off') return false;
  errors.push(`${name} must be 'on' or 'off', got '${raw}'`);
  return fallback;
}
