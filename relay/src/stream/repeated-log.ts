import type { Logger } from '../logger';

type Fields = Record<string, unknown>;

/**
 * One stream connection's warnings, rate-limited: the first line of each kind is
 * written, repeats are only counted, and the counts are written once when the
 * connection ends. A console (or a stranger with a token) sending garbage cannot turn
 * the relay's log into a flood.
 */
export class RepeatedLog {
  private readonly repeats = new Map<string, number>();

  constructor(
    private readonly logger: Logger,
    private readonly fields: Fields,
  ) {}

  warn(message: string, fields: Fields = {}): void {
    const seen = this.repeats.get(message);
    if (seen === undefined) {
      this.repeats.set(message, 0);
      this.logger.warn(message, { ...this.fields, ...fields });
    } else {
      this.repeats.set(message, seen + 1);
    }
  }

  /** Writes one summary line per kind that repeated. */
  flush(): void {
    for (const [message, repeats] of this.repeats) {
      if (repeats > 0) this.logger.warn(`${message} (repeated)`, { ...this.fields, repeats });
    }
    this.repeats.clear();
  }
}
