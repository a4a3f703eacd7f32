import { defineConfig } from '@playwright/test';

/**
 * Browser tests. The renderer must already be built (`npm test` runs
 * `electron-vite build` first; on its own: `npm run build && npx playwright test`).
 * Chromium is Debian's /usr/bin/chromium: never `npx playwright install`.
 * Artifacts go under test-results/e2e-artifacts (Playwright empties that folder at
 * start, so the other runners' reports beside it survive).
 */
export default defineConfig({
  // Two spec files at a time: each worker starts its own stack (relay process, core, harness) on
  // ephemeral ports and temporary folders, and most of a browser test is waiting, so two fit on a
  // 2-core machine. RINGSIDE_E2E_WORKERS=1 runs them one by one.
  workers: Number(process.env.RINGSIDE_E2E_WORKERS ?? 2),
  fullyParallel: false,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results/e2e-artifacts',
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    headless: true,
    viewport: { width: 1280, height: 800 },
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    // The real renderer in Chromium against the real core, through the browser harness.
    { name: 'harness', testDir: 'tests/e2e' },
    // The Electron shell; skips itself where no Electron binary exists.
    { name: 'electron', testDir: 'tests/electron' },
  ],
});
