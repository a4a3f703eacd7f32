import { describe, expect, it } from 'vitest';
import { backupFileName, backupsToDelete, listBackups, parseBackupFileName } from '../../src/backup/backup-files';

const at = (iso: string) => Date.parse(iso);

describe('backup file names', () => {
  it('say when the copy was made, to the millisecond, and how far the log goes', () => {
    const name = backupFileName(at('2026-12-03T16:05:09.042Z'), 1234);
    expect(name).toBe('relay-20261203T160509042Z-seq000001234.db');
    expect(parseBackupFileName(name)).toEqual({ name, madeAtMs: at('2026-12-03T16:05:09.042Z'), headSeq: 1234 });
  });

  it('leave out partial copies, the media mirror and anything else in the folder', () => {
    const names = ['.partial-ab12.db', 'media', 'notes.txt', 'relay-20261203T160509042Z-seq000000007.db', 'relay-2026-12-03-seq7.db'];
    expect(listBackups(names).map((file) => file.headSeq)).toEqual([7]);
  });

  it('list oldest first', () => {
    const names = [backupFileName(at('2026-12-03T12:00:00Z'), 30), backupFileName(at('2026-12-01T12:00:00Z'), 10), backupFileName(at('2026-12-02T12:00:00Z'), 20)];
    expect(listBackups(names).map((file) => file.headSeq)).toEqual([10, 20, 30]);
  });
});

describe('which copies are deleted', () => {
  const hourly = Array.from({ length: 30 }, (_, hour) => ({ name: `copy-${hour}`, madeAtMs: at('2026-12-03T00:00:00Z') + hour * 3_600_000, headSeq: hour * 100 }));

  it('keeping 24 of 30 hourly copies deletes the 6 oldest', () => {
    expect(backupsToDelete(hourly, 24, null, 'copy-29').map((file) => file.name)).toEqual(['copy-5', 'copy-4', 'copy-3', 'copy-2', 'copy-1', 'copy-0']);
  });

  it('an erasure finished at 20:30 deletes every copy made before it, but never the one just made', () => {
    const doomed = backupsToDelete(hourly, 24, at('2026-12-03T20:30:00Z'), 'copy-29').map((file) => file.name);
    expect(doomed).toHaveLength(21);
    expect(doomed).not.toContain('copy-21');
    expect(doomed).toContain('copy-20');
    expect(backupsToDelete(hourly.slice(0, 3), 24, at('2026-12-04T00:00:00Z'), 'copy-2').map((file) => file.name)).toEqual(['copy-1', 'copy-0']);
  });
});
