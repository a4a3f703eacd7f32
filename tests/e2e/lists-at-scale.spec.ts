import type { WebSocket } from '@playwright/test';
import { callApi, expect, test } from './console-stack';

/** Methods the page asks the console for, as its WebSocket frames carry them. */
function watchRequests(socket: WebSocket, into: string[]): void {
  socket.on('framesent', (frame) => {
    try {
      const method = (JSON.parse(String(frame.payload)) as { method?: unknown }).method;
      if (typeof method === 'string') into.push(method);
    } catch {
      // not a request
    }
  });
}

test.describe('lists at scale', () => {
  const requests: string[] = [];

  test.beforeEach(async ({ page, stack }) => {
    requests.length = 0;
    page.on('websocket', (socket) => watchRequests(socket, requests));
    await page.goto(stack.harness.url);
    await expect(page.getByTestId('link-state')).toHaveText('Live');
  });

  test('the call history renders only the rows in view and reads older pages, none lost, as it scrolls', async ({ page, stack }) => {
    // 260 calls from strangers yesterday (ringing only: nothing to bill), 20 of them in one millisecond.
    const yesterday = Date.now() - 86_400_000;
    for (let i = 0; i < 260; i++) {
      const at = new Date(i < 20 ? yesterday : yesterday - i * 60_000);
      await stack.ring({ from: `+1415555${String(2000 + i)}`, at });
    }
    // And one ringing right now (ended and its card dismissed below: the stack is shared).
    const ringingNow = await stack.ring({ from: '+14155553000', at: new Date() });
    // The console applies the log in order: once the last call posted is there, all are.
    await expect.poll(async () => (await callApi(stack.core, 'calls.history', { limit: 500 })).some((row) => row.callId === ringingNow.callId), { timeout: 30_000 }).toBe(true);
    const total = (await callApi(stack.core, 'calls.history', { limit: 500 })).length;
    expect(total).toBeGreaterThan(260);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'History', exact: true }).click();
    const table = page.getByTestId('history-table');
    await expect(table).toHaveAttribute('aria-rowcount', String(200 + 1));
    const rendered = table.locator('tbody tr:not(.virtual-spacer)');
    expect(await rendered.count()).toBeLessThan(60);
    // A call still ringing reads Ringing, never Missed; one that rang yesterday and never
    // ended reads as ended without an end time, not as a live or a missed call.
    const stillRinging = rendered.filter({ hasText: '+1 415 555 3000' }).first();
    await expect(stillRinging).toContainText('Ringing');
    await expect(stillRinging).not.toContainText('Missed');
    const neverEnded = rendered.filter({ hasText: /\+1 415 555 20[01]\d/ }).first();
    await expect(neverEnded).toContainText('Ended — no end time received');
    await expect(neverEnded).not.toContainText('Missed');
    await stack.miss(ringingNow);
    await callApi(stack.core, 'card.dismiss', { callId: ringingNow.callId });

    // Scrolling to the end reads the next page on the (start, id) cursor: every call, once.
    const scroller = page.locator('.virtual-scroll');
    await expect(async () => {
      await scroller.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
      await expect(table).toHaveAttribute('aria-rowcount', String(total + 1), { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    expect(await rendered.count()).toBeLessThan(60);
    await page.screenshot({ path: 'test-results/screenshots/history-scrolled.png' });
  });

  test('a ringing call re-reads the history, not the invoices; an ended call re-reads the invoices', async ({ page, stack }) => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Billing', exact: true }).click();
    await page.getByRole('tab', { name: 'Invoices' }).click();
    await expect.poll(() => requests.includes('billing.invoicePage')).toBe(true);
    requests.length = 0;

    const call = await stack.ring({ from: '+14155559876' });
    await expect.poll(async () => (await callApi(stack.core, 'calls.live', {})).some((card) => card.callId === call.callId)).toBe(true);
    await expect(page.getByRole('navigation', { name: 'Main' }).getByLabel(/ringing/)).toBeVisible();
    // The card is pushed after the batch is applied; give a re-read time to show up.
    await page.waitForTimeout(1_000);
    expect(requests.filter((method) => method.startsWith('billing.'))).toEqual([]);

    await stack.miss(call);
    await expect.poll(() => requests.includes('billing.invoicePage')).toBe(true);
  });

  test('the customers list reads page after page as it scrolls past 500, shows how many there are, and reaches every customer', async ({ page, stack }) => {
    // 1,500 customers, three to a name, so page edges fall between customers of the same name.
    const rows = Array.from({ length: 1_500 }, (_, i) => `Crowd ${String(Math.floor(i / 3)).padStart(4, '0')},Crowd Co,+1415556${String(i).padStart(4, '0')}`);
    const report = await callApi(stack.core, 'customers.importCsv', { csv: ['name,company,phones', ...rows].join('\n'), fileName: 'crowd.csv' });
    expect(report.accepted).toBe(1_500);
    await expect.poll(async () => (await callApi(stack.core, 'customers.page', { query: 'crowd', limit: 1 })).total, { timeout: 30_000 }).toBe(1_500);
    const total = (await callApi(stack.core, 'customers.page', { query: '', limit: 1 })).total;
    expect(total).toBeGreaterThan(1_500);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Customers', exact: true }).click();
    await expect(page.getByTestId('customers-count')).toHaveText(`${total.toLocaleString('en-US')} customers`);
    const table = page.getByTestId('customers-table');
    await expect(table).toHaveAttribute('aria-rowcount', String(200 + 1));
    const rendered = table.locator('tbody tr:not(.virtual-spacer)');

    const scroller = page.locator('.virtual-scroll');
    await expect(async () => {
      await scroller.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
      await expect(table).toHaveAttribute('aria-rowcount', String(total + 1), { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    expect(await rendered.count()).toBeLessThan(60);
    // The last customer by name is there at the end, after the 500 the list once stopped at.
    const last = await callApi(stack.core, 'customers.search', { query: 'Crowd 0499', limit: 10 });
    await scroller.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
    await expect(table.getByRole('button', { name: last.at(-1)?.name ?? '' }).last()).toBeVisible();

    // Searching narrows the list and its count alike.
    // (Its digits find the customer whose number has them too.)
    const matching = (await callApi(stack.core, 'customers.page', { query: 'Crowd 0042', limit: 10 })).total;
    expect(matching).toBeGreaterThanOrEqual(3);
    await page.getByLabel('Name, company, email or phone').fill('Crowd 0042');
    await expect(page.getByTestId('customers-count')).toHaveText(`${matching} customers match`);
    await expect(rendered).toHaveCount(matching);
  });

  test('the charges read older pages as they scroll; a new charge comes in on top, the pages read stay and the rows in view stay in view', async ({ page, stack }) => {
    // 130 billed calls from strangers this morning, 30 of them starting in one millisecond.
    const morning = Date.now() - 3 * 3_600_000;
    let lastCallId = '';
    for (let i = 0; i < 130; i++) {
      const call = await stack.ring({ from: `+1415557${String(1000 + i)}`, at: new Date(i < 30 ? morning : morning - i * 60_000) });
      await stack.complete(call, 60);
      lastCallId = call.callId;
    }
    // The console applies the log in order: once the last completion posted is billed, all are
    // (counting to 130 alone passes early when other specs' charges are in the shared stack).
    await expect.poll(async () => (await callApi(stack.core, 'billing.charges', { limit: 1000 })).some((charge) => charge.callId === lastCallId), { timeout: 30_000 }).toBe(true);
    const total = (await callApi(stack.core, 'billing.charges', { limit: 1000 })).length;

    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Billing', exact: true }).click();
    await page.getByRole('tab', { name: 'Charges' }).click();
    const table = page.getByTestId('charges-table');
    await expect(table).toHaveAttribute('aria-rowcount', String(100 + 1));
    const scroller = page.locator('.virtual-scroll', { has: table });
    await expect(async () => {
      await scroller.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
      await expect(table).toHaveAttribute('aria-rowcount', String(total + 1), { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    expect(await table.locator('tbody tr:not(.virtual-spacer)').count()).toBeLessThan(60);

    // The row at the top of the view, and where it is on screen.
    await scroller.evaluate((element) => element.scrollTo({ top: element.scrollHeight / 2 }));
    const rowInView = () =>
      scroller.evaluate((element) => {
        const box = element.getBoundingClientRect();
        const row = element.ownerDocument.elementFromPoint(box.left + 20, box.top + 120)?.closest('tr');
        return { callId: row?.getAttribute('data-call-id') ?? null, top: Math.round((row?.getBoundingClientRect().top ?? 0) - box.top) };
      });
    await page.waitForTimeout(300);
    const before = await rowInView();
    expect(before.callId).not.toBeNull();

    const call = await stack.ring({ from: '+14155579999' });
    await stack.complete(call, 90);
    await expect(table).toHaveAttribute('aria-rowcount', String(total + 2), { timeout: 15_000 });
    await page.waitForTimeout(300);
    const after = await rowInView();
    expect(after.callId).toBe(before.callId);
    expect(Math.abs(after.top - before.top)).toBeLessThan(10);

    // On top, the new charge.
    await scroller.evaluate((element) => element.scrollTo({ top: 0 }));
    await expect(table.locator('[data-testid="charge-row"]').first()).toHaveAttribute('data-call-id', call.callId);
    // It "ends" 95 s from now: dismiss its card, so a later spec's card window (the stack
    // is shared by the spec files) does not find it still lingering.
    await callApi(stack.core, 'card.dismiss', { callId: call.callId });
  });
});
