import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { SMTPServer } from 'smtp-server';
import { dispatchApiCall } from '../../src/main/api/dispatch';
import type { ConsoleCore } from '../../src/main/core/console-core';
import { startConsoleCoreWorker } from '../../src/main/core-process/worker-thread';
import { startHarness, type Harness } from '../../src/main/harness/server';
import { MemorySettingsStore } from '../../src/main/settings';
import type { ApiInput, ApiMethod, ApiOutputs } from '../../src/shared/api/contract';
import { readmeScreenshot } from '../support/readme-screenshot';
import { startRelayProcess, type RelayProcess } from '../support/relay-process';
import { openConsolePage, openMoreMenu } from './console-navigation';

/**
 * The Notices page: an admin turns reminders on and edits what they say with a preview; an
 * agent console has no such page. A stack of its own: the relay sends mail to a local mail
 * server that refuses one address (the notice that failed).
 */

const RENDERER_DIR = process.env.RINGSIDE_RENDERER_DIR ?? resolve(__dirname, '../../out/renderer');
const quietLogger = { info: () => undefined, warn: () => undefined, error: console.error };
const REFUSED = 'm.okafor@okafor-legal.example';

async function callApi<M extends ApiMethod>(core: ConsoleCore, method: M, input: ApiInput<M>): Promise<ApiOutputs[M]> {
  const result = await dispatchApiCall(core.handlers, method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error}`);
  return result.value as ApiOutputs[M];
}

/** Accepts every mail but REFUSED's, as a mailbox that does not exist (a permanent 550). */
async function startMailServer(): Promise<{ port: number; refusals(): number; close(): Promise<void> }> {
  let refusals = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address === REFUSED) {
        refusals += 1;
        return callback(Object.assign(new Error(`5.1.1 <${REFUSED}>: Recipient address rejected: mailbox unavailable`), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => callback());
    },
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { port: (server.server.address() as AddressInfo).port, refusals: () => refusals, close: () => new Promise<void>((done) => server.close(() => done())) };
}

interface Console {
  core: ConsoleCore;
  harness: Harness;
  close(): Promise<void>;
}

async function openConsole(relay: RelayProcess, dir: string, name: string, role: 'admin' | 'bookkeeper' | 'agent'): Promise<Console> {
  const core = startConsoleCoreWorker({
    dbPath: join(dir, `${role}.db`),
    settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken: await relay.addDevice(name, role, role === 'agent' ? ['+16175550460'] : []), phoneRegion: 'US' }),
    logger: quietLogger,
  });
  await core.start();
  const harness = await startHarness({ core, rendererDir: RENDERER_DIR, host: '127.0.0.1', port: 0 });
  return {
    core,
    harness,
    async close() {
      await harness.close();
      await core.stop();
    },
  };
}

async function openNotices(page: Page, harness: Harness): Promise<void> {
  await page.goto(harness.url);
  await expect(page.getByTestId('link-state')).toHaveText('Live', { timeout: 30_000 });
  await openConsolePage(page, 'Notices');
  await expect(page.getByRole('heading', { name: 'Notices', level: 1 })).toBeVisible();
  await expect(page.getByTestId('notice-settings')).toBeVisible({ timeout: 15_000 });
}

test.describe('notices', () => {
  let dir: string;
  let mail: Awaited<ReturnType<typeof startMailServer>>;
  let relay: RelayProcess;
  let office: Console;

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    dir = mkdtempSync(join(tmpdir(), 'ringside-notices-e2e-'));
    mail = await startMailServer();
    relay = await startRelayProcess({
      env: {
        RELAY_BUSINESS_NAME: 'Northside IT Help',
        RELAY_PUBLIC_URL: 'https://relay.northside-it.example',
        RELAY_NOTICE_EMAIL_FROM: 'Northside IT Help <billing@northside-it.example>',
        RELAY_SMTP_HOST: '127.0.0.1',
        RELAY_SMTP_PORT: String(mail.port),
        RELAY_SMTP_SECURITY: 'none',
      },
    });
    office = await openConsole(relay, dir, 'Office', 'admin');
    await callApi(office.core, 'customers.importCsv', {
      csv: [
        'name,company,email,phones,plan,plan_period,included_hours,plan_price,currency,subscription_start',
        'Priya Raman,Raman Dental,priya@ramandental.example,+16175550461,Priority Support,monthly,10,450.00,USD,2026-11-01',
        `Michael Okafor,Okafor Legal,${REFUSED},+16175550462,Priority Support,monthly,5,250.00,USD,2026-11-01`,
        'Hannah Weiss,Weiss Architects,hannah@weiss-arch.example,+16175550463,,,,,,',
      ].join('\n'),
      fileName: 'customers.csv',
    });
    await expect.poll(async () => (await callApi(office.core, 'customers.search', { query: 'Okafor', limit: 1 })).length, { timeout: 15_000 }).toBe(1);
  });

  test.afterAll(async () => {
    await office?.close();
    await relay?.stop();
    await mail?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('an admin turns on payment reminders by email, edits the reminder and sees the preview change, saves, and finds both kept after a reload', async ({ page }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width: 1280, height: 800 });
    await openNotices(page, office.harness);

    const reminder = page.getByTestId('notice-kind-payment_reminder');
    await reminder.getByRole('switch', { name: 'Payment reminder' }).check();
    await reminder.getByRole('checkbox', { name: 'Email' }).check();
    // Checked beside the field before anything is sent.
    await reminder.getByLabel('Then every (days)').fill('0');
    await page.getByRole('button', { name: 'Save notice settings' }).click();
    await expect(reminder.getByText('Then every (days) must be from 1 to 365')).toBeVisible();
    await expect(page.getByTestId('notice-settings-error')).toHaveText('Some fields need attention.');
    await reminder.getByLabel('Days after due date').fill('5');
    await reminder.getByLabel('Then every (days)').fill('10');
    await reminder.getByLabel('At most (reminders)').fill('4');
    // Low balance: the wallet in the wallet currency, the hours as h:mm.
    const low = page.getByTestId('notice-kind-low_balance');
    await low.getByRole('switch', { name: 'Low balance' }).check();
    await low.getByRole('checkbox', { name: 'Email' }).check();
    await low.getByLabel('Wallet under (USD)').fill('25');
    await low.getByLabel('Hours under (h:mm)').fill('1:30');
    await page.getByRole('button', { name: 'Save notice settings' }).click();
    await expect(page.getByTestId('notice-settings-done')).toBeVisible();
    // No phone provider on this relay: texts are shown off, with the relay's reason.
    await expect(reminder.getByTestId('notice-channel-sms')).toHaveText('Text (SMS) (off)');
    await expect(page.getByTestId('notice-way-sms')).toContainText('OPENPHONE_API_KEY');

    const editor = page.getByTestId('notice-template-editor');
    await expect(editor).toHaveAttribute('data-kind', 'payment_reminder');
    const preview = page.getByTestId('notice-preview');
    await expect(preview.getByTestId('notice-preview-subject')).toHaveText('Reminder: invoice 1042 is due');
    const subject = editor.getByLabel('Subject');
    await subject.fill('Still open: invoice {{invoiceNumber}} for ');
    await editor.getByRole('button', { name: /\{\{amount\}\}/ }).click();
    await expect(subject).toHaveValue('Still open: invoice {{invoiceNumber}} for {{amount}}');
    await expect(preview.getByTestId('notice-preview-subject')).toHaveText('Still open: invoice 1042 for $199.00');
    // A variable no notice fills is refused beside the field, as it is typed.
    await subject.fill('Still open: {{invoiceNo}}');
    await expect(editor.getByText('Subject uses {{invoiceNo}}, which no notice fills')).toBeVisible();
    await subject.fill('Still open: invoice {{invoiceNumber}} for {{amount}}');
    await editor.getByLabel('Message').fill('Hello {{name}},\n\nInvoice {{invoiceNumber}} for {{amount}} was due on {{dueDate}}. You can pay it at {{portalLink}}\n\nThank you,\n{{business}}\n\nTo stop these reminders: {{unsubscribeLink}}');
    await expect(preview.getByTestId('notice-preview-body')).toContainText('Hello Jordan Lee,');
    await expect(preview.getByTestId('notice-preview-body')).toContainText('Thank you,\nNorthside IT Help');

    // The relay fills it with a real customer's figures.
    await preview.getByRole('button', { name: 'Preview with a customer' }).click();
    await preview.getByLabel('Preview with').fill('Priya');
    await preview.getByRole('button', { name: /Priya Raman/ }).click();
    await expect(preview.getByTestId('notice-preview-source')).toHaveText("with Priya Raman's figures, from the relay");
    await expect(preview.getByTestId('notice-preview-body')).toContainText('Hello Priya Raman,');
    await editor.getByRole('button', { name: 'Save template' }).click();
    await expect(page.getByTestId('notice-template-done')).toBeVisible();
    await preview.getByRole('button', { name: 'Back to sample figures' }).click();
    await expect(preview.getByTestId('notice-preview-source')).toHaveText('with sample figures');
    await page.getByTestId('notice-templates').evaluate((panel) => panel.scrollIntoView({ block: 'start' }));
    await readmeScreenshot(page, 'notices-template.png');

    await page.reload();
    await openNotices(page, office.harness);
    const kept = page.getByTestId('notice-kind-payment_reminder');
    await expect(kept.getByRole('switch', { name: 'Payment reminder' })).toBeChecked();
    await expect(kept.getByRole('checkbox', { name: 'Email' })).toBeChecked();
    await expect(kept.getByLabel('Days after due date')).toHaveValue('5');
    await expect(kept.getByLabel('Then every (days)')).toHaveValue('10');
    await expect(kept.getByLabel('At most (reminders)')).toHaveValue('4');
    await expect(page.getByTestId('notice-kind-low_balance').getByLabel('Hours under (h:mm)')).toHaveValue('1:30');
    await expect(page.getByTestId('notice-template-editor').getByLabel('Subject')).toHaveValue('Still open: invoice {{invoiceNumber}} for {{amount}}');
    await expect(page.getByTestId('notice-preview-subject')).toHaveText('Still open: invoice 1042 for $199.00');
  });

  test('a notice the mail server refuses is listed under What failed with its reason, and a portal link is sent again from the customer page, not retried', async ({ page }) => {
    test.setTimeout(90_000);
    // The desk sends Michael his portal link by email; his mail server says the mailbox does not exist.
    const [michael] = await callApi(office.core, 'customers.search', { query: 'Okafor', limit: 1 });
    const made = await callApi(office.core, 'portal.createLink', { requestId: randomUUID(), customerId: michael!.id, expiresInDays: 30 });
    await callApi(office.core, 'portal.sendLink', { requestId: randomUUID(), linkId: made.link.linkId, url: made.url, channel: 'email', to: null });
    await expect.poll(async () => (await callApi(office.core, 'notices.failed', {})).notices.length, { timeout: 30_000 }).toBe(1);

    await page.setViewportSize({ width: 1280, height: 1300 });
    await openNotices(page, office.harness);
    const failed = page.getByTestId('notice-failed');
    const item = failed.getByTestId('notice-failed-item');
    await expect(item).toHaveCount(1);
    await expect(item).toContainText('Michael Okafor');
    await expect(item).toContainText(`Portal link by email to ${REFUSED}`);
    await expect(item.locator('.notice-failed__reason')).toContainText(/\w/);
    await readmeScreenshot(page, 'notices-page.png');

    // Its token is not kept once it failed: the page says where to send it again, and offers no Retry.
    await expect(item.getByTestId('notice-failed-resend')).toHaveText("Send the link again from Michael Okafor's customer page.");
    await expect(item.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  });

  test("the bookkeeper's console reads the notices without saving, and previews", async ({ page }) => {
    const books = await openConsole(relay, dir, 'Books', 'bookkeeper');
    try {
      await openNotices(page, books.harness);
      await expect(page.getByTestId('notices-read-only')).toContainText('Only an admin console can change notices; this is the bookkeeper console');
      await expect(page.getByTestId('notice-kind-payment_reminder').getByRole('switch', { name: 'Payment reminder' })).toBeDisabled();
      await expect(page.getByRole('button', { name: 'Save notice settings' })).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Save template' })).toHaveCount(0);
      await expect(page.getByTestId('notice-preview-subject')).toHaveText('Still open: invoice 1042 for $199.00');
    } finally {
      await books.close();
    }
  });

  test('an agent console has no Notices page', async ({ page }) => {
    const agent = await openConsole(relay, dir, 'Front desk', 'agent');
    try {
      await page.goto(agent.harness.url);
      await expect(page.getByTestId('link-state')).toHaveText('Live', { timeout: 30_000 });
      // The role is known once the Billing page says it is read-only here.
      await page.getByRole('button', { name: 'Billing' }).click();
      await page.getByRole('tab', { name: 'Plans & rates' }).click();
      await expect(page.getByTestId('read-only-defineCatalog').first()).toContainText('this is an agent console');
      await openMoreMenu(page);
      await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Operations' })).toBeVisible();
      await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Notices' })).toHaveCount(0);
    } finally {
      await agent.close();
    }
  });
});
