import type { SettingDescription, SettingReader } from '../config';
import { integerSettings } from '../integer-setting';

/**
 * The settings of relay/src/privacy. The retention policy itself (how many days each kind of
 * personal content is kept) is the admin's, in the log (retention_policy.defined); the relay
 * only decides how often it applies it.
 */
export interface PrivacySettings {
  /** How often the retention policy is applied, in hours. */
  retentionRunHours: number;
}

export const PRIVACY_SETTING_DESCRIPTIONS: readonly SettingDescription[] = [
  {
    name: 'RELAY_RETENTION_RUN_HOURS',
    default: '24',
    description: 'How often (1–720 hours) the relay applies the retention policy set in a console: recordings, media, transcripts and message bodies older than it keeps are removed from the log and the media folder. The first run is a minute after start-up.',
  },
];

export function readPrivacySettings(value: SettingReader, errors: string[]): PrivacySettings {
  const integer = integerSettings(value, errors);
  return { retentionRunHours: integer('RELAY_RETENTION_RUN_HOURS', 24, 1, 720, 'a number of hours from 1 to 720') };
}
