import type { SettingDescription, SettingReader } from '../../../config';

/** How often the relay reads OpenPhone's lines and users (GET /v1/phone-numbers). Parsing is pure. */

export const DIRECTORY_SYNC_DEFAULT_MINUTES = 60;
const MAX_MINUTES = 7 * 24 * 60;

export interface OpenPhoneDirectorySettings {
  /** 0: never synced. */
  syncMinutes: number;
}

export const OPENPHONE_DIRECTORY_SETTING_DESCRIPTIONS: readonly SettingDescription[] = [
  {
    name: 'OPENPHONE_DIRECTORY_SYNC_MINUTES',
    default: String(DIRECTORY_SYNC_DEFAULT_MINUTES),
    description:
      "How often, in minutes, the relay reads the workspace's lines and users from OpenPhone (GET /v1/phone-numbers, with OPENPHONE_API_KEY) so consoles show who answered, who spoke and who texted by name; also at start-up. A change is sent to every console; 0 turns it off.",
  },
];

export function readOpenPhoneDirectorySettings(value: SettingReader, errors: string[]): OpenPhoneDirectorySettings {
  const raw = value('OPENPHONE_DIRECTORY_SYNC_MINUTES');
  if (raw === undefined) return { syncMinutes: DIRECTORY_SYNC_DEFAULT_MINUTES };
  if (!/^\d+$/.test(raw) || Number(raw) > MAX_MINUTES) {
    errors.push(`OPENPHONE_DIRECTORY_SYNC_MINUTES must be a whole number of minutes from 0 (off) to ${MAX_MINUTES}, got '${raw}'`);
    return { syncMinutes: DIRECTORY_SYNC_DEFAULT_MINUTES };
  }
  return { syncMinutes: Number(raw) };
}
