import type { Clock } from '../../../src/shared/clock';
import type { AlertRaiser } from './alert-service';

/** Refusals in the window, with no webhook of the provider accepted in it, that raise the alert. */
const REFUSALS = 20;
const WINDOW_MS = 10 * 60_000;

/**
 * A provider whose webhooks keep failing signature verification is a provider whose calls
 * and texts are not reaching Ringside (a rotated signing key the relay was not given): a
 * critical alert once REFUSALS have been refused in WINDOW_MS with none accepted, cleared by
 * the provider's next webhook that verifies. A stranger's odd bad request raises nothing.
 */
export class WebhookSignatureWatch {
  private readonly refusals = new Map<string, number[]>();
  private readonly alerted = new Set<string>();

  constructor(private readonly deps: { alerts: AlertRaiser; clock: Clock; onError: (error: unknown) => void }) {}

  verified(provider: string, title: string, ok: boolean): void {
    const now = this.deps.clock();
    const alertId = `webhooks:${provider}:signature`;
    if (ok) {
      this.refusals.delete(provider);
      if (this.alerted.delete(provider)) this.deps.alerts.clear(alertId, `${title}'s webhooks are accepted again.`).catch(this.deps.onError);
      return;
    }
    const recent = (this.refusals.get(provider) ?? []).filter((at) => now - at < WINDOW_MS);
    recent.push(now);
    this.refusals.set(provider, recent.slice(-REFUSALS));
    if (recent.length < REFUSALS || this.alerted.has(provider)) return;
    this.alerted.add(provider);
    this.deps.alerts
      .raise({
        alertId,
        severity: 'critical',
        message: `${title}'s webhooks are being refused: their signature does not match the key the relay has, so calls and texts may not be reaching Ringside. Whoever runs the relay should check its ${title} webhook signing key.`,
      })
      .catch((error: unknown) => {
        this.alerted.delete(provider);
        this.deps.onError(error);
      });
  }
}
