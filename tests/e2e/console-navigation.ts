import type { Page } from '@playwright/test';

/** The console pages that sit under "More" in the main navigation (src/renderer/src/console/ConsoleApp.tsx). */
const UNDER_MORE = ['Sync', 'Team', 'Operations', 'Notices', 'Settings'] as const;

export type ConsolePageName = 'Live' | 'Callbacks' | 'History' | 'Communications' | 'Jobs' | 'Customers' | 'Billing' | 'Dashboard' | (typeof UNDER_MORE)[number];

/** Opens "More" in the main navigation (if it is not open already). */
export async function openMoreMenu(page: Page): Promise<void> {
  const more = page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'More' });
  if ((await more.getAttribute('aria-expanded')) !== 'true') await more.click();
}

/** Opens a console page from the main navigation, through "More" for the admin pages. */
export async function openConsolePage(page: Page, name: ConsolePageName): Promise<void> {
  if ((UNDER_MORE as readonly string[]).includes(name)) await openMoreMenu(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true }).click();
}
