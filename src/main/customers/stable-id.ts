import { createHash } from 'node:crypto';

/** A short id derived from what a thing is, so importing the same file twice names it the same. */
export function stableId(prefix: string, ...parts: readonly (string | number | null)[]): string {
  const digest = createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  return `${prefix}_${digest.slice(0, 20)}`;
}
