import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openConsoleDatabase, type ConsoleDatabase } from '../db/open-console-database';
import { applyBatch } from '../projection/apply-event';
import {
  answered,
  completed,
  customerUpserted,
  planDefined,
  planWith,
  policyDefined,
  ringing,
  sequenced,
  subscriptionCancelled,
  subscriptionStarted,
  walletCredited,
} from '../../../tests/support/event-builders';
import { EVENT_MODEL_VERSION, type RingsideEvent } from '../../shared/events/model';
import { loadCallerCard } from './load-caller-card';

const ADA = '+16175550100';
const ADA_MOBILE = '+16175550101';
const NORA = '+16175550122';
const STRANGER = '+14155550199';
const NOW = new Date('2026-03-20T12:00:00Z');

describe('the caller card', () => {
  let db: ConsoleDatabase;
  let nextSeq = 1;
  function apply(...events: RingsideEvent[]): void {
    applyBatch(db, sequenced(events, nextSeq));
    nextSeq += events.length;
  }

  beforeEach(async () => {
    db = await openConsoleDatabase(':memory:');
    nextSeq = 1;
    apply(
      planDefined('p-basic', 'Basic', 9000),
      customerUpserted('c-ada', 'Ada Lovelace', [ADA, ADA_MOBILE], { company: 'Analytical Engines' }),
      subscriptionStarted('s-ada', 'c-ada', 'p-basic', '2026-01-15'),
      customerUpserted('c-nora', 'Nora Quill', [NORA]),
    );
  });
  afterEach(() => db.close());

  it('shows the last text with any of the caller’s numbers and the summary and next steps of their last summarized call', async () => {
    const envelope = (id: string, at: string) => ({ v: EVENT_MODEL_VERSION, id, source: 'openphone' as const, occurredAt: at, receivedAt: at, lines: ['+16175550199'] });
    apply(
      ringing('call-0', ADA_MOBILE, '2026-03-19T09:00:00Z'),
      completed('call-0', ADA_MOBILE, '2026-03-19T09:00:00Z', 120),
      { ...envelope('sum-0', '2026-03-19T09:10:00Z'), type: 'call.summary_ready', data: { callId: 'call-0', summary: ['Asked for a copy of the March invoice'], nextSteps: ['Email the invoice'] } },
      {
        ...envelope('msg-1', '2026-03-19T10:00:00Z'),
        type: 'message.recorded',
        data: {
          messageId: 'openphone:MS1',
          direction: 'incoming',
          businessNumber: '+16175550199',
          from: ADA_MOBILE,
          participants: [ADA_MOBILE],
          body: 'Got the invoice, thanks',
          media: [],
          status: 'received',
          errorCode: null,
          sentAt: '2026-03-19T10:00:00.000Z',
          providerConversationId: null,
          userId: null,
          campaignId: null,
          healthCheck: false,
        },
      },
      ringing('call-1', ADA, '2026-03-20T11:40:00Z'),
    );
    const card = await loadCallerCard(db, 'call-1', NOW);
    expect(card?.lastMessage).toEqual({ conversationKey: `+16175550199|${ADA_MOBILE}`, direction: 'incoming', preview: 'Got the invoice, thanks', at: '2026-03-19T10:00:00.000Z' });
    expect(card?.lastCallSummary).toEqual({ callId: 'call-0', startedAt: '2026-03-19T09:00:00.000Z', summary: ['Asked for a copy of the March invoice'], nextSteps: ['Email the invoice'] });
    apply(ringing('call-2', STRANGER, '2026-03-20T11:45:00Z'));
    expect(await loadCallerCard(db, 'call-2', NOW)).toMatchObject({ lastMessage: null, lastCallSummary: null });
  });

  it('a subscriber with 2.5 h left calling for 20 minutes leaves 2 h 10 min', async () => {
    apply(ringing('call-1', ADA, '2026-03-20T11:40:00Z'));
    const atRing = await loadCallerCard(db, 'call-1', NOW);
    expect(atRing).toMatchObject({
      phase: 'ringing',
      status: 'subscriber',
      customer: { id: 'c-ada', name: 'Ada Lovelace', company: 'Analytical Engines' },
      plan: { id: 'p-basic', name: 'Basic', includedSeconds: 9000, period: 'monthly' },
      remainingSeconds: 9000,
      notice: 'Subscriber calling — 2 h 30 min remaining',
      durationSeconds: null,
      pinned: false,
    });
    // Her subscription's invoices are unpaid: nothing has synced them to QuickBooks yet.
    expect(atRing?.openInvoices.map((i) => [i.invoiceId, i.balanceMinor])).toEqual([
      ['sub:s-ada:2026-03-15', 19_900],
      ['sub:s-ada:2026-02-15', 19_900],
      ['sub:s-ada:2026-01-15', 19_900],
    ]);

    apply(completed('call-1', ADA, '2026-03-20T11:40:00Z', 20 * 60));
    const atEnd = await loadCallerCard(db, 'call-1', NOW);
    expect(atEnd).toMatchObject({ phase: 'ended', durationSeconds: 1200, remainingSeconds: 7800, notice: 'Subscriber calling — 2 h 10 min remaining' });
  });

  it('an answered call is active from its answer until it ends', async () => {
    apply(ringing('call-1', ADA, '2026-03-20T11:58:00Z'), answered('call-1', ADA, '2026-03-20T11:58:00Z', 12));
    expect(await loadCallerCard(db, 'call-1', NOW)).toMatchObject({
      phase: 'active',
      startedAt: '2026-03-20T11:58:00.000Z',
      answeredAt: '2026-03-20T11:58:12.000Z',
      endedAt: null,
      durationSeconds: null,
      remainingSeconds: 9000,
    });

    apply(completed('call-1', ADA, '2026-03-20T11:58:00Z', 60));
    expect(await loadCallerCard(db, 'call-1', NOW)).toMatchObject({ phase: 'ended', durationSeconds: 60, remainingSeconds: 9000 - 60 });
  });

  it('counts the calls from every number of the customer, in this period only', async () => {
    apply(
      completed('old', ADA, '2026-03-10T09:00:00Z', 3600), // previous period (started Feb 15)
      completed('mobile', ADA_MOBILE, '2026-03-16T09:00:00Z', 1800),
      ringing('now', ADA, '2026-03-20T11:59:00Z'),
    );
    expect((await loadCallerCard(db, 'now', NOW))?.remainingSeconds).toBe(9000 - 1800);
  });

  it('tells the agent an unknown number pays per call', async () => {
    apply(ringing('call-x', STRANGER, '2026-03-20T11:59:00Z'));
    expect(await loadCallerCard(db, 'call-x', NOW)).toMatchObject({
      status: 'unknown',
      customer: null,
      plan: null,
      remainingSeconds: null,
      notice: 'Unknown caller — pay-per-call',
    });
  });

  it('tells the agent a known customer without a subscription will be billed', async () => {
    apply(ringing('call-n', NORA, '2026-03-20T11:59:00Z'));
    expect(await loadCallerCard(db, 'call-n', NOW)).toMatchObject({
      status: 'non_subscriber',
      customer: { id: 'c-nora', name: 'Nora Quill', company: null },
      plan: null,
      remainingSeconds: null,
      notice: 'Non-subscriber calling — will be billed',
    });
  });

  it('treats a subscription that starts in the future as no subscription yet', async () => {
    apply(subscriptionStarted('s-nora', 'c-nora', 'p-basic', '2026-04-01'), ringing('call-n', NORA, '2026-03-20T11:59:00Z'));
    expect((await loadCallerCard(db, 'call-n', NOW))?.status).toBe('non_subscriber');
  });

  it('shows the last 3 calls of the customer, newest first, without this one', async () => {
    apply(
      completed('c1', ADA, '2026-03-01T09:00:00Z', 60),
      completed('c2', ADA_MOBILE, '2026-03-02T09:00:00Z', 0, { answered: false }),
      completed('c3', ADA, '2026-03-03T09:00:00Z', 120),
      completed('c4', ADA, '2026-03-04T09:00:00Z', 180),
      completed('other', NORA, '2026-03-05T09:00:00Z', 240),
      ringing('now', ADA, '2026-03-20T11:59:00Z'),
    );
    const card = await loadCallerCard(db, 'now', NOW);
    expect(card?.recentCalls).toEqual([
      { callId: 'c4', startedAt: '2026-03-04T09:00:00.000Z', durationSeconds: 180, answered: true },
      { callId: 'c3', startedAt: '2026-03-03T09:00:00.000Z', durationSeconds: 120, answered: true },
      { callId: 'c2', startedAt: '2026-03-02T09:00:00.000Z', durationSeconds: 0, answered: false },
    ]);
  });

  it('shows the most recently updated customer of a shared number, and says it is shared', async () => {
    apply(customerUpserted('c-ann', 'Ann Office', [NORA]), ringing('call-s', NORA, '2026-03-20T11:59:00Z'));
    expect(await loadCallerCard(db, 'call-s', NOW)).toMatchObject({
      customer: { id: 'c-ann', name: 'Ann Office' },
      notice: 'Non-subscriber calling — will be billed (number shared with 1 other customer)',
    });
  });

  it('has no card for a call it has never heard of', async () => {
    expect(await loadCallerCard(db, 'nope', NOW)).toBeNull();
  });

  it('says a cancelled subscription has expired and the caller now pays per call', async () => {
    apply(subscriptionCancelled('s-ada', '2026-03-18', '2026-03-10T00:00:00Z'), ringing('call-1', ADA, '2026-03-20T11:59:00Z'));
    expect(await loadCallerCard(db, 'call-1', NOW)).toMatchObject({
      status: 'non_subscriber',
      plan: null,
      remainingSeconds: null,
      notice: 'Subscription expired — switching to pay-per-call',
      billing: { subscription: { state: 'expired' }, rate: { kind: 'pay_per_call', amountMinor: 300, per: 'minute' }, banners: ['Subscription expired — switching to pay-per-call'] },
    });
  });

  it('shows a subscriber’s time, overage rate and rounding for the live "if it ended now" line', async () => {
    apply(
      planWith('p-six', { includedSeconds: 3600, incrementSeconds: 360, overageRatePerHourMinor: 12000 }),
      subscriptionStarted('s-nora', 'c-nora', 'p-six', '2026-03-01'),
      ringing('call-n', NORA, '2026-03-20T11:59:00Z'),
    );
    expect((await loadCallerCard(db, 'call-n', NOW))?.billing).toEqual({
      subscription: { state: 'active', periodStartsOn: '2026-03-01', periodEndsOn: '2026-04-01', availableSeconds: 3600, rolloverSeconds: 0 },
      wallet: null,
      rate: { kind: 'overage', amountMinor: 12000, per: 'hour', perCallFeeMinor: 0, currency: 'USD' },
      rounding: { incrementSeconds: 360, minimumBillableSeconds: 0, graceSeconds: 0 },
      banners: [],
    });
  });

  it('warns of a low wallet, then of an exhausted one', async () => {
    apply(walletCredited('top-1', 'c-nora', 1200, { at: '2026-03-01T00:00:00Z' }), ringing('call-n', NORA, '2026-03-20T11:00:00Z'));
    expect((await loadCallerCard(db, 'call-n', NOW))?.billing.banners).toEqual(['Low balance: $12.00 left']);
    apply(completed('call-n', NORA, '2026-03-20T11:00:00Z', 10 * 60));
    expect((await loadCallerCard(db, 'call-n', NOW))?.billing).toMatchObject({ wallet: { balanceMinor: 0, exhausted: true }, banners: ['Balance exhausted'] });
  });

  it('tells the agent of a wallet gone below zero under allow_negative', async () => {
    apply(policyDefined({ walletDryPolicy: 'allow_negative' }, '2026-03-01T00:00:00Z'), walletCredited('top-1', 'c-nora', 300, { at: '2026-03-01T00:00:00Z' }), completed('call-n', NORA, '2026-03-20T11:00:00Z', 5 * 60));
    expect((await loadCallerCard(db, 'call-n', NOW))?.billing.wallet).toEqual({ balanceMinor: -1200, currency: 'USD', low: true, exhausted: true, planCredit: null });
  });
});
