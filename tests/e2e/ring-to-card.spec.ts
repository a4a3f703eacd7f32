import { cardOf, customers, expect, test } from './console-stack';

test.describe('ring to card', () => {
  test.beforeEach(async ({ page, stack }) => {
    await page.goto(stack.harness.url);
    await expect(page.getByTestId('link-state')).toHaveText('Live');
  });

  test('a subscriber calls: the card shows their name and the hours they have left', async ({ page, stack }) => {
    const call = await stack.ring({ from: customers.grace.phone });
    const card = cardOf(page, call.callId);
    await expect(card).toHaveAttribute('data-phase', 'ringing');
    await expect(card.getByTestId('card-name')).toHaveText('Grace Hopper');
    await expect(card.getByTestId('card-status')).toHaveText('Subscriber');
    await expect(card.getByTestId('card-remaining')).toHaveText('2 h 30 min');
    await page.screenshot({ path: 'test-results/screenshots/ringing-subscriber.png' });
    await stack.miss(call);
    await expect(card).toHaveAttribute('data-phase', 'ended');
  });

  test("when the call ends, its talk time comes off the caller's hours", async ({ page, stack }) => {
    // Rang 12 min 5 s ago, answered after 5 s: it ends now, after 12 minutes of talk.
    const call = await stack.ring({ from: customers.ada.phone, at: new Date(Date.now() - (12 * 60 + 5) * 1000) });
    const card = cardOf(page, call.callId);
    await expect(card.getByTestId('card-name')).toHaveText('Ada Lovelace');
    await expect(card.getByTestId('card-remaining')).toHaveText('2 h 10 min');
    await stack.complete(call, 12 * 60);
    await expect(card).toHaveAttribute('data-phase', 'ended');
    await expect(card.getByTestId('card-remaining')).toHaveText('1 h 58 min');
    await page.screenshot({ path: 'test-results/screenshots/ended-subscriber.png' });
  });

  test('a number no customer has is an unknown caller, pay-per-call', async ({ page, stack }) => {
    const call = await stack.ring({ from: '+14155550100' });
    const card = cardOf(page, call.callId);
    await expect(card).toHaveAttribute('data-phase', 'ringing');
    await expect(card.getByTestId('card-name')).toHaveText('+1 415 555 0100');
    await expect(card.getByTestId('card-status')).toHaveText('Unknown caller');
    await expect(card.getByTestId('card-notice')).toHaveText('Unknown caller — pay-per-call');
    await expect(card.getByTestId('card-remaining')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/screenshots/ringing-unknown.png' });
    await stack.miss(call);
    await expect(card).toHaveAttribute('data-phase', 'ended');
  });

  test('a new-generation call is answered: the card shows it on call with a running timer, then ended', async ({ page, stack }) => {
    // Rang 25 s ago and answered after 5 s (legacy webhooks have no call.answered): 20 s of talk end it now.
    const call = await stack.ring({ from: customers.charles.phone, at: new Date(Date.now() - 25_000), generation: 'standard' });
    const card = cardOf(page, call.callId);
    const phase = card.getByTestId('card-phase');
    await expect(card).toHaveAttribute('data-phase', 'ringing');
    await expect(card.getByTestId('card-name')).toHaveText('Charles Babbage');
    await expect(phase).toHaveText('Ringing…');

    await stack.answer(call);
    await expect(card).toHaveAttribute('data-phase', 'active');
    await expect(phase).toHaveText(/^On call 0:2\d$/);
    const shown = await phase.textContent();
    await expect(phase).not.toHaveText(shown ?? ''); // the timer runs
    await page.screenshot({ path: 'test-results/screenshots/active-new-generation.png' });

    await stack.complete(call, 20);
    await expect(card).toHaveAttribute('data-phase', 'ended');
    await expect(phase).toHaveText('Ended · 20 s');
  });

  test('the connection status says the console is live and when the last event came', async ({ page }) => {
    await expect(page.getByTestId('link-state')).toHaveText('Live');
    await expect(page.getByTestId('last-event')).toHaveText(/^last event (just now|\d+ min ago)$/);
  });
});

test.describe('the caller card window', () => {
  test('shows the ringing call, and hides itself once the call has ended', async ({ page, stack }) => {
    await page.goto(new URL('card.html', stack.harness.url).toString());
    // Rang 40 s ago and answered for 30 s: it ends now, so the window hides within seconds.
    const call = await stack.ring({ from: customers.grace.phone, at: new Date(Date.now() - 40_000) });
    const card = page.getByTestId('caller-card');
    await expect(card).toHaveAttribute('data-call-id', call.callId);
    await expect(card).toHaveAttribute('data-phase', 'ringing');
    await expect(card.getByTestId('card-name')).toHaveText('Grace Hopper');
    await expect(card.getByTestId('card-remaining')).toHaveText('2 h 30 min');
    await page.screenshot({ path: 'test-results/screenshots/card-window-ringing.png' });
    await stack.complete(call, 30);
    await expect(card).toHaveCount(0, { timeout: 20_000 });
  });
});
