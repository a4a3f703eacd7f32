import { useId, useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RingsideClient } from '../../../shared/api/contract';
import type { DashboardDay } from '../../../shared/api/dashboard';
import { formatMoney } from '../../../shared/units';
import { useApiQuery } from '../api/use-api-query';
import { todayIso } from '../billing/billing-format';
import { CallHeatmap } from './CallHeatmap';
import { durationTicks, formatAxisDuration } from './duration-axis';
import { busiestWords, clientName, csvFileName, dashboardCsv, hoursMinutes, minutesSeconds, percent } from './dashboard-words';
import './dashboard.css';

const presets = [7, 30, 90] as const;
const TOP = 10;
const DAY_MS = 86_400_000;

// Colours from the palette in base.css (SVG attributes, so CSP-safe).
const ACCENT = '#2f5bd3';
const OK = '#1f7a4d';
const WARN = '#a15c00';
const DANGER = '#b3261e';
const GRID = '#dcdfe5';
// Every daily chart has the same margins and axis width, so their days line up one under another.
const MARGIN = { top: 8, right: 16, bottom: 0, left: 0 };
const Y_WIDTH = 76;

function daysBefore(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - n * DAY_MS).toISOString().slice(0, 10);
}

/** Calls, time and money of a range of days at a glance: trends, peak hours, who calls most, where revenue comes from. */
export function DashboardPage({ client }: { client: RingsideClient }) {
  const ids = useId();
  const today = todayIso();
  const [range, setRange] = useState({ from: daysBefore(today, 29), to: today });
  const valid = range.from <= range.to;
  const summary = useApiQuery(client, 'dashboard.summary', valid ? { ...range, top: TOP } : null);
  const data = summary.data;
  const currency = data?.currency ?? 'USD';
  const money = (minor: number) => formatMoney({ minor, currency });
  const days = useMemo(() => data?.days ?? [], [data]);
  const billedTicks = useMemo(() => durationTicks(Math.max(0, ...days.map((d) => d.billedSeconds))), [days]);
  const preset = presets.find((n) => range.to === today && range.from === daysBefore(today, n - 1)) ?? null;
  const exportCsv = () => {
    if (!data) return;
    const url = URL.createObjectURL(new Blob([dashboardCsv(data)], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = csvFileName(data);
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1_000);
  };

  return (
    <>
      <div className="page-heading">
        <h1>Dashboard</h1>
        <div className="dashboard-range">
          <div className="segmented" role="group" aria-label="Period">
            {presets.map((n) => (
              <button key={n} type="button" className="button" aria-pressed={preset === n} onClick={() => setRange({ from: daysBefore(today, n - 1), to: today })}>
                Last {n} days
              </button>
            ))}
          </div>
          <label htmlFor={`${ids}-from`}>
            From
            <input id={`${ids}-from`} type="date" value={range.from} max={range.to} onChange={(event) => event.target.value && setRange({ ...range, from: event.target.value })} data-testid="dashboard-from" />
          </label>
          <label htmlFor={`${ids}-to`}>
            To
            <input id={`${ids}-to`} type="date" value={range.to} min={range.from} onChange={(event) => event.target.value && setRange({ ...range, to: event.target.value })} data-testid="dashboard-to" />
          </label>
          <button type="button" className="button" onClick={exportCsv} disabled={!data} data-testid="dashboard-export">
            Export CSV
          </button>
        </div>
      </div>
      {!valid ? (
        <p className="error" role="alert">
          The first day must come before the last.
        </p>
      ) : null}
      {summary.error ? (
        <p className="error" role="alert">
          Could not load the dashboard: {summary.error}
        </p>
      ) : null}
      <div className="tiles" data-testid="dashboard-totals">
        <Tile label="Calls" value={data ? data.calls.toLocaleString('en-US') : '—'} note={data ? `${data.answered.toLocaleString('en-US')} answered` : undefined} />
        <Tile label="Missed" value={data ? percent(data.missedRate) : '—'} note={data ? `${data.missed.toLocaleString('en-US')} missed calls` : undefined} testId="tile-missed" />
        <Tile label="Average call" value={data ? minutesSeconds(data.averageSeconds) : '—'} note="minutes:seconds" testId="tile-average" />
        <Tile label="Talk time" value={data ? hoursMinutes(data.talkSeconds) : '—'} note={data ? `hours:minutes · ${hoursMinutes(data.billedSeconds)} billed` : undefined} testId="tile-talk" />
        <Tile label="Revenue" value={data ? money(data.revenue.totalMinor) : '—'} note="subscriptions, top-ups and calls" testId="tile-revenue" />
      </div>

      <figure className="panel chart" data-testid="chart-calls">
        <figcaption>
          <h2>Calls per day</h2>
        </figcaption>
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={days} accessibilityLayer margin={MARGIN} syncId="dashboard-days">
            <CartesianGrid stroke={GRID} vertical={false} />
            <XAxis dataKey="day" tickFormatter={shortDay} minTickGap={24} />
            <YAxis allowDecimals={false} width={Y_WIDTH} />
            <Tooltip labelFormatter={(day) => shortDay(String(day))} formatter={(value, name) => [String(value), name === 'answered' ? 'Answered' : 'Missed']} />
            <Bar dataKey={(day: DashboardDay) => day.calls - day.missed} name="answered" stackId="calls" fill={ACCENT} isAnimationActive={false} />
            <Bar dataKey="missed" name="missed" stackId="calls" fill={DANGER} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
        <ChartKey entries={[['Answered', ACCENT], ['Missed', DANGER]]} />
      </figure>

      <figure className="panel chart" data-testid="chart-hours">
        <figcaption>
          <h2>Billed time per day</h2>
        </figcaption>
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={days} accessibilityLayer margin={MARGIN} syncId="dashboard-days">
            <CartesianGrid stroke={GRID} vertical={false} />
            <XAxis dataKey="day" tickFormatter={shortDay} minTickGap={24} />
            <YAxis tickFormatter={formatAxisDuration} ticks={billedTicks} domain={[0, billedTicks.at(-1) ?? 0]} width={Y_WIDTH} />
            <Tooltip labelFormatter={(day) => shortDay(String(day))} formatter={(_value, _name, item) => [hoursMinutes((item.payload as DashboardDay).billedSeconds), 'Billed (h:mm)']} />
            <Bar dataKey="billedSeconds" fill={ACCENT} radius={[3, 3, 0, 0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>

      <figure className="panel chart" data-testid="chart-amount">
        <figcaption>
          <h2>Revenue per day</h2>
          {data ? (
            <p className="muted" data-testid="revenue-split">
              Subscriptions {money(data.revenue.subscriptionsMinor)} · wallet top-ups {money(data.revenue.topUpsMinor)} · calls and texts {money(data.revenue.usageMinor)}
            </p>
          ) : null}
        </figcaption>
        <ResponsiveContainer width="100%" height={240}>
          {/* Bars, not a curve: a day's revenue is one number, nothing lies between days. */}
          <BarChart data={days} accessibilityLayer margin={MARGIN} syncId="dashboard-days">
            <CartesianGrid stroke={GRID} vertical={false} />
            <XAxis dataKey="day" tickFormatter={shortDay} minTickGap={24} />
            <YAxis tickFormatter={(minor: number) => formatMoney({ minor: Math.round(minor), currency }).replace(/\.00$/, '')} width={Y_WIDTH} />
            <Tooltip labelFormatter={(day) => shortDay(String(day))} formatter={(value, name) => [money(Number(value)), String(name)]} />
            <Bar dataKey="subscriptionsMinor" name="Subscriptions" stackId="money" fill={OK} isAnimationActive={false} />
            <Bar dataKey="topUpsMinor" name="Wallet top-ups" stackId="money" fill={WARN} isAnimationActive={false} />
            <Bar dataKey="usageMinor" name="Calls and texts" stackId="money" fill={ACCENT} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
        <ChartKey entries={[['Subscriptions', OK], ['Wallet top-ups', WARN], ['Calls and texts', ACCENT]]} />
      </figure>

      <figure className="panel chart" data-testid="chart-peak-times">
        <figcaption>
          <h2>Peak calling times</h2>
          <p className="muted">Calls by weekday and hour{data ? `, ${data.timeZone === 'UTC' ? 'UTC' : `${data.timeZone} time`}` : ''}.</p>
        </figcaption>
        {data ? <CallHeatmap cells={data.heatmap} timeZone={data.timeZone} /> : null}
      </figure>

      <section className="panel" data-testid="top-clients" aria-labelledby={`${ids}-top`}>
        <h2 id={`${ids}-top`}>Top clients by talk time</h2>
        {data && data.topClients.length === 0 ? <p className="empty">No calls in this period.</p> : null}
        {data && data.topClients.length > 0 ? (
          <div className="table-wrap">
            <table className="table top-clients">
              <thead>
                <tr>
                  <th scope="col">Client</th>
                  <th scope="col" className="numeric">
                    Calls
                  </th>
                  <th scope="col" className="numeric">
                    Missed
                  </th>
                  <th scope="col" className="numeric">
                    Talk (h:mm)
                  </th>
                  <th scope="col">Share of talk time</th>
                  <th scope="col" className="numeric">
                    Average call
                  </th>
                  <th scope="col">Usually calls</th>
                  <th scope="col" className="numeric">
                    Revenue
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.topClients.map((c) => {
                  const share = data.talkSeconds > 0 ? c.talkSeconds / data.talkSeconds : 0;
                  return (
                    <tr key={c.customerId ?? `number:${c.number ?? ''}`} data-testid="top-client">
                      <th scope="row">{clientName(c)}</th>
                      <td className="numeric">{c.calls.toLocaleString('en-US')}</td>
                      <td className="numeric">{c.missed > 0 ? c.missed.toLocaleString('en-US') : <span className="muted">0</span>}</td>
                      <td className="numeric">{hoursMinutes(c.talkSeconds)}</td>
                      <td>
                        <span className="share-bar" aria-label={percent(share)}>
                          <svg width="120" height="10" aria-hidden="true">
                            <rect width="120" height="10" rx="2" fill="#f1f3f6" />
                            <rect width={Math.max(1, 120 * share)} height="10" rx="2" fill={ACCENT} />
                          </svg>{' '}
                          {percent(share)}
                        </span>
                      </td>
                      <td className="numeric">{minutesSeconds(c.averageSeconds)}</td>
                      <td>{busiestWords(c)}</td>
                      <td className="numeric">{money(c.revenueMinor)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </>
  );
}

/** What each colour of a stacked chart is, as text under it. */
function ChartKey({ entries }: { entries: [label: string, colour: string][] }) {
  return (
    <ul className="chart-key">
      {entries.map(([label, colour]) => (
        <li key={label}>
          <svg width="12" height="12" aria-hidden="true" className="chart-key__swatch">
            <rect width="12" height="12" rx="2" fill={colour} />
          </svg>
          {label}
        </li>
      ))}
    </ul>
  );
}

function Tile({ label, value, note, testId }: { label: string; value: string; note?: string | undefined; testId?: string }) {
  return (
    <div className="tile" data-testid={testId}>
      <span className="tile__label">{label}</span>
      <strong className="tile__value">{value}</strong>
      {note ? <span className="tile__note muted">{note}</span> : null}
    </div>
  );
}

function shortDay(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric' });
}
