import type { SignatureMode } from './signature';
import { webhookHeaders } from './signature';

/**
 * Flutterwave EMULATOR: posting webhooks to the merchant's URL and retrying them. A delivery is
 * done when the receiver answers 2xx; anything else (or no answer within the timeout) is retried
 * `retries` times, `retryDelayMs` apart. Flutterwave's own schedule is UNCONFIRMED (see the doc);
 * the emulator's defaults are short so tests can watch retries happen.
 */

export interface WebhookTarget {
  url: string;
  secretHash: string;
  signatureMode: SignatureMode;
  retries: number;
  retryDelayMs: number;
  timeoutMs: number;
}

export interface DeliveryAttempt {
  atMs: number;
  /** HTTP status, or 0 when the connection failed or timed out. */
  status: number;
  error?: string;
}

export interface WebhookDelivery {
  id: number;
  event: string;
  body: string;
  headers: Record<string, string>;
  attempts: DeliveryAttempt[];
  delivered: boolean;
  /** Set on a delivery made by `replay`: the id it repeats byte for byte. */
  replayOf?: number;
}

export class WebhookSender {
  private readonly log: WebhookDelivery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private nextId = 1;

  constructor(
    private readonly target: () => WebhookTarget | undefined,
    private readonly now: () => number,
  ) {}

  deliveries(): WebhookDelivery[] {
    return this.log.map((d) => ({ ...d, headers: { ...d.headers }, attempts: d.attempts.map((a) => ({ ...a })) }));
  }

  /** Signs and posts `payload`; resolves after the first attempt (retries continue in the background). */
  send(payload: { event: string; [key: string]: unknown }, sign: { secretHash?: string; signatureMode?: SignatureMode } = {}): Promise<WebhookDelivery> {
    const target = this.target();
    if (!target) return Promise.resolve(this.record(payload.event, JSON.stringify(payload), {}, undefined));
    const body = JSON.stringify(payload);
    const headers = webhookHeaders(body, sign.secretHash ?? target.secretHash, sign.signatureMode ?? target.signatureMode);
    const delivery = this.record(payload.event, body, headers, undefined);
    return this.attempt(delivery, target, target.retries).then(() => this.copy(delivery));
  }

  /** The same bytes and headers again, as Flutterwave's resend (or a network duplicate) would. */
  replay(deliveryId: number): Promise<WebhookDelivery> {
    const original = this.log.find((d) => d.id === deliveryId);
    const target = this.target();
    if (!original) throw new Error(`no webhook delivery ${deliveryId}`);
    const delivery = this.record(original.event, original.body, { ...original.headers }, original.id);
    if (!target) return Promise.resolve(this.copy(delivery));
    return this.attempt(delivery, target, 0).then(() => this.copy(delivery));
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private record(event: string, body: string, headers: Record<string, string>, replayOf: number | undefined): WebhookDelivery {
    const delivery: WebhookDelivery = { id: this.nextId++, event, body, headers, attempts: [], delivered: false, ...(replayOf ? { replayOf } : {}) };
    this.log.push(delivery);
    return delivery;
  }

  private copy(d: WebhookDelivery): WebhookDelivery {
    return this.deliveries().find((x) => x.id === d.id)!;
  }

  private async attempt(delivery: WebhookDelivery, target: WebhookTarget, retriesLeft: number): Promise<void> {
    const attempt: DeliveryAttempt = { atMs: this.now(), status: 0 };
    delivery.attempts.push(attempt);
    try {
      const res = await fetch(target.url, { method: 'POST', headers: delivery.headers, body: delivery.body, signal: AbortSignal.timeout(target.timeoutMs) });
      await res.arrayBuffer();
      attempt.status = res.status;
      delivery.delivered = res.status >= 200 && res.status < 300;
    } catch (e) {
      attempt.error = e instanceof Error ? e.message : String(e);
    }
    if (delivery.delivered || retriesLeft <= 0) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(delivery, target, retriesLeft - 1);
    }, target.retryDelayMs);
    timer.unref();
    this.timers.add(timer);
  }
}
