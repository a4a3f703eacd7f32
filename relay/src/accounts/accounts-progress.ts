import type { Logger } from '../logger';
import type { ReplayProgress } from './replay-stored-events';

const EVERY_MS = 5000;

/** A line every few seconds while the accounts replay the log at start, and one when done. */
export function accountsProgress(logger: Logger): (progress: ReplayProgress) => void {
  let lastAt = 0;
  return (p) => {
    const done = p.appliedSeq >= p.headSeq;
    if (!done && p.elapsedMs - lastAt < EVERY_MS) return;
    lastAt = p.elapsedMs;
    logger.info(done ? 'accounts caught up with the log' : 'accounts catching up with the log', {
      appliedSeq: p.appliedSeq,
      headSeq: p.headSeq,
      events: p.events,
      eventsPerSecond: Math.round(p.events / Math.max(p.elapsedMs / 1000, 0.001)),
    });
  };
}
