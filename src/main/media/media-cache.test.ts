import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMediaCache } from './media-cache';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('the console’s media cache', () => {
  const dirs: string[] = [];
  const dir = () => {
    const made = mkdtempSync(join(tmpdir(), 'ringside-media-cache-'));
    dirs.push(made);
    return made;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('past its size limit, deletes the least recently used files, and finds the rest after a restart', () => {
    const folder = dir();
    let now = 1_000_000;
    const cache = createMediaCache(folder, 2500, () => now);
    const files = ['a', 'b', 'c'].map((letter) => Buffer.alloc(1000, letter));
    cache.put(sha(files[0]!), files[0]!);
    now += 1000;
    cache.put(sha(files[1]!), files[1]!);
    now += 1000;
    // Played again: now the most recently used.
    expect(cache.get(sha(files[0]!))).toEqual(files[0]);
    now += 1000;
    cache.put(sha(files[2]!), files[2]!);

    expect(cache.get(sha(files[1]!))).toBeNull();
    expect(cache.size()).toBe(2000);
    expect(readdirSync(folder).sort()).toEqual([sha(files[0]!), sha(files[2]!)].sort());
    const reopened = createMediaCache(folder, 2500, () => now);
    expect(reopened.get(sha(files[2]!))).toEqual(files[2]);
    expect(reopened.size()).toBe(2000);
  });

  it('keeps nothing larger than the whole cache, nor under a name that is not a hash', () => {
    const cache = createMediaCache(dir(), 100);
    const big = Buffer.alloc(200, 1);
    cache.put(sha(big), big);
    cache.put('../escape', Buffer.from('x'));
    expect(cache.size()).toBe(0);
    expect(cache.get('../escape')).toBeNull();
  });
});
