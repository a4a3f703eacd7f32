import type { Clock } from '../../src/shared/clock';
import type { Logger } from './logger';

type Fields = Record<string, unknown>;

interface Kind {
  message: string;
  /** What the summary line repeats of the first line (never an address that changes per line). */
  fields: Fields;
  repeats: number;
  sinceMs: number;
}

export interface RepeatedLogOptions {
  /** Write the count of a repeating kind every this often; without it, counts wait for flush(). */
  periodMs?: number;
  clock?: Clock;
  /** Most kinds remembered; past it the counts are written and forgotten. */
  maxKinds?: number;
}

/**
 * Warnings rate-limited by kind: the first line of each kind is written, repeats are
 * only counted, and the count is written as one `(repeated)` line, every `periodMs`
 * and at flush(). A console sending garbage, a device retrying a refused stream in a
 * loop, or a stranger rotating addresses with bad signatures cannot flood the log.
 */
export class RepeatedLog {
  private readonly kinds = new Map<string, Kind>();
  private readonly clock: Clock;
  private readonly maxKinds: number;

  constructor(
    private readonly logger: Logger,
    private readonly fields: Fields,
    private readonly options: RepeatedLogOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.maxKinds = options.maxKinds ?? 1000;
  }

  /** `kind` (default: the message) is what counts as a repeat; `summary` the fields its count line keeps. */
  warn(message: string, fields: Fields = {}, kind = message, summary: Fields = {}): void {
    const now = this.clock();
    const seen = this.kinds.get(kind);
    if (seen === undefined) {
      if (this.kinds.size >= this.maxKinds) this.flush();
      this.kinds.set(kind, { message, fields: summary, repeats: 0, sinceMs: now });
      this.logger.warn(message, { ...this.fields, ...fields });
      return;
    }
    seen.repeats++;
    if (this.options.periodMs !== undefined && now - seen.sinceMs >= this.options.periodMs) this.report(seen, now);
  }

  /** Writes the count of every kind whose period is over; call it every period so a burst's count is not held back. */
  flushDue(): void {
    const now = this.clock();
    for (const [kind, seen] of this.kinds) {
      if (now - seen.sinceMs < (this.options.periodMs ?? 0)) continue;
      if (seen.repeats > 0) this.report(seen, now);
      else this.kinds.delete(kind);
    }
  }

  /** Writes one summary line per kind that repeated, and forgets them all. */
  flush(): void {
    for (const seen of this.kinds.values()) {
      if (seen.repeats > 0) this.logger.warn(`${seen.message} (repeated)`, { ...this.fields, ...seen.fields, repeats: seen.repeats });
    }
    this.kinds.clear();
  }

  private report(seen: Kind, now: number): void {
    this.logger.warn(`${seen.message} (repeated)`, { ...this.fields, ...seen.fields, repeats: seen.repeats });
    seen.repeats = 0;
    seen.sinceMs = now;
  }
}

/**
 * A Logger whose warnings go through `repeated`, grouped by the message and the named
 * fields (e.g. provider and reason, not the client address): for a component that logs
 * through a Logger and should not know about rate-limiting its lines.
 */
export function repeatedWarnings(logger: Logger, repeated: RepeatedLog, kindFields: readonly string[]): Logger {
  return {
    debug: (message, fields) => logger.debug(message, fields),
    info: (message, fields) => logger.info(message, fields),
    error: (message, fields) => logger.error(message, fields),
    warn: (message, fields = {}) => {
      const summary: Fields = {};
      for (const name of kindFields) if (name in fields) summary[name] = fields[name];
      repeated.warn(message, fields, `${message}\u0000${JSON.stringify(summary)}`, summary);
    },
  };
}
