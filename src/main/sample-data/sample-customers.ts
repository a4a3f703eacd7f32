import { writeFileSync } from 'node:fs';
import { seededRandom } from './seeded-random';

/**
 * A made-up customer list for the demo and for trying an import: people on three
 * plans and some without one, numbers written the many ways people write them.
 * Deterministic in (count, seed). Numbers are in the 555 exchange.
 */

const FIRST = ['Ada', 'Grace', 'Alan', 'Katherine', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Dennis', 'Frances', 'Ken', 'Radia', 'Tim', 'Hedy', 'Linus', 'Annie', 'John', 'Joan', 'Niklaus', 'Sophie'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Johnson', 'Dijkstra', 'Liskov', 'Knuth', 'Hamilton', 'Ritchie', 'Allen', 'Thompson', 'Perlman', 'Berners-Lee', 'Lamarr', 'Torvalds', 'Easley', 'Backus', 'Clarke', 'Wirth', 'Wilson'];
const COMPANIES = ['Analytical Engines', 'Compiler Co', 'Enigma Works', 'Orbital Math', 'Shortest Path Ltd', 'Abstract Data', 'TeX Typesetting', 'Apollo Guidance', 'Unix Labs', 'Fortran Foundry'];
const AREA_CODES = ['617', '212', '415', '312', '206', '303'];

const PLANS = [
  { plan: 'Starter', plan_period: 'monthly', included_hours: '2', plan_price: '99.00' },
  { plan: 'Business', plan_period: 'monthly', included_hours: '10', plan_price: '399.00' },
  { plan: 'Priority', plan_period: 'annual', included_hours: '120', plan_price: '3990.00' },
] as const;

const HEADER = ['name', 'company', 'email', 'phones', 'plan', 'plan_period', 'included_hours', 'plan_price', 'currency', 'subscription_start'];


/** The i-th sample number, written in one of the formats people use. */
function samplePhone(index: number, style: number): string {
  const area = AREA_CODES[index % AREA_CODES.length] ?? '617';
  const line = String(100 + Math.floor(index / AREA_CODES.length)).padStart(4, '0');
  switch (style % 5) {
    case 0:
      return `(${area}) 555-${line}`;
    case 1:
      return `${area}.555.${line}`;
    case 2:
      return `+1 ${area} 555 ${line}`;
    case 3:
      return `1${area}555${line}`;
    default:
      return `${area}-555-${line}`;
  }
}

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function generateSampleCustomersCsv(count: number, seed: number): string {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const lines = [HEADER.join(',')];
  for (let i = 0; i < count; i += 1) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const name = `${first} ${last}`;
    const company = random() < 0.8 ? pick(COMPANIES) : '';
    const email = `${first}.${last}${i}@example.com`.toLowerCase().replace(/[^a-z0-9.@]/g, '');
    // Every customer owns phone 2i; one in four also calls from 2i + 1.
    const phones = [samplePhone(2 * i, Math.floor(random() * 5))];
    if (random() < 0.25) phones.push(samplePhone(2 * i + 1, Math.floor(random() * 5)));
    const subscribed = random() < 0.75;
    const plan = pick(PLANS);
    const start = `2025-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    const cells = subscribed
      ? [name, company, email, phones.join('; '), plan.plan, plan.plan_period, plan.included_hours, plan.plan_price, 'USD', start]
      : [name, company, email, phones.join('; '), '', '', '', '', '', ''];
    lines.push(cells.map(csvCell).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Writes a sample customers CSV to `path`. */
export function writeSampleCsv(path: string, count = 40, seed = 1): void {
  writeFileSync(path, generateSampleCustomersCsv(count, seed));
}
