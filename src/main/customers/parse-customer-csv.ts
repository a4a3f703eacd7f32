import { parse } from 'csv-parse/sync';
import type { Options } from 'csv-parse';
import type { z } from 'zod';
import type { planSchema } from '../../shared/billing/catalog';
import { isCountryCode, toE164, type E164 } from '../../shared/phone';
import type { ImportRowError } from '../../shared/api/contract';
import { hoursToSeconds, priceToMinor } from './exact-decimals';
import { stableId } from './stable-id';

/**
 * Customers CSV (see README.md beside this file). A header row names the columns, in
 * any order and case; unknown columns are ignored:
 *
 * - `name` (required): the customer's name.
 * - `company`, `email`: optional.
 * - `phones` (required; `phone` also accepted): one or more numbers separated by `;`
 *   or `|`, in any format; national numbers are read in the configured region.
 * - `plan`: plan name; empty for a customer without a subscription. With a plan:
 *   `plan_period` (monthly | annual), `included_hours` (decimal, 2.5 = 2 h 30 min),
 *   `plan_price` (decimal in the currency, e.g. 199.00), `currency` (ISO code,
 *   default USD) and `subscription_start` (YYYY-MM-DD) are required.
 * - `customer_id`: optional stable id; without it the id is derived from the first
 *   phone and the name, so importing the same file again updates, never duplicates.
 *
 * Line numbers are those a spreadsheet shows: the header is line 1.
 */

/** The plan columns of a row; billing rules not in the CSV take the plan defaults. */
export type ImportedPlan = Omit<z.input<typeof planSchema>, 'planId'>;

export interface ParsedCustomerRow {
  line: number;
  customerId: string;
  name: string;
  company: string | null;
  email: string | null;
  phones: E164[];
  plan: ImportedPlan | null;
  subscriptionStart: string | null;
}

export interface ParsedCustomerCsv {
  rows: ParsedCustomerRow[];
  errors: ImportRowError[];
}

const COLUMN_ALIASES: Record<string, string> = { phone: 'phones', phone_numbers: 'phones', start_date: 'subscription_start' };
const PLAN_DETAIL_COLUMNS = ['plan_period', 'included_hours', 'plan_price', 'subscription_start'] as const;
const MAX_PHONES = 20;

export function parseCustomerCsv(text: string, options: { region: string }): ParsedCustomerCsv {
  if (!isCountryCode(options.region)) throw new Error(`phone region ${options.region} is not a two-letter region code`);
  const region = options.region;
  const errors: ImportRowError[] = [];
  const csvOptions: Options & { on_skip: (error: { message: string; lines?: number } | undefined) => void } = {
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    trim: true,
    info: true,
    skip_records_with_error: true,
    on_skip: (error) => errors.push({ line: error?.lines ?? 0, message: `unreadable CSV: ${error?.message ?? 'malformed record'}` }),
  };
  // csv-parse counts a CR LF inside a quoted value as two lines; one line ending keeps the count true.
  const records = parse(text.replace(/\r\n?/g, '\n'), csvOptions) as { record: string[]; info: { lines: number } }[];
  const [header, ...body] = records;
  if (!header) return { rows: [], errors: [{ line: 1, message: 'the file is empty: expected a header row with name and phones' }, ...errors] };

  const columns = header.record.map((h) => {
    const key = h.toLowerCase().replace(/[\s-]+/g, '_');
    return COLUMN_ALIASES[key] ?? key;
  });
  const missing = ['name', 'phones'].filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    return { rows: [], errors: [{ line: startLine(header), message: `missing column ${missing.join(' and ')}` }, ...errors] };
  }

  const rows: ParsedCustomerRow[] = [];
  const lineOfCustomer = new Map<string, number>();
  for (const entry of body) {
    const line = startLine(entry);
    const cells: Record<string, string> = {};
    columns.forEach((column, i) => {
      cells[column] = entry.record[i] ?? '';
    });
    const result = parseRow(cells, line, region);
    if (typeof result === 'string') {
      errors.push({ line, message: result });
      continue;
    }
    const earlier = lineOfCustomer.get(result.customerId);
    if (earlier !== undefined) {
      errors.push({ line, message: `same customer as line ${earlier}` });
      continue;
    }
    lineOfCustomer.set(result.customerId, line);
    rows.push(result);
  }
  errors.sort((a, b) => a.line - b.line);
  return { rows, errors };
}

/** csv-parse reports the line a record ends on; a quoted value may span lines. */
function startLine(entry: { record: string[]; info: { lines: number } }): number {
  const innerBreaks = entry.record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
  return entry.info.lines - innerBreaks;
}

function parseRow(cells: Record<string, string>, line: number, region: Parameters<typeof toE164>[1]): ParsedCustomerRow | string {
  const name = cells.name ?? '';
  if (name === '') return 'name is empty';
  if (name.length > 300) return 'name is longer than 300 characters';
  const company = optional(cells.company);
  const email = optional(cells.email);
  if (email !== null && !/^[^\s@]+@[^\s@]+$/.test(email)) return `email "${email}" is not an email address`;

  const rawPhones = (cells.phones ?? '').split(/[;|]/).map((p) => p.trim()).filter((p) => p !== '');
  if (rawPhones.length === 0) return 'phones is empty: at least one number is needed to recognize the caller';
  const phones: E164[] = [];
  for (const raw of rawPhones) {
    const phone = toE164(raw, region);
    if (!phone) return `phone "${raw}" is not a phone number`;
    if (!phones.includes(phone)) phones.push(phone);
  }
  if (phones.length > MAX_PHONES) return `more than ${MAX_PHONES} phones`;

  const planName = optional(cells.plan);
  let plan: ImportedPlan | null = null;
  let subscriptionStart: string | null = null;
  if (planName === null) {
    const stray = PLAN_DETAIL_COLUMNS.find((c) => optional(cells[c]) !== null);
    if (stray) return `${stray} is set but plan is empty`;
  } else {
    const parsed = parsePlan(planName, cells);
    if (typeof parsed === 'string') return parsed;
    plan = parsed;
    const start = optional(cells.subscription_start);
    if (start === null) return 'subscription_start is required with a plan (YYYY-MM-DD)';
    if (!isCalendarDate(start)) return `subscription_start "${start}" is not a date like 2026-01-31`;
    subscriptionStart = start;
  }

  const customerId = optional(cells.customer_id) ?? stableId('cust', phones[0] ?? '', name.toLowerCase());
  if (customerId.length > 200) return 'customer_id is longer than 200 characters';
  return { line, customerId, name, company, email, phones, plan, subscriptionStart };
}

function parsePlan(name: string, cells: Record<string, string>): ImportedPlan | string {
  if (name.length > 200) return 'plan is longer than 200 characters';
  const period = (cells.plan_period ?? '').toLowerCase();
  if (period !== 'monthly' && period !== 'annual') return `plan_period "${cells.plan_period ?? ''}" must be monthly or annual`;
  const includedSeconds = hoursToSeconds(cells.included_hours ?? '');
  if (includedSeconds === null) return `included_hours "${cells.included_hours ?? ''}" is not a number of hours like 2.5`;
  const currency = (optional(cells.currency) ?? 'USD').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) return `currency "${currency}" is not a currency code like USD`;
  const priceMinor = priceToMinor(cells.plan_price ?? '', currency);
  if (priceMinor === null) return `plan_price "${cells.plan_price ?? ''}" is not a price in ${currency} like 199.00`;
  return { name, period, includedSeconds, priceMinor, currency };
}

function optional(cell: string | undefined): string | null {
  const value = (cell ?? '').trim();
  return value === '' ? null : value;
}

function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}
