import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { startConsoleCoreWorker } from '../../src/main/core-process/worker-thread';
import { startHarness, type Harness } from '../../src/main/harness/server';
import type { ConsoleCore } from '../../src/main/core/console-core';
import { MemorySettingsStore } from '../../src/main/settings';
import { BUSINESS_LINE, callApi, cardOf, customers, expect, test, type ConsoleStack } from './console-stack';
import { openConsolePage } from './console-navigation';

/** The Team page and presence: an admin console manages the team; an agent console reads, and shows who is on a call. */

// Names used in this file only: the stack's relay is shared with the other files.
const SALES_LINE = '+16175550188';

/** A second console on the stack's relay, with a token the admin made on the Team page. */
async function openConsole(stack: ConsoleStack, token: string): Promise<{ core: ConsoleCore; harness: Harness; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'ringside-team-'));
  const core = startConsoleCoreWorker({
    dbPath: join(dir, 'console.db'),
    settings: new MemorySettingsStore({ relayUrl: stack.relay.url, deviceToken: token, phoneRegion: 'US' }),
    logger: { info: () => undefined, warn: () => undefined, error: console.error },
  });
  await core.start();
  const harness = await startHarness({ core, rendererDir: resolve(__dirname, '../../out/renderer'), host: '127.0.0.1', port: 0 });
  return {
    core,
    harness,
    async close() {
      await harness.close();
      await core.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openTeam(page: Page): Promise<void> {
  await openConsolePage(page, 'Team');
  await expect(page.getByRole('heading', { name: 'Team', level: 1 })).toBeVisible();
}

test.describe('the team', () => {
  test.beforeEach(async ({ page, stack }) => {
    await page.goto(stack.harness.url);
    await expect(page.getByTestId('link-state')).toHaveText('Live');
  });

  test('an admin names the lines, adds a console and sees its token once', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await openTeam(page);
    const lines = page.getByTestId('team-lines');
    for (const [number, name] of [
      [BUSINESS_LINE, 'Support line'],
      [SALES_LINE, 'Sales line'],
    ] as const) {
      await lines.getByLabel('Number').fill(number);
      await lines.getByLabel('Name', { exact: true }).fill(name);
      await lines.getByRole('button', { name: 'Name line' }).click();
      await expect(lines.getByRole('row', { name: new RegExp(name) })).toBeVisible();
    }

    const add = page.getByTestId('team-add');
    await add.getByLabel('Name', { exact: true }).fill('Reception — Dana');
    await add.getByLabel('Role').selectOption('agent');
    await add.getByTestId('team-line-picker').getByLabel(/Support line/).check();
    await add.getByRole('button', { name: 'Add console' }).click();
    const shown = add.getByTestId('team-token');
    await expect(shown).toContainText('It will not be shown again');
    const token = (await shown.getByTestId('team-token-value').textContent())!.trim();
    expect(token).toMatch(/^rs_[A-Za-z0-9_-]{43}$/);
    await shown.getByRole('button', { name: 'Copy token' }).click();
    await expect(shown.getByRole('button', { name: 'Copied' })).toBeVisible();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(token);

    const row = page.locator('[data-testid="team-row"][data-device="Reception — Dana"]');
    await expect(row).toContainText('Agent');
    await expect(row).toContainText('Support line');
    await page.screenshot({ path: 'test-results/screenshots/team-token-once.png', fullPage: true });

    // Once dismissed (or after a reload) the token is nowhere on the page.
    await shown.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByTestId('team-token')).toHaveCount(0);
    await page.reload();
    await openTeam(page);
    await expect(page.getByTestId('team-table')).toContainText('Reception — Dana');
    expect(await page.content()).not.toContain(token);
  });

  test("an admin renames a console, gives it another line, and can't revoke the last admin", async ({ page, stack }) => {
    await callApi(stack.core, 'team.addDevice', { name: 'Spare laptop', role: 'agent', numbers: [] });
    await openTeam(page);
    const row = page.locator('[data-testid="team-row"][data-device="Spare laptop"]');
    await expect(row).toContainText('No lines');
    await row.getByTestId('team-edit').click();
    const form = page.getByTestId('team-edit-form');
    await form.getByLabel('Name', { exact: true }).fill('Evening desk');
    await form.getByTestId('team-line-picker').getByLabel(/Sales line/).check();
    await form.getByRole('button', { name: 'Save changes' }).click();
    const renamed = page.locator('[data-testid="team-row"][data-device="Evening desk"]');
    await expect(renamed).toContainText('Sales line');

    // Revoking asks first, then takes it off the list of consoles.
    await renamed.getByTestId('team-edit').click();
    await page.getByRole('button', { name: 'Revoke…' }).click();
    await expect(page.getByTestId('team-revoke-confirm')).toContainText('cannot be undone');
    await page.getByRole('button', { name: 'Revoke Evening desk' }).click();
    await expect(page.locator('[data-testid="team-row"][data-device="Evening desk"]')).toHaveCount(0);
    await expect(page.getByText(/Revoked consoles/)).toBeVisible();

    // The stack's console is the only admin: the relay keeps it, in plain words.
    await page.locator('[data-testid="team-row"][data-device="e2e console"]').getByTestId('team-edit').click();
    await page.getByRole('button', { name: 'Revoke…' }).click();
    await page.getByRole('button', { name: 'Revoke e2e console' }).click();
    await expect(page.getByTestId('team-revoke-error')).toHaveText("'e2e console' is the last admin console: make another console an admin first, or nobody could manage the team.");
  });

  test('an agent console reads billing and the team without forms, and shows who is on a call', async ({ page, browser, stack }) => {
    const { token } = await callApi(stack.core, 'team.addDevice', { name: 'Front desk — Sam', role: 'agent', numbers: [BUSINESS_LINE] });
    const agent = await openConsole(stack, token);
    const agentPage = await browser.newPage();
    try {
      await agentPage.goto(agent.harness.url);
      await expect(agentPage.getByTestId('link-state')).toHaveText('Live');

      // Billing: the plans and rates are shown, the forms are not.
      await agentPage.getByRole('button', { name: 'Billing' }).click();
      await agentPage.getByRole('tab', { name: 'Plans & rates' }).click();
      await expect(agentPage.getByTestId('read-only-defineCatalog').first()).toContainText('Only an admin console can change plans, rates and the billing policy; this is an agent console');
      await expect(agentPage.getByRole('button', { name: 'New plan' })).toHaveCount(0);
      await expect(agentPage.getByRole('button', { name: /Save/ })).toHaveCount(0);
      await agentPage.getByRole('tab', { name: 'Adjustments & top-ups' }).click();
      await expect(agentPage.getByTestId('adjustment-form')).toHaveCount(0);
      await expect(agentPage.getByTestId('read-only-recordAdjustments')).toBeVisible();
      await agentPage.screenshot({ path: 'test-results/screenshots/team-agent-billing-read-only.png', fullPage: true });

      // Team: read-only.
      await openTeam(agentPage);
      await expect(agentPage.getByTestId('team-read-only')).toBeVisible();
      await expect(agentPage.getByTestId('team-add')).toHaveCount(0);
      await expect(agentPage.getByTestId('team-edit')).toHaveCount(0);

      // Presence: the admin's Live page shows the agent online, then on the call it takes.
      await expect(page.getByTestId('presence-strip')).toContainText('Front desk — Sam');
      const call = await stack.ring({ from: customers.grace.phone });
      await agentPage.getByRole('button', { name: /^Live/ }).click();
      const agentCard = cardOf(agentPage, call.callId);
      await expect(agentCard).toBeVisible();
      await agentPage.locator('.card-with-presence', { has: agentCard }).getByRole('button', { name: "I'm on this call" }).click();
      await expect(agentPage.locator('.card-with-presence', { has: agentCard })).toContainText('You are on this call');
      const adminCard = page.locator('.card-with-presence', { has: cardOf(page, call.callId) });
      await expect(adminCard.getByTestId('on-this-call')).toContainText('Front desk — Sam is on this call');
      await expect(page.getByTestId('presence-strip')).toContainText('on a call');
      await page.screenshot({ path: 'test-results/screenshots/team-presence-live.png', fullPage: true });

      // The call's end ends it (the ended card asks nobody to take it); the agent going away takes it off the strip.
      await stack.complete(call, 0);
      await expect(page.getByTestId('presence-strip')).not.toContainText('on a call');
      await expect(adminCard.getByTestId('on-this-call')).toHaveCount(0);
      await agentPage.close();
      await agent.close();
      await expect(page.getByTestId('presence-strip')).not.toContainText('Front desk — Sam');
      await callApi(stack.core, 'card.dismiss', { callId: call.callId });
    } finally {
      if (!agentPage.isClosed()) await agentPage.close();
      await agent.close().catch(() => undefined);
    }
  });

  test('the Team page with a realistic team', async ({ page, stack }) => {
    for (const [name, role, numbers] of [
      ['Owner — Maria', 'admin', []],
      ['Bookkeeping', 'bookkeeper', []],
      ['Night shift — Lee', 'agent', [SALES_LINE, BUSINESS_LINE]],
    ] as const) {
      await callApi(stack.core, 'team.addDevice', { name, role, numbers: [...numbers] });
    }
    await openTeam(page);
    await expect(page.getByTestId('team-table')).toContainText('Night shift — Lee');
    await expect(page.locator('[data-testid="team-row"][data-device="e2e console"]')).toContainText('Online now');
    await page.screenshot({ path: 'test-results/screenshots/team-page.png', fullPage: true });
    await page.locator('[data-testid="team-row"][data-device="Night shift — Lee"]').getByTestId('team-edit').click();
    await page.screenshot({ path: 'test-results/screenshots/team-edit-console.png', fullPage: true });
  });
});
