import { parseArgs } from 'node:util';
import { writeSampleCsv } from '../sample-data/sample-customers';

// npx tsx src/main/cli/write-sample-csv.ts --out customers.csv [--count 40] [--seed 1]
const { values } = parseArgs({
  options: { out: { type: 'string' }, count: { type: 'string', default: '40' }, seed: { type: 'string', default: '1' } },
});
const count = Number(values.count);
const seed = Number(values.seed);
if (!values.out || !Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) {
  console.error('usage: write-sample-csv --out FILE [--count N] [--seed N]');
  process.exit(1);
}
writeSampleCsv(values.out, count, seed);
console.log(`wrote ${count} sample customers to ${values.out}`);
