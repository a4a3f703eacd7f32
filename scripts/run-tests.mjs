// `npm test`: builds the renderer, runs the Node suites (vitest) and the browser suite
// (Playwright on Debian's Chromium), then prints one plain closing line that CI reads:
//   tests: N passed, N failed, N skipped
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const results = 'test-results';
mkdirSync(results, { recursive: true });
for (const f of ['vitest.json', 'e2e.json']) rmSync(`${results}/${f}`, { force: true });

function run(label, cmd, args) {
  console.log(`\n== ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  return r.status ?? 1;
}

const tally = { passed: 0, failed: 0, skipped: 0 };
const problems = [];

if (run('build', 'npx', ['electron-vite', 'build']) !== 0) problems.push('the build failed');

const vitestStatus = run('node tests (vitest)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${results}/vitest.json`]);
if (existsSync(`${results}/vitest.json`)) {
  const v = JSON.parse(readFileSync(`${results}/vitest.json`, 'utf8'));
  tally.passed += v.numPassedTests;
  tally.failed += v.numFailedTests;
  tally.skipped += v.numPendingTests + v.numTodoTests;
  if (vitestStatus !== 0 && v.numFailedTests === 0) problems.push('vitest exited non-zero (a suite failed to load?)');
} else problems.push('vitest wrote no report');

const e2eStatus = run('browser tests (playwright, chromium)', 'npx', ['playwright', 'test']);
if (existsSync(`${results}/e2e.json`)) {
  const p = JSON.parse(readFileSync(`${results}/e2e.json`, 'utf8'));
  tally.passed += p.stats.expected + p.stats.flaky;
  tally.failed += p.stats.unexpected;
  tally.skipped += p.stats.skipped;
  if (e2eStatus !== 0 && p.stats.unexpected === 0) problems.push('playwright exited non-zero');
} else problems.push('playwright wrote no report');

for (const p of problems) console.error(`error: ${p}`);
console.log(`\ntests: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
process.exit(tally.failed > 0 || problems.length > 0 ? 1 : 0);
