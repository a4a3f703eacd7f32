import type { Page } from '@playwright/test';

/**
 * The README's pictures (docs/*.png) are tracked files: only `npm run screenshots`
 * (RINGSIDE_SCREENSHOTS=1) writes them. Every other run takes the same picture into
 * test-results/readme/, so `npm test` changes nothing it does not own.
 */
export async function readmeScreenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: picturePath(name) });
}

/** Where a README picture goes: docs/ under `npm run screenshots`, test-results/readme/ otherwise. */
export function picturePath(name: string): string {
  return `${process.env.RINGSIDE_SCREENSHOTS === '1' ? 'docs' : 'test-results/readme'}/${name}`;
}
