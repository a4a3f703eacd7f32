import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { messageEvent } from '../../tools/emulators/openphone/message-payloads';
import { sendOpenPhoneWebhook } from '../../tools/emulators/openphone/sender';
import { BUSINESS_LINE, callApi, expect, test } from './console-stack';
import { openConsolePage } from './console-navigation';
import { picturePath } from '../support/readme-screenshot';

/**
 * Issue 15 §4 from the pages: a customer's data exported from their page as a zip (read back
 * here), the customer erased through the dialog (name typed to confirm, progress, done, and
 * the page then shows them erased), and the retention policy set in Settings' Privacy section.
 */

// Numbers no other spec of the shared stack uses.
const ROSA = { name: 'Rosa Delgado', phone: '+13125550231', typed: '(312) 555-0231', email: 'rosa.delgado@example.net' };
const HER_TEXT = 'The water heater in the garage is leaking again';

test("a customer's data is exported from their page as a zip, then the customer is erased through the dialog, after typing their name", async ({ page, stack }) => {
  await callApi(stack.core, 'customers.save', { name: ROSA.name, company: 'Delgado Bakery', phones: [ROSA.typed], emails: [ROSA.email], address: '9 Birch Lane', notes: 'Side door' });
  const delivery = messageEvent({ type: 'message.received', line: BUSINESS_LINE, participants: [ROSA.phone], body: HER_TEXT, at: new Date(Date.now() - 60_000) });
  const answer = await sendOpenPhoneWebhook(stack.relay.url, delivery.body, { secretBase64: stack.relay.secretBase64 });
  expect(answer.status, answer.text).toBeLessThan(300);

  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto(stack.harness.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Customers' }).click();
  await page.getByLabel('Name, company, email or phone').fill(ROSA.name);
  await page.getByRole('button', { name: ROSA.name }).click();
  await expect(page.getByRole('heading', { name: ROSA.name, level: 1 })).toBeVisible();

  // Export: progress, then where it was saved; the zip holds her record and her text.
  await expect.poll(async () => (await callApi(stack.core, 'messages.search', { query: 'water heater', limit: 5 })).length, { timeout: 15_000 }).toBeGreaterThan(0);
  await page.getByTestId('export-customer').click();
  const saved = page.getByTestId('export-saved');
  await expect(saved).toContainText(/Saved as Rosa-Delgado-\d{4}-\d{2}-\d{2}\.zip/, { timeout: 20_000 });
  const path = (await saved.getAttribute('data-path'))!;
  const files = unzipSync(new Uint8Array(readFileSync(path)));
  expect(JSON.parse(strFromU8(files['customer.json']!))).toMatchObject({ name: ROSA.name, phones: [ROSA.phone] });
  expect((JSON.parse(strFromU8(files['messages.json']!)) as { body: string }[]).map((m) => m.body)).toEqual([HER_TEXT]);
  expect(strFromU8(files['README.txt']!)).toContain(`Everything Ringside holds about ${ROSA.name}`);

  // Erase: the dialog says what goes and what stays; Erase waits for her name.
  await page.getByTestId('erase-customer').click();
  const dialog = page.getByTestId('erase-dialog');
  await expect(dialog.getByRole('heading', { name: `Erase ${ROSA.name}` })).toBeVisible();
  await expect(dialog).toContainText('This cannot be undone.');
  await expect(dialog).toContainText('every charge, payment and invoice total');
  const erase = dialog.getByTestId('erase-submit');
  await expect(erase).toBeDisabled();
  await dialog.getByTestId('erase-confirm-name').fill('Rosa');
  await expect(erase).toBeDisabled();
  await dialog.getByTestId('erase-confirm-name').fill(ROSA.name);
  await expect(erase).toBeEnabled();
  await page.screenshot({ path: picturePath('privacy-erase-dialog.png') });
  await erase.click();
  await expect(dialog.getByTestId('erase-done')).toContainText(`${ROSA.name} is erased`, { timeout: 60_000 });
  await dialog.getByTestId('erase-close').click();

  // This console follows: the page and the search show her erased, her text is gone.
  await expect(page.getByRole('heading', { name: 'Erased customer', level: 1 })).toBeVisible({ timeout: 60_000 });
  await expect.poll(async () => (await callApi(stack.core, 'customers.search', { query: 'Delgado', limit: 5 })).length, { timeout: 30_000 }).toBe(0);
  await expect.poll(async () => (await callApi(stack.core, 'messages.search', { query: 'water heater', limit: 5 })).length, { timeout: 30_000 }).toBe(0);
});

test('an admin keeps recordings for 90 days and the rest forever from the Privacy section of Settings', async ({ page, stack }) => {
  await page.setViewportSize({ width: 1280, height: 1400 });
  await page.goto(stack.harness.url);
  await openConsolePage(page, 'Settings');
  const privacy = page.getByTestId('privacy-settings');
  await expect(privacy.getByRole('heading', { name: 'Privacy' })).toBeVisible();
  await expect(privacy).toContainText('Nothing has been set yet: everything is kept.');
  const recordings = privacy.getByTestId('retention-recordings');
  await privacy.getByTestId('retention-recordings-limited').check();
  await privacy.getByTestId('retention-recordings-days').fill('0');
  await privacy.getByTestId('retention-save').click();
  await expect(recordings).toContainText('Type a whole number of days, at least 1.');
  await privacy.getByTestId('retention-recordings-days').fill('90');
  await privacy.getByTestId('retention-save').click();
  await expect(privacy.getByTestId('retention-status')).toContainText('Saved.');
  await expect.poll(async () => (await callApi(stack.core, 'privacy.retention', {})).days, { timeout: 15_000 }).toEqual({ recordings: 90, transcripts: null, message_bodies: null, media: null });
  await privacy.scrollIntoViewIfNeeded();
  await privacy.screenshot({ path: picturePath('privacy-retention.png') });
});
