// Which tests a run skipped, from the vitest and Playwright JSON reports, and which of those
// skips fail the run. Pure, so scripts/skipped-tests.test.ts pins the rule.

/** The one skip allowed, where no Electron binary exists. */
export const ELECTRON_SMOKE_TEST = 'tests/electron/smoke.spec.ts';

/** Every skipped (or todo) test: `{file, title, project}`; files relative to `root`. */
export function skippedTests(vitestReport, playwrightReport, root) {
  const relative = (file) => {
    const text = String(file ?? '');
    return text.startsWith(`${root}/`) ? text.slice(root.length + 1) : text;
  };
  const skips = [];
  for (const file of vitestReport?.testResults ?? []) {
    for (const t of file.assertionResults ?? []) {
      if (['pending', 'skipped', 'todo'].includes(t.status)) skips.push({ file: relative(file.name), title: t.fullName ?? t.title, project: 'vitest' });
    }
  }
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) if (t.status === 'skipped') skips.push({ file: relative(spec.file), title: spec.title, project: t.projectName });
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of playwrightReport?.suites ?? []) walk(suite);
  return skips;
}

/** The skips that fail the run: all but the Electron smoke test, and that one too when a binary exists. */
export function forbiddenSkips(skips, electronBinary) {
  return skips.filter((s) => !(s.project === 'electron' && s.file === ELECTRON_SMOKE_TEST && electronBinary === 'none'));
}
