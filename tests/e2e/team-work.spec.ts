import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startConsoleCoreWorker } from '../../src/main/core-process/worker-thread';
import { MemorySettingsStore } from '../../src/main/settings';
import { BUSINESS_LINE, callApi, cardOf, customers, expect, test } from './console-stack';

const quietLogger = { info: () => undefined, warn: console.warn, error: console.error };

test('a missed call waits in the callback queue; claiming it on one console shows who will call back on another, and recording the outcome takes it off', async ({ page, stack }) => {
  // A second console of the team: an agent on the same line, its own database.
  const dir = mkdtempSync(join(tmpdir(), 'ringside-second-console-'));
  const token = await stack.relay.addDevice('Back office', 'agent', [BUSINESS_LINE]);
  const second = startConsoleCoreWorker({ dbPath: join(dir, 'console.db'), settings: new MemorySettingsStore({ relayUrl: stack.relay.url, deviceToken: token, phoneRegion: 'US' }), logger: quietLogger });
  await second.start();
  try {
    // The stack is shared with other specs, whose missed calls may be waiting too.
    const waitingBefore = (await callApi(stack.core, 'callbacks.queue', { limit: 1 })).total;
    const badgeShowsTheOthers = async () =>
      waitingBefore === 0 ? expect(page.getByTestId('callbacks-badge')).toHaveCount(0) : expect(page.getByTestId('callbacks-badge')).toHaveText(String(waitingBefore));
    // A caller nobody else in the shared stack has rung: one caller is one queue entry.
    const caller = { phone: '+13105550777', shown: '+1 310 555 0777' };
    const missed = await stack.ring({ from: caller.phone, at: new Date(Date.now() - 60_000) });
    await stack.miss(missed);
    await page.goto(stack.harness.url);
    await expect(page.getByTestId('callbacks-badge')).toHaveText(String(waitingBefore + 1));
    await page.getByRole('button', { name: /^Callbacks/ }).click();
    const row = page.getByTestId('callback-row').filter({ hasText: caller.shown });
    await expect(row).toContainText('Missed call');
    await row.getByTestId('callback-claim-button').click();
    await expect(row.getByTestId('callback-claim')).toHaveText('You will call back');
    await page.screenshot({ path: 'test-results/screenshots/team-work-callback-queue.png' });

    // The agent's console shows the claim, by this console's name.
    const callerOnTheSecondConsole = async () => (await callApi(second, 'callbacks.queue', { limit: 500 })).entries.filter((e) => e.number === caller.phone);
    await expect.poll(async () => (await callerOnTheSecondConsole()).map((e) => [e.number, e.claimedBy]), { timeout: 15_000 }).toEqual([[caller.phone, 'e2e console']]);

    await row.getByTestId('callback-done-button').click();
    await row.getByLabel('Left a voicemail').check();
    await row.getByLabel('Note (optional)').fill('Asked him to call back after 3');
    await row.getByRole('button', { name: 'Take off the list' }).click();
    await expect(page.getByTestId('callback-row').filter({ hasText: caller.shown })).toHaveCount(0);
    await badgeShowsTheOthers();
    await expect.poll(async () => (await callerOnTheSecondConsole()).length, { timeout: 15_000 }).toBe(0);
  } finally {
    await second.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a note and an outcome added on the caller card show with their author on the card and in the call history', async ({ page, stack }) => {
  await page.goto(stack.harness.url);
  const call = await stack.ring({ from: customers.grace.phone });
  const card = cardOf(page, call.callId);
  await expect(card.getByTestId('card-name')).toHaveText(customers.grace.name);
  await card.getByTestId('call-note-open').click();
  await card.getByTestId('call-note-input').fill('Printer on the 3rd floor jams on tray 2');
  await card.getByRole('button', { name: 'Save note' }).click();
  await expect(card.getByTestId('call-note')).toContainText('Printer on the 3rd floor jams on tray 2');
  await expect(card.getByTestId('call-note')).toContainText('e2e console');
  await card.getByTestId('call-disposition').selectOption('follow_up');
  await expect(card.getByTestId('call-disposition-by')).toContainText('by e2e console');

  await page.getByRole('button', { name: 'History' }).click();
  const row = page.getByTestId('history-table').locator('tbody tr').filter({ hasText: customers.grace.name }).first();
  await row.getByTestId('history-notes').click();
  const dialog = page.getByRole('dialog', { name: 'Notes on this call' });
  await expect(dialog.getByTestId('call-note')).toContainText('Printer on the 3rd floor jams on tray 2');
  await expect(dialog.getByTestId('call-disposition')).toHaveValue('follow_up');
});

test("editing a customer's phones says what is wrong in plain words, saves several numbers and emails, and merging a duplicate moves its numbers", async ({ page, stack }) => {
  await page.goto(stack.harness.url);
  await page.getByRole('button', { name: 'Customers' }).click();
  // A duplicate of Charles, added by hand.
  await page.getByTestId('add-customer').click();
  const editor = page.getByTestId('customer-editor');
  await editor.getByTestId('customer-name-input').fill('C. Babbage');
  await editor.getByTestId('customer-phone-0').fill('617 555 01');
  await editor.getByRole('button', { name: 'Add customer' }).click();
  await expect(editor.getByTestId('customer-form-problems')).toContainText('"617 555 01" is not a phone number');
  await editor.getByTestId('customer-phone-0').fill('(617) 555-0160');
  await editor.getByTestId('customer-email-0').fill('cb@example.com');
  await editor.getByRole('button', { name: 'Add customer' }).click();
  await expect(page.getByTestId('customer-editor')).toHaveCount(0);

  await page.getByLabel('Name, company, email or phone').fill(customers.charles.name);
  await page.getByRole('button', { name: customers.charles.name }).click();
  await page.getByTestId('edit-customer').click();
  const edit = page.getByTestId('customer-editor');
  await expect(edit.getByTestId('customer-phone-0')).toHaveValue(customers.charles.phone);
  await edit.getByTestId('customer-phone-1').fill('617-555-0199 ');
  await edit.getByTestId('customer-email-1').fill('accounts@difference.example');
  await page.screenshot({ path: 'test-results/screenshots/team-work-customer-edit.png' });
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('customer-phones')).toHaveText('+1 617 555 0123, +1 617 555 0199');
  await expect(page.getByTestId('customer-contact')).toContainText('accounts@difference.example');

  // Merge the hand-made duplicate into Charles.
  await page.getByRole('button', { name: '← Customers' }).click();
  await page.getByLabel('Name, company, email or phone').fill('C. Babbage');
  await page.getByRole('button', { name: 'C. Babbage' }).click();
  await page.getByTestId('merge-customer').click();
  const merge = page.getByTestId('merge-customer-form');
  await merge.getByRole('searchbox').or(merge.getByRole('textbox')).first().fill('Charles');
  // The answer for what was typed, not a list still settling, before picking from it.
  const matching = merge.getByRole('list', { name: 'Customers matching Charles' });
  await expect(matching.getByRole('button', { name: /C\. Babbage/ })).toHaveCount(0);
  await matching.getByRole('button', { name: new RegExp(customers.charles.name) }).first().click();
  await expect(merge.getByTestId('picked-customer')).toContainText(customers.charles.name);
  page.once('dialog', (dialog) => void dialog.accept());
  await merge.getByRole('button', { name: 'Merge', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(customers.charles.name);
  await expect(page.getByTestId('customer-phones')).toHaveText('+1 617 555 0123, +1 617 555 0160, +1 617 555 0199');
  await expect(page.getByTestId('customer-contact')).toContainText('cb@example.com');
});
