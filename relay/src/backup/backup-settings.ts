import path from 'node:path';
import type { SettingDescription, SettingReader } from '../config';
import { integerSettings } from '../integer-setting';

/** Issue 16 §4: scheduled online copies of relay.db (and the media folder) for a SQLite relay. */
export interface BackupSettings {
  /** Where the copies go (absolute); null: no scheduled backups. */
  dir: string | null;
  intervalMs: number;
  /** How many database copies are kept (the newest). */
  keep: number;
}

export const BACKUP_SETTING_DESCRIPTIONS: readonly SettingDescription[] = [
  {
    name: 'RELAY_BACKUP_DIR',
    default: 'unset',
    description: 'Folder (best on another disk or a mounted remote) for scheduled copies of relay.db, each checked before it is kept, and a mirror of the media folder. Unset: no scheduled backups. Restore one with `npm run relay -- backup restore FILE`.',
  },
  { name: 'RELAY_BACKUP_INTERVAL_SECONDS', default: '3600', description: 'How often (60–86400 seconds) a copy is made; the first one a minute after start-up. Events received after the latest copy are what a restore loses.' },
  { name: 'RELAY_BACKUP_KEEP', default: '24', description: 'How many copies (1–1000) are kept; older ones are deleted. A finished erasure or retention run also deletes every copy made before it.' },
];

export function readBackupSettings(value: SettingReader, errors: string[], dataDir: string): BackupSettings {
  const integer = integerSettings(value, errors);
  const raw = value('RELAY_BACKUP_DIR');
  let dir: string | null = null;
  if (raw !== undefined) {
    dir = path.resolve(raw);
    // The data dir is what a backup protects against losing; a copy inside it goes with it.
    const data = path.resolve(dataDir);
    if (dir === data || dir.startsWith(`${data}${path.sep}`)) {
      errors.push(`RELAY_BACKUP_DIR ${dir} must be outside RELAY_DATA_DIR ${data}`);
      dir = null;
    }
  }
  return {
    dir,
    intervalMs: integer('RELAY_BACKUP_INTERVAL_SECONDS', 3600, 60, 86_400, 'a number of seconds from 60 to 86400') * 1000,
    keep: integer('RELAY_BACKUP_KEEP', 24, 1, 1000, 'a number from 1 to 1000'),
  };
}
