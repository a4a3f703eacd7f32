import { defineConfig } from '@playwright/test';
import base from '../../playwright.config';

/**
 * `npm run walk` only: a walk through every page of the demo (every-page.spec.ts).
 * Its own config, so `npm test` (which runs the root config's projects) never picks it
 * up. Same Chromium and launch options as the browser suite; its screenshots go to
 * test-results/walk/, Playwright's own artifacts to test-results/walk-artifacts/.
 */
export default defineConfig({
  ...base,
  timeout: 300_000,
  outputDir: '../../test-results/walk-artifacts',
  reporter: [['list']],
  use: { ...base.use, screenshot: 'off' },
  projects: [{ name: 'walk', testDir: '.' }],
});
