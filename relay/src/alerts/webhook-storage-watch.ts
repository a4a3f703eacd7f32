import type { Clock } from '../../../src/shared/clock';
import type { Logger } from '../logger';
import type { AlertChannel } from './alert-deliveries';
import { alertNotice } from './alert-notice';

/** Webhooks the relay could not store, in the window with none stored, that tell the owner. */
const FAILURES = 3;
const WINDOW_MS = 10 * 60_000;
/** While storing keeps failing, the owner is told again at most this often. */
const REPEAT_MS = 60 * 60_000;
const ALERT_ID = 'webhooks:storage';

/**
 * Webhooks answered 503 because the relay's database would not take them (a full disk, a
 * disk that failed to sync, a database locked by something else) mean calls and texts are
 * not reaching Ringside. The alert service cannot say so: it appends a `relay.alert` to
 * the same log, and queues its mail and SMS in the same database (alert-service.ts,
 * alert-deliveries.ts), both of which are what is failing. So this watch sends straight
 * through the alert channels (email over SMTP, SMS through OpenPhone), with nothing
 * stored: once FAILURES webhooks were refused within WINDOW_MS with none stored, again
 * at most every REPEAT_MS while it lasts, and a "works again" message at the next webhook
 * stored. The consoles' banner cannot show it (it is fed from the log); the relay's own
 * log lines and /metrics (webhook answers by status) do. Kept in memory: a restart forgets
 * it, and a send that fails is tried at the next refusal.
 */
export class WebhookStorageWatch {
  private failures: number[] = [];
  /**
   * The open alert's first telling, resolving to whether anyone was told; null while none is
   * open. Set the moment it is decided, not once sent: a webhook stored while the mail is still
   * going out must still bring the "works again" message, after it.
   */
  private raise: Promise<boolean> | null = null;
  /** When the owner was last told of the open alert; null while its first telling is on its way. */
  private toldAt: number | null = null;
  private sending = false;

  constructor(private readonly deps: { channels: readonly AlertChannel[]; clock: Clock; logger: Logger }) {}

  /** A webhook of `title` was stored (true) or answered 503 because it could not be (false). */
  outcome(title: string, stored: boolean): void {
    const now = this.deps.clock();
    if (stored) {
      this.failures = [];
      const open = this.raise;
      if (open === null) return;
      this.raise = null;
      this.toldAt = null;
      void open.then((told) => {
        if (told) void this.tell('cleared', 'The relay stores incoming calls and texts again. Anything that came in while it could not should arrive as the services retry; the nightly check with OpenPhone adds what is still missing.', this.deps.clock());
      });
      return;
    }
    this.failures = this.failures.filter((at) => now - at < WINDOW_MS);
    this.failures.push(now);
    if (this.failures.length < FAILURES || this.sending) return;
    if (this.raise !== null && (this.toldAt === null || now - this.toldAt < REPEAT_MS)) return;
    const telling: Promise<boolean> = this.tell(
      'raised',
      `The relay cannot store incoming calls and texts (the last from ${title}): its database refuses them, for example because its disk is full. They do not reach the consoles, and this message cannot show in their banner. The services retry for a while; whoever runs the relay should free disk space or restart it now.`,
      now,
    ).then((told) => {
      if (told && this.raise === telling) this.toldAt = now;
      // Nobody could be told: the next refusal tries again.
      if (!told && this.raise === telling) this.raise = null;
      return told;
    });
    if (this.raise === null) this.raise = telling;
  }

  /** Sends the notice on every channel; true when at least one took it (or there is none to try). */
  private async tell(kind: 'raised' | 'cleared', message: string, now: number): Promise<boolean> {
    this.sending = true;
    try {
      let sent = false;
      for (const channel of this.deps.channels) {
        const notice = alertNotice([{ alertId: ALERT_ID, kind, severity: 'critical', message, at: now }], channel.name);
        const result = await channel.send(notice).catch((error: unknown) => ({ ok: false as const, error: error instanceof Error ? error.message : String(error) }));
        if (result.ok) sent = true;
        else this.deps.logger.error('the owner could not be told that webhooks cannot be stored', { channel: channel.name, error: result.error });
      }
      this.deps.logger.error(kind === 'raised' ? 'webhooks cannot be stored; the owner was told directly' : 'webhooks are stored again; the owner was told directly', { channels: this.deps.channels.map((channel) => channel.name), sent });
      return sent || this.deps.channels.length === 0;
    } finally {
      this.sending = false;
    }
  }
}
