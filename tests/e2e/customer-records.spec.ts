import { messageEvent } from '../../tools/emulators/openphone/message-payloads';
import { sendOpenPhoneWebhook } from '../../tools/emulators/openphone/sender';
import { BUSINESS_LINE, callApi, cardOf, expect, test } from './console-stack';
import { picturePath } from '../support/readme-screenshot';

// Numbers no other spec of the shared stack uses.
const MARIA = { phone: '+13125550187', typed: '(312) 555-0187' };
const STRANGER = { phone: '+13125550188', shown: '+1 312 555 0188' };

test("a customer's address and notes are saved from the editor, shown on their page and briefly on their caller card; what they wrote in texts is proposed with their words, used or dismissed in one click", async ({ page, stack }) => {
  await page.goto(stack.harness.url);
  await page.getByRole('button', { name: 'Customers' }).click();
  await page.getByTestId('add-customer').click();
  const editor = page.getByTestId('customer-editor');
  await editor.getByTestId('customer-name-input').fill('M. Lopez');
  await editor.getByTestId('customer-phone-0').fill(MARIA.typed);
  await editor.getByTestId('customer-notes-input').fill('Prefers texts after 5 pm.\nDog in the yard: ring the bell twice.');
  await editor.getByRole('button', { name: 'Add customer' }).click();
  await expect(page.getByTestId('customer-editor')).toHaveCount(0);

  // She texts the business: her name, email and the job's address, in her own words.
  const texts = [
    'Hi, this is Maria Lopez. The heater in the back unit is out again',
    'The house is 12 Oak Street, Springfield, MA 01101 — gate code 4411. Invoices to maria.lopez@lopezbakery.com please',
  ];
  for (const [i, body] of texts.entries()) {
    const delivery = messageEvent({ type: 'message.received', line: BUSINESS_LINE, participants: [MARIA.phone], body, at: new Date(Date.now() - (texts.length - i) * 60_000) });
    const answer = await sendOpenPhoneWebhook(stack.relay.url, delivery.body, { secretBase64: stack.relay.secretBase64 });
    expect(answer.status, answer.text).toBeLessThan(300);
  }

  await page.getByLabel('Name, company, email or phone').fill('M. Lopez');
  await page.getByRole('button', { name: 'M. Lopez' }).click();
  await expect(page.getByTestId('customer-notes')).toContainText('Dog in the yard: ring the bell twice.');
  const suggestions = page.getByTestId('customer-suggestion');
  await expect(suggestions).toHaveCount(3, { timeout: 15_000 });
  const name = suggestions.filter({ hasText: 'Maria Lopez' });
  await expect(name.getByTestId('customer-suggestion-quote')).toHaveText('“Hi, this is Maria Lopez.”');
  const address = page.locator('[data-testid="customer-suggestion"][data-field="address"]');
  await expect(address).toContainText('12 Oak Street');
  await expect(address).toContainText('Springfield, MA 01101');
  await page.setViewportSize({ width: 1280, height: 1100 });
  await page.screenshot({ path: picturePath('customer-page-suggestions.png'), fullPage: false });

  await address.getByTestId('accept-suggestion').click();
  await expect(page.getByTestId('customer-address')).toHaveText('12 Oak Street\nSpringfield, MA 01101', { timeout: 15_000 });
  await suggestions.filter({ hasText: 'maria.lopez@lopezbakery.com' }).getByTestId('accept-suggestion').click();
  await expect(page.getByTestId('customer-contact')).toContainText('maria.lopez@lopezbakery.com', { timeout: 15_000 });
  await name.getByTestId('dismiss-suggestion').click();
  await expect(page.getByTestId('customer-suggestions')).toHaveCount(0, { timeout: 15_000 });
  await page.screenshot({ path: picturePath('customer-page-address-notes.png') });

  // Dismissed for good: the console does not propose it again, nor does another reading.
  const found = (await callApi(stack.core, 'customers.search', { query: 'M. Lopez', limit: 5 })).find((c) => c.phones.includes(MARIA.phone))!;
  expect(await callApi(stack.core, 'customers.suggestions', { customerId: found.id })).toEqual([]);

  // Her next call: the card shows the address and the notes' first line.
  await page.getByRole('button', { name: /^Live/ }).click();
  const call = await stack.ring({ from: MARIA.phone });
  const card = cardOf(page, call.callId);
  await expect(card.getByTestId('card-address')).toHaveText('Address: 12 Oak Street, Springfield, MA 01101');
  await expect(card.getByTestId('card-notes')).toHaveText('Note: Prefers texts after 5 pm…');
  await card.screenshot({ path: picturePath('caller-card-address-notes.png') });
  await stack.miss(call);
});

test("an unknown caller's card creates the customer with an address and a note, without QuickBooks", async ({ page, stack }) => {
  await page.goto(stack.harness.url);
  const call = await stack.ring({ from: STRANGER.phone });
  const card = cardOf(page, call.callId);
  await expect(card.getByTestId('card-name')).toHaveText(STRANGER.shown);
  await card.getByTestId('create-customer').click();
  const form = card.getByTestId('create-customer-form');
  await form.getByLabel('Name').fill('Priya Natarajan');
  await form.getByLabel('Address (optional)').fill('48 Maple Dr Apt 3B\nEvanston, IL 60201');
  await form.getByLabel('Note (optional)').fill('Called about a leaking boiler; wants a morning visit.');
  await card.screenshot({ path: picturePath('caller-card-create-customer.png') });
  await form.getByRole('button', { name: 'Create customer' }).click();
  await expect(form.getByTestId('create-customer-done')).toContainText('Priya Natarajan is now a customer', { timeout: 15_000 });
  await expect
    .poll(async () => {
      const [found] = (await callApi(stack.core, 'customers.search', { query: 'Priya Natarajan', limit: 5 })).filter((c) => c.phones.includes(STRANGER.phone));
      return found ? await callApi(stack.core, 'customers.detail', { customerId: found.id }) : null;
    }, { timeout: 15_000 })
    .toMatchObject({ name: 'Priya Natarajan', address: '48 Maple Dr Apt 3B\nEvanston, IL 60201', notes: 'Called about a leaking boiler; wants a morning visit.' });
  await stack.miss(call);
});
