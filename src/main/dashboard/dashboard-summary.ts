import { DateTime } from 'luxon';
import type { DashboardClient, DashboardDay, DashboardSummary } from '../../shared/api/dashboard';
import { readCatalog } from '../billing/queries/account-standing';
import type { ConsoleDatabase } from '../db/open-console-database';

/**
 * The dashboard of a range of days. SQLite sums the calls, charges, top-ups and
 * subscription invoices per UTC hour (at most 24 × 731 rows, however many calls); this
 * folds those hours into the business's calendar days and weekday × hour cells, so the
 * heatmap and the days follow its clock across daylight-saving changes.
 *
 * Revenue counts each sale once: a subscription when its invoice is issued, a wallet
 * top-up when its money arrives (a paid top-up invoice credits the wallet; the invoice
 * itself is not counted again), and calls and texts for what they cost beyond prepaid
 * time and wallet money (the wallet was already counted when it was topped up).
 */

const HOUR_MS = 3_600_000;

interface HourRow {
  hour: number;
  calls: number;
  missed: number;
  talk: number;
}

interface MoneyHourRow {
  hour: number;
  billed: number;
  usage: number;
}

export function dashboardSummary(db: ConsoleDatabase, input: { from: string; to: string; top: number }): DashboardSummary {
  const catalog = readCatalog(db);
  const timeZone = catalog.rateCard.businessHours?.timeZone ?? 'UTC';
  const currency = catalog.rateCard.currency;
  const fromMs = DateTime.fromISO(input.from, { zone: timeZone }).startOf('day').toMillis();
  const toMs = DateTime.fromISO(input.to, { zone: timeZone }).plus({ days: 1 }).startOf('day').toMillis();

  // Incoming calls that ended: answered ones with their talk time, the rest missed.
  const callHours = db.sqlite
    .prepare(
      `SELECT started_at_ms / ${HOUR_MS} AS hour, COUNT(*) AS calls,
              SUM(answered_at_ms IS NULL) AS missed,
              COALESCE(SUM(CASE WHEN answered_at_ms IS NOT NULL THEN duration_seconds END), 0) AS talk
       FROM calls
       WHERE direction = 'incoming' AND completed_at_ms IS NOT NULL AND started_at_ms >= ? AND started_at_ms < ?
       GROUP BY hour`,
    )
    .all(fromMs, toMs) as HourRow[];
  // A reversal carries its original's figures negated, so plain sums cancel a corrected charge.
  const chargeHours = db.sqlite
    .prepare(
      `SELECT started_at_ms / ${HOUR_MS} AS hour, SUM(billable_seconds) AS billed, SUM(owed_minor) AS usage
       FROM charges WHERE started_at_ms >= ? AND started_at_ms < ? GROUP BY hour`,
    )
    .all(fromMs, toMs) as MoneyHourRow[];
  const topUpHours = db.sqlite
    .prepare(`SELECT at_ms / ${HOUR_MS} AS hour, SUM(amount_minor) AS amount FROM wallet_entries WHERE kind = 'top_up' AND at_ms >= ? AND at_ms < ? GROUP BY hour`)
    .all(fromMs, toMs) as { hour: number; amount: number }[];
  // An issue date is already a calendar day.
  const subscriptionDays = db.sqlite
    .prepare(`SELECT issue_date AS day, SUM(total_minor) AS amount FROM invoices WHERE kind = 'subscription' AND status <> 'void' AND issue_date >= ? AND issue_date <= ? GROUP BY issue_date`)
    .all(input.from, input.to) as { day: string; amount: number }[];

  const days = new Map<string, DashboardDay>();
  for (let day = DateTime.fromISO(input.from, { zone: timeZone }); day.toISODate()! <= input.to; day = day.plus({ days: 1 })) {
    const key = day.toISODate()!;
    days.set(key, { day: key, calls: 0, missed: 0, talkSeconds: 0, billedSeconds: 0, subscriptionsMinor: 0, topUpsMinor: 0, usageMinor: 0 });
  }
  const heatmap = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const local = (hour: number) => DateTime.fromMillis(hour * HOUR_MS, { zone: timeZone });
  const dayOf = (hour: number) => days.get(local(hour).toISODate()!);
  let calls = 0;
  let missed = 0;
  let talk = 0;
  for (const row of callHours) {
    const at = local(row.hour);
    heatmap[at.weekday - 1]![at.hour]! += row.calls;
    const day = days.get(at.toISODate()!);
    if (day) {
      day.calls += row.calls;
      day.missed += row.missed;
      day.talkSeconds += row.talk;
    }
    calls += row.calls;
    missed += row.missed;
    talk += row.talk;
  }
  let billed = 0;
  let usageMinor = 0;
  for (const row of chargeHours) {
    const day = dayOf(row.hour);
    if (day) {
      day.billedSeconds += row.billed;
      day.usageMinor += row.usage;
    }
    billed += row.billed;
    usageMinor += row.usage;
  }
  let topUpsMinor = 0;
  for (const row of topUpHours) {
    const day = dayOf(row.hour);
    if (day) day.topUpsMinor += row.amount;
    topUpsMinor += row.amount;
  }
  let subscriptionsMinor = 0;
  for (const row of subscriptionDays) {
    const day = days.get(row.day);
    if (day) day.subscriptionsMinor += row.amount;
    subscriptionsMinor += row.amount;
  }
  const answered = calls - missed;
  return {
    from: input.from,
    to: input.to,
    timeZone,
    currency,
    calls,
    answered,
    missed,
    missedRate: calls === 0 ? 0 : missed / calls,
    averageSeconds: answered === 0 ? 0 : Math.round(talk / answered),
    talkSeconds: talk,
    billedSeconds: billed,
    revenue: { subscriptionsMinor, topUpsMinor, usageMinor, totalMinor: subscriptionsMinor + topUpsMinor + usageMinor },
    days: [...days.values()],
    heatmap,
    topClients: topClients(db, { ...input, fromMs, toMs }, timeZone),
  };
}

