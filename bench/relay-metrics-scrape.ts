/**
 * Reads the relay's own /metrics (Prometheus text; loopback needs no token) for the
 * figures only the relay can see: commit latency quantiles, time spent writing,
 * waiting and fanning out, and the event loop's worst delay since the last scrape
 * (prom-client resets that one at each scrape).
 */

export interface RelayMetricsSnapshot {
  commitMedianSeconds: number;
  commitP99Seconds: number;
  commits: number;
  committedAppends: number;
  insertSeconds: number;
  appendWaitSeconds: number;
  fanOutSeconds: number;
  /** Worst event-loop delay since the previous scrape. */
  eventLoopMaxSeconds: number;
  eventLoopP99Seconds: number;
}

export async function scrapeRelayMetrics(relayUrl: string): Promise<RelayMetricsSnapshot> {
  const response = await fetch(`${relayUrl}/metrics`);
  if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
  return parseRelayMetrics(await response.text());
}

export function parseRelayMetrics(text: string): RelayMetricsSnapshot {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    values.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  const read = (name: string): number => {
    const value = values.get(name);
    if (value === undefined) throw new Error(`the relay's /metrics has no ${name}`);
    return value;
  };
  return {
    commitMedianSeconds: read('ringside_log_commit_quantile_seconds{quantile="0.5"}'),
    commitP99Seconds: read('ringside_log_commit_quantile_seconds{quantile="0.99"}'),
    commits: read('ringside_log_commit_seconds_count'),
    committedAppends: read('ringside_log_commit_batch_size_sum'),
    insertSeconds: read('ringside_log_insert_seconds_total'),
    appendWaitSeconds: read('ringside_log_append_wait_seconds_total'),
    fanOutSeconds: read('ringside_stream_fanout_seconds_total'),
    eventLoopMaxSeconds: read('ringside_relay_nodejs_eventloop_lag_max_seconds'),
    eventLoopP99Seconds: read('ringside_relay_nodejs_eventloop_lag_p99_seconds'),
  };
}
