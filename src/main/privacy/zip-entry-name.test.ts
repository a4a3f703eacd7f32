import { mkdtempSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePrivateFolder } from './write-customer-export';
import { zipEntryPart } from './zip-entry-name';

describe("a customer export's zip entry names", () => {
  it('never climb out of their folder: a job id or a file name of dots, slashes or control characters becomes a plain name', () => {
    expect(zipEntryPart('..', 80)).toBe('___');
    expect(zipEntryPart('.', 80)).toBe('__');
    expect(zipEntryPart('../../etc/passwd', 80)).toBe('_._.._etc_passwd');
    expect(zipEntryPart('.hidden.jpg', 80)).toBe('_hidden.jpg');
    expect(zipEntryPart('a\r\nb', 80)).toBe('a_b');
    expect(zipEntryPart('', 80)).toBe('_');
    expect(zipEntryPart('call:openphone:AC1:0', 80)).toBe('call_openphone_AC1_0');
    expect(zipEntryPart('kitchen-1.jpg', 80)).toBe('kitchen-1.jpg');
    for (const part of ['..', '.', '...', '../x', '']) expect(zipEntryPart(part, 80)).not.toMatch(/^\.+$|\/|^$/);
  });
});

describe('the exports folder', () => {
  it('is readable by this user only, also when it was there before with wider rights', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ringside-exports-'));
    try {
      const fresh = join(dir, 'new', 'exports');
      makePrivateFolder(fresh);
      expect(statSync(fresh).mode & 0o777).toBe(0o700);
      const old = join(dir, 'old');
      mkdirSync(old, { mode: 0o755 });
      makePrivateFolder(old);
      expect(statSync(old).mode & 0o777).toBe(0o700);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
