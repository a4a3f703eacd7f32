import { Counter, Gauge, type Registry } from 'prom-client';
import type { DeliveryObserver } from './alert-deliveries';
import type { AlertChannelName } from './relay-alert-event';

/** The alert service's Prometheus series: raises by outcome, messages sent and failed sends by channel, what is owed. */
export class AlertMetrics implements DeliveryObserver {
  private readonly raises: Counter<'outcome'>;
  private readonly sentTotal: Counter<'channel'>;
  private readonly failures: Counter<'channel'>;

  constructor(registry: Registry, gauges: { open: () => number; pending: (channel: AlertChannelName) => number; channels: readonly AlertChannelName[] }) {
    this.raises = new Counter({
      name: 'ringside_alert_raises_total',
      help: 'Alerts raised since the relay started, by outcome: raised (new), repeated (already open: counted, not raised again), reworded (open, new words).',
      labelNames: ['outcome'] as const,
      registers: [registry],
    });
    this.sentTotal = new Counter({ name: 'ringside_alert_messages_sent_total', help: 'Alert mails and SMS sent since the relay started (a digest is one), by channel.', labelNames: ['channel'] as const, registers: [registry] });
    this.failures = new Counter({ name: 'ringside_alert_delivery_failures_total', help: 'Failed tries to send an alert mail or SMS (each is retried), by channel.', labelNames: ['channel'] as const, registers: [registry] });
    new Gauge({ name: 'ringside_alerts_open', help: 'Alerts raised and not cleared.', registers: [registry], collect() { this.set(gauges.open()); } });
    new Gauge({
      name: 'ringside_alert_deliveries_pending',
      help: 'Alert mails and SMS owed and not yet sent, by channel.',
      labelNames: ['channel'] as const,
      registers: [registry],
      collect() {
        for (const channel of gauges.channels) this.set({ channel }, gauges.pending(channel));
      },
    });
    for (const channel of gauges.channels) {
      this.sentTotal.inc({ channel }, 0);
      this.failures.inc({ channel }, 0);
    }
  }

  raised(outcome: 'raised' | 'repeated' | 'reworded'): void {
    this.raises.inc({ outcome });
  }

  sent(channel: AlertChannelName): void {
    this.sentTotal.inc({ channel });
  }

  failed(channel: AlertChannelName): void {
    this.failures.inc({ channel });
  }
}
