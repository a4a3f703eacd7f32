/** Counters the relay keeps since it started; gauges are read when /metrics is scraped. */
export class RelayMetrics {
  eventsStored = 0;
  private readonly rejected = new Map<string, { provider: string; reason: string; count: number }>();

  webhookRejected(provider: string, reason: string): void {
    const key = `${provider}\u0000${reason}`;
    const entry = this.rejected.get(key) ?? { provider, reason, count: 0 };
    entry.count += 1;
    this.rejected.set(key, entry);
  }

  rejections(): { provider: string; reason: string; count: number }[] {
    return [...this.rejected.values()];
  }
}

export interface MetricsSnapshot {
  eventsStored: number;
  rejections: { provider: string; reason: string; count: number }[];
  connectedDevices: number;
  headSeq: number;
  lagByDevice: ReadonlyMap<string, number>;
}

/** Prometheus text exposition format 0.0.4. */
export function renderMetrics(snapshot: MetricsSnapshot): string {
  const lines: string[] = [];
  const metric = (name: string, type: 'counter' | 'gauge', help: string, samples: [labels: Record<string, string>, value: number][]): void => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) lines.push(`${name}${renderLabels(labels)} ${value}`);
  };
  metric('ringside_events_stored_total', 'counter', 'Events appended to the log since the relay started (duplicates not counted).', [[{}, snapshot.eventsStored]]);
  metric(
    'ringside_webhooks_rejected_total',
    'counter',
    'Webhooks refused since the relay started, by provider and reason.',
    snapshot.rejections.map((r) => [{ provider: r.provider, reason: r.reason }, r.count]),
  );
  metric('ringside_connected_devices', 'gauge', 'Devices with at least one open stream.', [[{}, snapshot.connectedDevices]]);
  metric('ringside_head_seq', 'gauge', 'Seq of the newest event in the log.', [[{}, snapshot.headSeq]]);
  metric(
    'ringside_stream_lag_events',
    'gauge',
    'Head seq minus the seq a device last acknowledged (its slowest stream).',
    [...snapshot.lagByDevice].map(([device, lag]) => [{ device }, lag]),
  );
  return `${lines.join('\n')}\n`;
}

function renderLabels(labels: Record<string, string>): string {
  const pairs = Object.entries(labels).map(([key, value]) => `${key}="${value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}
