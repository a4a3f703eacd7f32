import { useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RingsideClient } from '../../../shared/api/contract';
import { formatDuration, formatMoney } from '../../../shared/units';
import { useApiQuery } from '../api/use-api-query';
import { durationTicks, formatAxisDuration } from './duration-axis';
import { dailySeries, topCustomerBars, type DayUsage } from './usage-series';

const windows = [30, 90] as const;
type WindowDays = (typeof windows)[number];
const TOP = 8;

// Colours from the palette in base.css (SVG attributes, so CSP-safe).
const ACCENT = '#2f5bd3';
const OK = '#1f7a4d';
const GRID = '#dcdfe5';

/** Billed time and money per day, and who used the most: trends at a glance. */
export function DashboardPage({ client }: { client: RingsideClient }) {
  const [days, setDays] = useState<WindowDays>(30);
  const usage = useApiQuery(client, 'billing.usage', { days });
  const catalog = useApiQuery(client, 'billing.catalog', {});
  const currency = catalog.data?.rateCard.currency ?? 'USD';
  // Totals and top customers are summed by the core over the same days as the series.
  const summary = useApiQuery(client, 'billing.usageSummary', { days, top: TOP });
  const series = useMemo(() => dailySeries(usage.data ?? [], days, new Date()), [usage.data, days]);
  const totals = { seconds: summary.data?.billedSeconds ?? 0, minor: summary.data?.amountMinor ?? 0 };
  const top = useMemo(() => topCustomerBars(summary.data?.topCustomers ?? []), [summary.data]);
  const busiest = series.reduce<DayUsage | null>((best, day) => (day.billedSeconds > (best?.billedSeconds ?? 0) ? day : best), null);
  const money = (minor: number) => formatMoney({ minor, currency });
  const dayTicks = useMemo(() => durationTicks(Math.max(0, ...series.map((day) => day.billedSeconds))), [series]);
  const topTicks = useMemo(() => durationTicks(Math.max(0, ...top.map((entry) => entry.billedSeconds))), [top]);

  return (
    <>
      <div className="page-heading">
        <h1>Dashboard</h1>
        <div className="segmented" role="group" aria-label="Period">
          {windows.map((window) => (
            <button key={window} type="button" className="button" aria-pressed={days === window} onClick={() => setDays(window)}>
              Last {window} days
            </button>
          ))}
        </div>
      </div>
      {usage.error ? (
        <p className="error" role="alert">
          Could not load usage: {usage.error}
        </p>
      ) : null}
      <div className="tiles" data-testid="dashboard-totals">
        <div className="tile">
          <span className="tile__label">Billed time</span>
          <strong className="tile__value">{formatDuration(totals.seconds)}</strong>
        </div>
        <div className="tile">
          <span className="tile__label">Billed amount</span>
          <strong className="tile__value">{money(totals.minor)}</strong>
        </div>
        <div className="tile">
          <span className="tile__label">Busiest day</span>
          <strong className="tile__value">{busiest ? `${shortDay(busiest.day)} · ${formatDuration(busiest.billedSeconds)}` : '—'}</strong>
        </div>
      </div>

      <figure className="panel chart" data-testid="chart-hours">
        <figcaption>
          <h2>Billed time per day</h2>
        </figcaption>
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={series} accessibilityLayer margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid stroke={GRID} vertical={false} />
            <XAxis dataKey="day" tickFormatter={shortDay} minTickGap={24} />
            <YAxis tickFormatter={formatAxisDuration} ticks={dayTicks} domain={[0, dayTicks.at(-1) ?? 0]} width={72} />
            <Tooltip labelFormatter={(day) => shortDay(String(day))} formatter={(_value, _name, item) => [formatDuration((item.payload as DayUsage).billedSeconds), 'Billed']} />
            <Bar dataKey="billedSeconds" fill={ACCENT} radius={[3, 3, 0, 0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>

      <figure className="panel chart" data-testid="chart-amount">
        <figcaption>
          <h2>Amount billed per day</h2>
        </figcaption>
        <ResponsiveContainer width="100%" height={240}>
          {/* Bars, not a curve: a day's amount is one number, nothing lies between days. */}
          <BarChart data={series} accessibilityLayer margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid stroke={GRID} vertical={false} />
            <XAxis dataKey="day" tickFormatter={shortDay} minTickGap={24} />
            <YAxis tickFormatter={(minor: number) => money(minor)} width={80} />
            <Tooltip labelFormatter={(day) => shortDay(String(day))} formatter={(_value, _name, item) => [money((item.payload as DayUsage).amountMinor), 'Billed']} />
            <Bar dataKey="amountMinor" fill={OK} radius={[3, 3, 0, 0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>

      <figure className="panel chart" data-testid="chart-top-customers">
        <figcaption>
          <h2>Top customers by billed time</h2>
        </figcaption>
        {summary.error ? <p className="error">Could not load the top customers: {summary.error}</p> : null}
        {top.length === 0 ? (
          <p className="empty">No billed calls in this period.</p>
        ) : (
          <ResponsiveContainer width="100%" height={Math.max(120, top.length * 36 + 40)}>
            <BarChart data={top} layout="vertical" accessibilityLayer margin={{ top: 8, right: 24, bottom: 0, left: 8 }}>
              <CartesianGrid stroke={GRID} horizontal={false} />
              <XAxis type="number" tickFormatter={formatAxisDuration} ticks={topTicks} domain={[0, topTicks.at(-1) ?? 0]} />
              <YAxis type="category" dataKey="name" width={200} />
              <Tooltip
                formatter={(_value, _name, item) => {
                  const entry = item.payload as (typeof top)[number];
                  return [`${formatDuration(entry.billedSeconds)} · ${money(entry.amountMinor)}`, 'Billed'];
                }}
              />
              <Bar dataKey="billedSeconds" fill={ACCENT} radius={[0, 3, 3, 0]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        )}
      </figure>
    </>
  );
}

function shortDay(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, { timeZone: 'UTC', month: 'short', day: 'numeric' });
}
