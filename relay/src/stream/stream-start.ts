/**
 * Where a stream starts: `after=` (empty or absent: 0) read as a seq, and refused when
 * it is beyond this relay's head. A console only ever asks for a seq it was sent, so
 * one past the head means the relay's log lost events it once had (restored from an
 * older backup); streaming on would silently skip those seqs, so the console is told.
 */
export type StreamStart = { ok: true; after: number } | { ok: false; status: 400 | 409; error: string };

export function decideStreamStart(raw: string | null, headSeq: number): StreamStart {
  const after = parseAfter(raw);
  if (after === null) return { ok: false, status: 400, error: 'after must be a non-negative integer seq' };
  if (after > headSeq) return { ok: false, status: 409, error: `after is ahead of this relay's log (head ${headSeq}): was the relay restored from a backup?` };
  return { ok: true, after };
}

export function parseAfter(raw: string | null): number | null {
  if (raw === null || raw === '') return 0;
  return /^\d{1,15}$/.test(raw) ? Number(raw) : null;
}
