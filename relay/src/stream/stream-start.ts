import type { LogEpoch } from '../log/log-epochs';

/**
 * Where a stream starts: `after=` (empty or absent: 0) read as a seq, and refused when the
 * console's copy cannot continue from this log. A console only ever asks for a seq it was
 * sent, so one past the head means the relay's log lost events it once had (restored from an
 * older backup); streaming on would silently skip those seqs. A console that names the epoch
 * its copy is of (`epoch=`, told to it when its stream opened, log/log-epochs.ts) is also
 * refused when a restore began a later epoch before its `after` (those seqs now belong to
 * other events), or when the epoch is not this log's at all. Pure.
 */
export type StreamStart =
  | { ok: true; after: number }
  /** `validThrough` (409): the console's copy matches this log up to that seq and no further (shared/relay-protocol.ts). */
  | { ok: false; status: 400 | 409; error: string; validThrough?: number };

export function decideStreamStart(raw: string | null, headSeq: number, epoch: string | null = null, epochs: readonly LogEpoch[] = []): StreamStart {
  const after = parseAfter(raw);
  if (after === null) return { ok: false, status: 400, error: 'after must be a non-negative integer seq' };
  // The epoch first: it knows exactly where the copy stops agreeing, where the head only bounds it.
  if (epoch !== null && epoch !== '' && epochs.length > 0) {
    const index = epochs.findIndex((known) => known.epoch === epoch);
    if (index < 0) return { ok: false, status: 409, error: "this console's copy is of another log than this relay's (another relay, or one set up again): the console downloads it again", validThrough: 0 };
    const fork = Math.min(...epochs.slice(index + 1).map((later) => later.startsAfterSeq));
    if (after > fork) return { ok: false, status: 409, error: `this relay was restored from a backup ending at seq ${fork}, and this console's copy goes further (seq ${after}): the console downloads the log again`, validThrough: fork };
  }
  // Without an epoch (a console before them) the head is all there is to go by; what such a copy
  // still agrees with is at most where the earliest restore began.
  if (after > headSeq) {
    const validThrough = Math.min(headSeq, ...epochs.slice(1).map((later) => later.startsAfterSeq));
    return { ok: false, status: 409, error: `after is ahead of this relay's log (head ${headSeq}): was the relay restored from a backup?`, validThrough };
  }
  return { ok: true, after };
}

export function parseAfter(raw: string | null): number | null {
  if (raw === null || raw === '') return 0;
  return /^\d{1,15}$/.test(raw) ? Number(raw) : null;
}
