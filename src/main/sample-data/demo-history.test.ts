import { describe, expect, it } from 'vitest';
import { planSchema } from '../../shared/billing/catalog';
import { demoHistory } from './demo-history';

const now = new Date('2026-12-01T15:00:00Z');
const line = '+16175550199';

describe('the demo history', () => {
  const history = demoHistory({ line, now, voicemailUrl: (callId) => `http://127.0.0.1:9/voicemails/${callId}.mp3` });
  const events = history.webhooks.map((body) => JSON.parse(body) as { id: string; type: string; createdAt: string; data: { object: Record<string, unknown> } });
  const ringing = events.filter((e) => e.type === 'call.ringing');

  it('is the same every time for the same seed and day, and its ids never repeat', () => {
    expect(demoHistory({ line, now: new Date('2026-12-01T09:00:00Z') }).webhooks.map((b) => JSON.parse(b).id)).toEqual(demoHistory({ line, now }).webhooks.map((b) => JSON.parse(b).id));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(new Set(history.consoleEvents.map((e) => e.id)).size).toBe(history.consoleEvents.length);
  });

  it('has four months of calls, mostly in business hours on weekdays, some after hours and at weekends, all before today', () => {
    const startedAt = ringing.map((e) => new Date(e.createdAt));
    expect(Math.min(...startedAt.map(Number))).toBeLessThan(now.getTime() - 110 * 86_400_000);
    expect(Math.max(...events.map((e) => Date.parse(e.createdAt)))).toBeLessThan(now.getTime());
    const inHours = startedAt.filter((d) => d.getUTCDay() % 6 !== 0 && d.getUTCHours() >= 8 && d.getUTCHours() < 18);
    expect(inHours.length / startedAt.length).toBeGreaterThan(0.8);
    expect(startedAt.length - inHours.length).toBeGreaterThan(30);
    expect(history.counts.calls).toBe(ringing.length);
  });

  it('has missed calls, voicemails on the media host, transcripts, texts and a campaign', () => {
    const completions = events.filter((e) => e.type === 'call.completed').map((e) => e.data.object);
    expect(completions.filter((c) => c['answeredAt'] === null).length).toBe(history.counts.missed);
    expect(completions.filter((c) => c['voicemail'] !== null).every((c) => String((c['voicemail'] as { url: string }).url).startsWith('http://127.0.0.1:9/voicemails/'))).toBe(true);
    expect(history.counts.voicemails).toBeGreaterThan(10);
    expect(events.filter((e) => e.type === 'call.transcript.completed').length).toBeGreaterThan(20);
    const campaign = events.filter((e) => e.type === 'message.delivered' && String(e.data.object['body']).startsWith('Our support hours change'));
    expect(campaign.length).toBe(20);
  });

  it('leaves invoices paid, overdue and this month’s as drafts, and tops up wallets', () => {
    const byType = (type: string) => history.consoleEvents.filter((e) => e.type === type);
    const synced = byType('invoice.synced').map((e) => (e.data as { invoiceKey: string }).invoiceKey);
    const paid = new Set(byType('payment.recorded').flatMap((e) => (e.data as { appliedTo: { invoiceKey: string }[] }).appliedTo.map((a) => a.invoiceKey)));
    expect(paid.size).toBeGreaterThan(20);
    const overdue = synced.filter((key) => !paid.has(key));
    expect(overdue.length).toBeGreaterThan(3);
    expect(synced.some((key) => key.endsWith(':2026-12-01'))).toBe(false);
    expect(byType('wallet.credited').length).toBeGreaterThan(5);
    expect(history.consoleEvents.every((e) => Date.parse(e.occurredAt) <= now.getTime())).toBe(true);
  });

  it('has a Growth plan with $50 of call credit each month and an Enterprise plan the AI agent always serves, a customer on each', () => {
    const plans = history.consoleEvents.filter((e) => e.type === 'plan.defined').map((e) => planSchema.parse(e.data));
    expect(plans.find((plan) => plan.planId === 'growth')).toMatchObject({ name: 'Growth', priceMinor: 19_900, periodGrant: { amountMinor: 5_000, expiresAfterDays: null }, balanceExempt: false });
    expect(plans.find((plan) => plan.planId === 'enterprise')).toMatchObject({ name: 'Enterprise', periodGrant: null, balanceExempt: true });
    const subscribed = history.consoleEvents.filter((e) => e.type === 'subscription.started').map((e) => (e.data as { planId: string }).planId);
    expect(subscribed.sort()).toEqual(['enterprise', 'growth']);
  });
});
