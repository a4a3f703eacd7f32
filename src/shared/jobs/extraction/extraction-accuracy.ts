import { normalizedAddress, STATES } from './addresses';
import type { ExtractionOutcome, ExtractionOutput } from './extractor';

/**
 * Issue 15 §2: how often the extractor got each field right against what a person wrote
 * down. Per field: date/time inside the expected window (an expected instant within 15
 * minutes; an expected window containing the answer's start, and its end if it has one),
 * phone exact, address by its parts (below), price
 * exact, name case-insensitive, urgency exact. Expecting nothing and getting nothing is right;
 * getting something where nothing was said is wrong. Appointments are compared in order; a
 * missing one scores every field wrong. Pure.
 */

export const SCORED_FIELDS = ['preferredTime', 'phone', 'address', 'customerName', 'price', 'urgency'] as const;
export type ScoredField = (typeof SCORED_FIELDS)[number];

export interface ExpectedFields {
  customerName: string | null;
  phone: string | null;
  address: string | null;
  preferredTime: string | null;
  price: string | null;
  urgency: string | null;
}

export interface ExpectedExtraction {
  outcome: ExtractionOutcome;
  appointments: readonly ExpectedFields[];
}

export interface FieldTally {
  right: number;
  total: number;
}

export interface AccuracyReport {
  fields: Record<ScoredField | 'outcome', FieldTally>;
  /** Every scored field of every appointment, plus each outcome. */
  total: FieldTally;
  misses: { case: string; field: ScoredField | 'outcome'; expected: string | null; got: string | null }[];
}

const TOLERANCE_MS = 15 * 60_000;

/**
 * An address compared part by part, each normalized (abbreviations, punctuation, state names):
 * the number and street (before the first comma) must be equal, and so must the unit (an
 * apartment, suite, lot or box: a different door is a different address, and one side naming a
 * unit the other lacks is wrong); the city, the state and the ZIP are each compared only when
 * both sides have it, since they locate the street rather than change it: "12 Oak Street" is the
 * same place as "12 Oak Street, Springfield, IL 62704", while "…, Springfield" against "…,
 * Shelbyville" is not. Written without commas, a side is split where the other side's street
 * ends.
 */
interface AddressParts {
  street: string;
  unit: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
}
const STATE_CODES = new Set(Object.values(STATES).map((code) => code.toLowerCase()));
const UNIT_WORDS = new Set(['unit', 'apartment', 'suite', 'lot', 'box', 'building', 'bldg', 'floor']);

export function addressParts(address: string, streetOfOther?: string): AddressParts {
  const [streetRaw = '', ...tail] = address.split(',');
  let rest = tail;
  let street = normalizedAddress(streetRaw);
  // Written without commas ("3304 Guilford Ave Baltimore Maryland 21218"): the street is the
  // other side's street when this one begins with it, and what follows is the rest.
  if (rest.length === 0 && streetOfOther !== undefined && street.startsWith(`${streetOfOther} `)) {
    rest = [street.slice(streetOfOther.length + 1)];
    street = streetOfOther;
  }
  const words = normalizedAddress(rest.join(' ')).split(' ').filter((word) => word !== '');
  let zip: string | null = null;
  let state: string | null = null;
  const units: string[] = [];
  // "Rural Route 2 Box 118" and "Rural Route 2, Box 118" are one address: the box is its door.
  const box = /^(rural route \d+) (box \d+)$/.exec(street);
  if (box) {
    street = box[1]!;
    units.push(box[2]!);
  }
  const city: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (/^\d{5}(?:-\d{4})?$/.test(word)) zip = word.slice(0, 5);
    else if (UNIT_WORDS.has(word) && words[i + 1] !== undefined) units.push(`${word} ${words[++i]}`);
    else if (STATE_CODES.has(word) && (i === words.length - 1 || /^\d{5}/.test(words[i + 1]!))) state = word;
    else city.push(word);
  }
  return { street, unit: units.length > 0 ? units.join(' ') : null, city: city.length > 0 ? city.join(' ') : null, state, zip };
}

export function addressMatches(expected: string, got: string): boolean {
  const want = addressParts(expected, addressParts(got).street);
  const have = addressParts(got, want.street);
  const either = (a: string | null, b: string | null) => a === null || b === null || a === b;
  return want.street === have.street && want.unit === have.unit && either(want.city, have.city) && either(want.state, have.state) && either(want.zip, have.zip);
}

function interval(value: string): [number, number | null] | null {
  const [start, end] = value.split('/');
  const from = Date.parse(start ?? '');
  if (Number.isNaN(from)) return null;
  if (end === undefined) return [from, null];
  const to = Date.parse(end);
  return Number.isNaN(to) ? null : [from, to];
}

export function timeMatches(expected: string, got: string): boolean {
  const want = interval(expected);
  const have = interval(got);
  if (!want || !have) return false;
  if (want[1] === null) return Math.abs(have[0] - want[0]) <= TOLERANCE_MS && (have[1] === null || have[1] - have[0] <= TOLERANCE_MS * 2);
  return have[0] >= want[0] && have[0] <= want[1] && (have[1] === null || have[1] <= want[1]);
}

export function fieldMatches(field: ScoredField, expected: string | null, got: string | null): boolean {
  if (expected === null || got === null) return expected === got;
  switch (field) {
    case 'preferredTime':
      return timeMatches(expected, got);
    case 'address':
      return addressMatches(expected, got);
    case 'customerName':
      return expected.trim().toLowerCase() === got.trim().toLowerCase();
    default:
      return expected === got;
  }
}

export function scoreExtractions(cases: readonly { id: string; expected: ExpectedExtraction; got: ExtractionOutput }[]): AccuracyReport {
  const fields = Object.fromEntries([...SCORED_FIELDS, 'outcome'].map((field) => [field, { right: 0, total: 0 }])) as AccuracyReport['fields'];
  const misses: AccuracyReport['misses'] = [];
  for (const { id, expected, got } of cases) {
    fields.outcome.total++;
    if (expected.outcome === got.outcome) fields.outcome.right++;
    else misses.push({ case: id, field: 'outcome', expected: expected.outcome, got: got.outcome });
    expected.appointments.forEach((want, i) => {
      const have = got.appointments[i];
      for (const field of SCORED_FIELDS) {
        const value = have?.[field]?.value ?? null;
        fields[field].total++;
        if (have && fieldMatches(field, want[field], value)) fields[field].right++;
        else misses.push({ case: `${id}#${i}`, field, expected: want[field], got: value });
      }
    });
  }
  const total = Object.values(fields).reduce((sum, tally) => ({ right: sum.right + tally.right, total: sum.total + tally.total }), { right: 0, total: 0 });
  return { fields, total, misses };
}

export function accuracy(tally: FieldTally): number {
  return tally.total === 0 ? 1 : tally.right / tally.total;
}
