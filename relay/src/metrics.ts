import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, Summary } from 'prom-client';

/**
 * The relay's Prometheus metrics (prom-client): counters and histograms observed on the
 * request and commit paths, gauges read when /metrics is scraped, and Node's default
 * process metrics. One instance per relay, with its own registry, so several relays in
 * one test process never share series.
 */
export interface MetricsGauges {
  connectedDevices(): number;
  headSeq(): number;
  /** head − acked of each device's slowest stream, by device name. */
  lagByDevice(): ReadonlyMap<string, number>;
}

/** Seconds; a webhook answered in 1–5 ms is the normal case, so the buckets are fine there. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.002, 0.003, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];
const LAG_BUCKETS = [0, 1, 10, 100, 1_000, 10_000, 100_000];

export class RelayMetrics {
  readonly registry = new Registry();
  private readonly stored = new Counter({ name: 'ringside_events_stored_total', help: 'Events appended to the log since the relay started (duplicates not counted).', registers: [this.registry] });
  private readonly rejected = new Counter({
    name: 'ringside_webhooks_rejected_total',
    help: 'Webhooks refused since the relay started, by provider and reason.',
    labelNames: ['provider', 'reason'] as const,
    registers: [this.registry],
  });
  private readonly answered = new Histogram({
    name: 'ringside_webhook_answer_seconds',
    help: 'Time from a webhook request arriving to its answer, by provider and status class.',
    labelNames: ['provider', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly commitLatency = new Histogram({
    name: 'ringside_log_commit_seconds',
    help: 'Durable commit (write + fsync) of one group of appends.',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly batchSize = new Histogram({ name: 'ringside_log_commit_batch_size', help: 'Appends committed together in one transaction.', buckets: BATCH_BUCKETS, registers: [this.registry] });
  private readonly answeredSeries = new Map<string, { observe(value: number): void }>();
  private readonly limited = new Counter({
    name: 'ringside_rate_limited_total',
    help: 'Requests answered 429 since the relay started, by limit.',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });

  // Exact quantiles of the commit latency: the bench's closed-loop limit is senders ÷ the median.
  private readonly commitQuantiles = new Summary({
    name: 'ringside_log_commit_quantile_seconds',
    help: 'Durable commit (write + fsync) of one group of appends, quantiles since the relay started.',
    percentiles: [0.5, 0.9, 0.99],
    registers: [this.registry],
  });
  private readonly commitInsert = new Counter({ name: 'ringside_log_insert_seconds_total', help: 'Time spent writing groups of appends into SQLite on the event loop (the fsync is not on it).', registers: [this.registry] });
  private readonly appendWait = new Counter({ name: 'ringside_log_append_wait_seconds_total', help: 'Summed over appends: time from append to durable (commit wait).', registers: [this.registry] });
  private readonly fanOut = new Counter({ name: 'ringside_stream_fanout_seconds_total', help: 'Time spent sending committed events to live streams.', registers: [this.registry] });
  private readonly replayChunk = new Histogram({
    name: 'ringside_stream_replay_chunk_seconds',
    help: 'One replay chunk (read + send) to one stream: the longest the event loop is held by a replay.',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly streamLag = new Histogram({ name: 'ringside_stream_ack_lag_events', help: 'Head seq minus the acknowledged seq, at each ack.', buckets: LAG_BUCKETS, registers: [this.registry] });

  constructor(gauges: MetricsGauges) {
    collectDefaultMetrics({ register: this.registry, prefix: 'ringside_relay_' });
    new Gauge({ name: 'ringside_connected_devices', help: 'Devices with at least one open stream.', registers: [this.registry], collect() { this.set(gauges.connectedDevices()); } });
    new Gauge({ name: 'ringside_head_seq', help: 'Seq of the newest event in the log.', registers: [this.registry], collect() { this.set(gauges.headSeq()); } });
    new Gauge({
      name: 'ringside_stream_lag_events',
      help: 'Head seq minus the seq a device last acknowledged (its slowest stream).',
      labelNames: ['device'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [device, lag] of gauges.lagByDevice()) this.set({ device }, lag);
      },
    });
  }

  eventsStored(count: number): void {
    this.stored.inc(count);
  }

  webhookRejected(provider: string, reason: string): void {
    this.rejected.inc({ provider, reason });
  }

  webhookAnswered(provider: string, status: number, seconds: number): void {
    const statusClass = Math.floor(status / 100);
    const key = `${provider} ${statusClass}`;
    // A labelled observe hashes its labels on every call; the few series are bound once.
    let series = this.answeredSeries.get(key);
    if (series === undefined) {
      series = this.answered.labels({ provider, status: `${statusClass}xx` });
      this.answeredSeries.set(key, series);
    }
    series.observe(seconds);
  }

  /** One durable commit of the event log, with where its time went. */
  commitTimed(timing: { batchSize: number; insertSeconds: number; commitSeconds: number; waitSeconds: number }): void {
    this.commitLatency.observe(timing.commitSeconds);
    this.batchSize.observe(timing.batchSize);
    this.commitQuantiles.observe(timing.commitSeconds);
    this.commitInsert.inc(timing.insertSeconds);
    this.appendWait.inc(timing.waitSeconds);
  }

  fanOutObserved(seconds: number): void {
    this.fanOut.inc(seconds);
  }

  replayChunkObserved(seconds: number): void {
    this.replayChunk.observe(seconds);
  }

  streamLagObserved(events: number): void {
    this.streamLag.observe(events);
  }

  rateLimited(limit: string): void {
    this.limited.inc({ limit });
  }

  /** Prometheus text exposition format. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
