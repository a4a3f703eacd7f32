import { readmeScreenshot } from '../support/readme-screenshot';
import { cardOf, customers, expect, test } from './console-stack';

// The README's picture of the console (written to docs/ by `npm run screenshots` only): a
// subscriber ringing at 1280×800. The call is then missed, so it uses none of Ada's hours.
test('the console with a ringing caller card, for the README', async ({ page, stack }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(stack.harness.url);
  await expect(page.getByTestId('link-state')).toHaveText('Live');
  const call = await stack.ring({ from: customers.ada.phone });
  const card = cardOf(page, call.callId);
  await expect(card.getByTestId('card-name')).toHaveText('Ada Lovelace');
  await expect(card.getByTestId('card-remaining')).toBeVisible();
  await readmeScreenshot(page, 'console.png');
  await stack.miss(call);
  await expect(card).toHaveAttribute('data-phase', 'ended');
});
