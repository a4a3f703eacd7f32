import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { forbiddenSkips, skippedTests } from './skipped-tests.mjs';

const root = '/work/ringside';
const vitest = (statuses: string[]) => ({
  testResults: [{ name: `${root}/src/main/a.test.ts`, assertionResults: statuses.map((status, i) => ({ status, fullName: `case ${i}`, title: `case ${i}` })) }],
});
const playwright = (specs: { file: string; project: string; status: string }[]) => ({
  suites: [{ title: 'root', specs: [], suites: [{ title: 'inner', specs: specs.map((s, i) => ({ file: s.file, title: `spec ${i}`, tests: [{ projectName: s.project, status: s.status }] })) }] }],
});
const smoke = { file: 'tests/electron/smoke.spec.ts', project: 'electron', status: 'skipped' };

describe('skipped tests fail npm test', () => {
  it('lists every skip and todo from both runners, nested suites included', () => {
    const skips = skippedTests(vitest(['passed', 'skipped', 'todo', 'pending', 'failed']), playwright([smoke, { file: 'tests/e2e/x.spec.ts', project: 'harness', status: 'expected' }]), root);
    expect(skips).toEqual([
      { file: 'src/main/a.test.ts', title: 'case 1', project: 'vitest' },
      { file: 'src/main/a.test.ts', title: 'case 2', project: 'vitest' },
      { file: 'src/main/a.test.ts', title: 'case 3', project: 'vitest' },
      { file: 'tests/electron/smoke.spec.ts', title: 'spec 0', project: 'electron' },
    ]);
  });

  it('allows only the Electron smoke test, and only where no Electron binary exists', () => {
    const skips = skippedTests(vitest(['skipped']), playwright([smoke, { file: 'tests/e2e/x.spec.ts', project: 'harness', status: 'skipped' }]), root);
    expect(forbiddenSkips(skips, 'none').map((s: { file: string }) => s.file)).toEqual(['src/main/a.test.ts', 'tests/e2e/x.spec.ts']);
    expect(forbiddenSkips(skips, 'found').map((s: { file: string }) => s.file)).toEqual(['src/main/a.test.ts', 'tests/electron/smoke.spec.ts', 'tests/e2e/x.spec.ts']);
    // An unreadable answer from the binary check allows nothing.
    expect(forbiddenSkips(skippedTests(null, playwright([smoke]), root), '')).toHaveLength(1);
  });

  it('passes a run whose only skip is the smoke test on a machine without Electron', () => {
    expect(forbiddenSkips(skippedTests(vitest(['passed']), playwright([smoke]), root), 'none')).toEqual([]);
  });
});
