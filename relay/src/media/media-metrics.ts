import { Counter, Gauge, type Registry } from 'prom-client';

/** Media capture's Prometheus series, on the relay's registry (relay/src/metrics.ts). */
export class MediaMetrics {
  private readonly downloads: Counter<'outcome'>;
  private readonly bytes: Counter;

  constructor(registry: Registry, pending: () => number) {
    this.downloads = new Counter({
      name: 'ringside_media_downloads_total',
      help: 'Media download tries since the relay started, by outcome: ok (stored), failed (to be retried), refused (never downloadable: host not allowed, private address, too large, not media).',
      labelNames: ['outcome'] as const,
      registers: [registry],
    });
    this.bytes = new Counter({ name: 'ringside_media_bytes_total', help: 'Bytes of media downloaded and stored since the relay started.', registers: [registry] });
    new Gauge({
      name: 'ringside_media_pending',
      help: 'Media downloads waiting for their next try.',
      registers: [registry],
      collect() {
        this.set(pending());
      },
    });
  }

  downloaded(bytes: number): void {
    this.downloads.inc({ outcome: 'ok' });
    this.bytes.inc(bytes);
  }

  failed(): void {
    this.downloads.inc({ outcome: 'failed' });
  }

  refused(): void {
    this.downloads.inc({ outcome: 'refused' });
  }
}
