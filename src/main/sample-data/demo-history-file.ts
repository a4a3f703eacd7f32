import { parseCustomerCsv } from '../customers/parse-customer-csv';
import { planCustomerImport } from '../customers/plan-customer-import';
import type { DemoHistory } from './demo-history';

const DAY_MS = 86_400_000;
/** A relay hears of a webhook a moment after the provider stamped it. */
const DELIVERY_DELAY_MS = 1_000;

/**
 * The demo's history as a file for the relay's `log import` (relay/src/log-import/):
 * one JSON line per event, in receivedAt order, each at the time it happened, so the
 * billing fold places four months of calls in their own periods. The customers and
 * plans are recorded a week before the history starts, each subscription on the day it
 * starts, each webhook a second after OpenPhone stamped it, each billing fact when the
 * bookkeeper's sync would have posted it. Nothing is dated after `now`. Pure.
 */
export function demoHistoryLines(history: DemoHistory, options: { now: Date; days?: number }): string[] {
  const nowMs = options.now.getTime();
  const today = Date.UTC(options.now.getUTCFullYear(), options.now.getUTCMonth(), options.now.getUTCDate());
  const recordedAt = today - ((options.days ?? 120) + 7) * DAY_MS;
  const timed: { at: number; line: unknown }[] = [];
  const consoleLine = (at: number, event: object): void => {
    timed.push({ at, line: { receivedAt: new Date(at).toISOString(), event: { ...event, occurredAt: new Date(at).toISOString() } } });
  };
  for (const event of planCustomerImport(parseCustomerCsv(history.customersCsv, { region: 'US' }).rows, { occurredAt: new Date(recordedAt).toISOString() })) {
    const start = event.type === 'subscription.started' ? Date.parse(`${(event.data as { startDate: string }).startDate}T00:00:00Z`) : recordedAt;
    consoleLine(Math.max(recordedAt, start), event);
  }
  for (const body of history.webhooks) {
    const payload = JSON.parse(body) as { createdAt: string };
    const at = Date.parse(payload.createdAt) + DELIVERY_DELAY_MS;
    timed.push({ at, line: { receivedAt: new Date(at).toISOString(), provider: 'openphone', payload } });
  }
  for (const event of history.consoleEvents) {
    const at = Date.parse(event.occurredAt);
    timed.push({ at, line: { receivedAt: event.occurredAt, event } });
  }
  // Stable: events of the same instant keep their order (a plan before its subscriptions).
  return timed
    .filter((t) => t.at <= nowMs)
    .sort((a, b) => a.at - b.at)
    .map((t) => JSON.stringify(t.line));
}
