import { expect, test } from './console-stack';

test('importing a customers CSV keeps the good rows and names the bad one by its line', async ({ page, stack }) => {
  await page.goto(stack.harness.url);
  await page.getByRole('button', { name: 'Customers' }).click();
  await page.getByLabel('Import CSV').setInputFiles({
    name: 'new-customers.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      [
        'name,company,phones',
        'Katherine Johnson,Langley Research,+1 757 555 0101',
        'Nobody Reachable,Nowhere Inc,not a number',
        'Dorothy Vaughan,Langley Research,757-555-0102',
      ].join('\n'),
    ),
  });
  const report = page.getByTestId('import-report');
  await expect(report.getByTestId('import-accepted')).toHaveText('2 customers imported from new-customers.csv.');
  await expect(report.getByTestId('import-rejected').locator('li')).toHaveCount(1);
  await expect(report.getByTestId('import-rejected')).toContainText('Line 3:');
  await page.screenshot({ path: 'test-results/screenshots/customers-import.png' });

  await page.getByLabel('Name, company, email or phone').fill('Langley');
  await expect(page.getByTestId('customers-table').locator('tbody tr')).toHaveCount(2);
});