interface ClientRow {
  client: string;
  customer_id: string | null;
  number: string | null;
  name: string | null;
  calls: number;
  missed: number;
  talk: number;
}

/**
 * The clients with the most talk time: calls are a customer's when one of their numbers
 * made them (an unknown number is a client of its own), money is what billing charged
 * them plus their subscriptions and top-ups in the range.
 */
function topClients(db: ConsoleDatabase, range: { from: string; to: string; fromMs: number; toMs: number; top: number }, timeZone: string): DashboardClient[] {
  const clients = db.sqlite
    .prepare(
      `WITH owned AS (
         SELECT c.call_id, c.started_at_ms, c.answered_at_ms, c.duration_seconds, c.external_e164,
                (SELECT MIN(p.customer_id) FROM customer_phones p WHERE p.phone_e164 = c.external_e164) AS customer_id
         FROM calls c
         WHERE c.direction = 'incoming' AND c.completed_at_ms IS NOT NULL AND c.started_at_ms >= @fromMs AND c.started_at_ms < @toMs
       )
       SELECT COALESCE(o.customer_id, 'number:' || o.external_e164) AS client, o.customer_id,
              CASE WHEN o.customer_id IS NULL THEN o.external_e164 END AS number, cu.name,
              COUNT(*) AS calls, SUM(o.answered_at_ms IS NULL) AS missed,
              COALESCE(SUM(CASE WHEN o.answered_at_ms IS NOT NULL THEN o.duration_seconds END), 0) AS talk
       FROM owned o LEFT JOIN customers cu ON cu.customer_id = o.customer_id
       GROUP BY client
       ORDER BY talk DESC, calls DESC, client
       LIMIT @top`,
    )
    .all(range) as ClientRow[];
  if (clients.length === 0) return [];
  const customerIds = clients.flatMap((c) => (c.customer_id ? [c.customer_id] : []));
  const numbers = clients.flatMap((c) => (c.number ? [c.number] : []));
  const marks = (n: number) => new Array(n).fill('?').join(', ') || 'NULL';
  // What billing charged each client in the range, and (customers only) their subscriptions and top-ups.
  const charged = db.sqlite
    .prepare(
      `SELECT COALESCE(billed_customer_id, 'number:' || number_e164) AS client, SUM(billable_seconds) AS billed, SUM(owed_minor) AS usage
       FROM charges
       WHERE started_at_ms >= ? AND started_at_ms < ?
         AND (billed_customer_id IN (${marks(customerIds.length)}) OR (billed_customer_id IS NULL AND number_e164 IN (${marks(numbers.length)})))
       GROUP BY client`,
    )
    .all(range.fromMs, range.toMs, ...customerIds, ...numbers) as { client: string; billed: number; usage: number }[];
  const sales = db.sqlite
    .prepare(
      `SELECT customer_id AS client, SUM(amount) AS amount FROM (
         SELECT customer_id, total_minor AS amount FROM invoices
         WHERE kind = 'subscription' AND status <> 'void' AND issue_date >= ? AND issue_date <= ? AND customer_id IN (${marks(customerIds.length)})
         UNION ALL
         SELECT customer_id, amount_minor FROM wallet_entries
         WHERE kind = 'top_up' AND at_ms >= ? AND at_ms < ? AND customer_id IN (${marks(customerIds.length)})
       ) GROUP BY customer_id`,
    )
    .all(range.from, range.to, ...customerIds, range.fromMs, range.toMs, ...customerIds) as { client: string; amount: number }[];
  // Each top client's calls per UTC hour, for their busiest weekday and hour on the business's clock.
  const hours = db.sqlite
    .prepare(
      `SELECT COALESCE((SELECT MIN(p.customer_id) FROM customer_phones p WHERE p.phone_e164 = c.external_e164), 'number:' || c.external_e164) AS client,
              c.started_at_ms / ${HOUR_MS} AS hour, COUNT(*) AS calls
       FROM calls c
       WHERE c.direction = 'incoming' AND c.completed_at_ms IS NOT NULL AND c.started_at_ms >= ? AND c.started_at_ms < ?
       GROUP BY client, hour`,
    )
    .all(range.fromMs, range.toMs) as { client: string; hour: number; calls: number }[];
  const chargedBy = new Map(charged.map((r) => [r.client, r]));
  const salesBy = new Map(sales.map((r) => [r.client, r.amount]));
  const cells = new Map<string, Map<number, number>>();
  for (const row of hours) {
    const at = DateTime.fromMillis(row.hour * HOUR_MS, { zone: timeZone });
    const cell = (at.weekday - 1) * 24 + at.hour;
    const byCell = cells.get(row.client) ?? new Map<number, number>();
    byCell.set(cell, (byCell.get(cell) ?? 0) + row.calls);
    cells.set(row.client, byCell);
  }
  return clients.map((c) => {
    let busiest: [number, number] | null = null;
    for (const [cell, n] of cells.get(c.client) ?? []) if (busiest === null || n > busiest[1] || (n === busiest[1] && cell < busiest[0])) busiest = [cell, n];
    const answered = c.calls - c.missed;
    const money = chargedBy.get(c.client);
    return {
      customerId: c.customer_id,
      name: c.name,
      number: c.number,
      calls: c.calls,
      missed: c.missed,
      talkSeconds: c.talk,
      averageSeconds: answered === 0 ? 0 : Math.round(c.talk / answered),
      billedSeconds: money?.billed ?? 0,
      revenueMinor: (money?.usage ?? 0) + (salesBy.get(c.client) ?? 0),
      busiestWeekday: busiest === null ? null : Math.floor(busiest[0] / 24),
      busiestHour: busiest === null ? null : busiest[0] % 24,
    };
  });
}
