// `npm test`: builds the renderer, runs the Node suites (vitest) and the browser suite
// (Playwright on Debian's Chromium), then prints one plain closing line that CI reads:
//   tests: N passed, N failed, N skipped
// A skipped test fails the run: the only skip allowed is the Electron smoke test
// (tests/electron/smoke.spec.ts) on a machine with no Electron binary. `npm test` writes
// only under test-results/; the README's pictures are `npm run screenshots`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { ELECTRON_SMOKE_TEST, forbiddenSkips, skippedTests } from './skipped-tests.mjs';

const results = 'test-results';
mkdirSync(results, { recursive: true });
for (const f of ['vitest.json', 'e2e.json']) rmSync(`${results}/${f}`, { force: true });

function run(label, cmd, args) {
  console.log(`\n== ${label}: ${cmd} ${args.join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, RINGSIDE_SCREENSHOTS: '' } });
  console.log(`== ${label}: ${Math.round((Date.now() - started) / 1000)} s`);
  return r.status ?? 1;
}

const tally = { passed: 0, failed: 0, skipped: 0 };
const problems = [];
const reports = { vitest: null, playwright: null };

if (run('build', 'npx', ['electron-vite', 'build']) !== 0) problems.push('the build failed');

const vitestStatus = run('node tests (vitest)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${results}/vitest.json`]);
if (existsSync(`${results}/vitest.json`)) {
  const v = JSON.parse(readFileSync(`${results}/vitest.json`, 'utf8'));
  tally.passed += v.numPassedTests;
  tally.failed += v.numFailedTests;
  tally.skipped += v.numPendingTests + v.numTodoTests;
  reports.vitest = v;
  if (vitestStatus !== 0 && v.numFailedTests === 0) {
    // An unhandled error (a timer or promise outliving its test) or a file that failed to load: counted as one failure, so the last line says so.
    tally.failed += 1;
    problems.push('vitest exited non-zero with every test passed: an unhandled error or a test file that failed to load (look for "Unhandled Errors" or "FAIL" in the vitest output above)');
  }
} else problems.push('vitest wrote no report');

const e2eStatus = run('browser tests (playwright, chromium)', 'npx', ['playwright', 'test']);
if (existsSync(`${results}/e2e.json`)) {
  const p = JSON.parse(readFileSync(`${results}/e2e.json`, 'utf8'));
  tally.passed += p.stats.expected + p.stats.flaky;
  tally.failed += p.stats.unexpected;
  tally.skipped += p.stats.skipped;
  reports.playwright = p;
  if (e2eStatus !== 0 && p.stats.unexpected === 0) problems.push('playwright exited non-zero');
} else problems.push('playwright wrote no report');

const skips = skippedTests(reports.vitest, reports.playwright, process.cwd());
const binary = skips.some((s) => s.file === ELECTRON_SMOKE_TEST) ? electronBinary() : 'not asked';
for (const s of forbiddenSkips(skips, binary)) {
  const why = s.file === ELECTRON_SMOKE_TEST ? 'an Electron binary exists here, so it must run' : 'only the Electron smoke test may skip, where no Electron binary exists';
  problems.push(`skipped test ${s.file} › ${s.title}: ${why}`);
}

// CI keeps only the tail of the output: name every failed test again just above the last line.
for (const f of failedTests(reports.vitest, reports.playwright)) console.error(`failed: ${f}`);
for (const p of problems) console.error(`error: ${p}`);
console.log(`\ntests: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
process.exit(tally.failed > 0 || problems.length > 0 ? 1 : 0);

/** 'none' or 'found' by the smoke test's own check (tools/electron-binary.ts), so the two cannot disagree. */
function electronBinary() {
  const r = spawnSync('npx', ['tsx', '-e', "import { findElectronBinary } from './tools/electron-binary'; process.stdout.write(findElectronBinary() === null ? 'none' : 'found');"], { encoding: 'utf8' });
  return r.stdout.trim();
}

/** "file › test title" of each failed test in the vitest and Playwright JSON reports. */
function failedTests(vitest, playwright) {
  const failed = [];
  for (const file of vitest?.testResults ?? []) {
    const name = file.name.replace(`${process.cwd()}/`, '');
    for (const t of file.assertionResults ?? []) if (t.status === 'failed') failed.push(`${name} › ${t.fullName ?? t.title}`);
    if ((file.assertionResults ?? []).length === 0 && file.status === 'failed') failed.push(`${name} › ${file.message || 'failed to load'}`);
  }
  const walk = (suite, file) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) if (t.status === 'unexpected') failed.push(`${spec.file ?? file} › ${spec.title}`);
    }
    for (const s of suite.suites ?? []) walk(s, s.file ?? file);
  };
  for (const s of playwright?.suites ?? []) walk(s, s.file);
  return failed;
}
