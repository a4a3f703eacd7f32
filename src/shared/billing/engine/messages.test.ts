import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planSchema } from '../catalog';
import type { MessageRecordedData, RingsideEvent } from '../../events/model';
import { callCorrected, customerUpserted, planWith, policyDefined, rateCardDefined, subscriptionWith, talked, walletCredited } from '../../../../tests/support/event-builders';
import { MemoryLedger } from '../../../../tests/support/memory-ledger';
import { texted } from '../../../../tests/support/message-builders';
import type { InvoiceLineRecord, InvoiceRecord } from './records';

/** docs/billing.md "Messages": texts as billable usage, rated by the same engine, on the same invoices. */

const ADA = '+16175550100';
const NORA = '+16175550122';
const STRANGER = '+14155550199';

/** The engine over a log, remembering the latest version of every invoice and invoice line it wrote. */
class Books {
  readonly ledger = new MemoryLedger();
  private readonly invoices = new Map<string, InvoiceRecord>();
  private readonly lines = new Map<string, InvoiceLineRecord>();

  apply(...events: RingsideEvent[]): this {
    const effects = this.ledger.apply(...events);
    for (const invoice of effects.invoices) this.invoices.set(invoice.invoiceKey, invoice);
    for (const line of effects.invoiceLines) this.lines.set(`${line.invoiceKey}#${line.lineNo}`, line);
    return this;
  }

  invoice(key: string): InvoiceRecord | undefined {
    return this.invoices.get(key);
  }

  linesOf(key: string): InvoiceLineRecord[] {
    return [...this.lines.values()].filter((l) => l.invoiceKey === key).sort((a, b) => a.lineNo - b.lineNo);
  }

  charges() {
    return this.ledger.charges.all();
  }

  textCharges() {
    return this.charges().filter((c) => c.callId.startsWith('message:'));
  }
}

type Messaging = NonNullable<ReturnType<typeof planSchema.parse>['messaging']>;

function adaSubscribes(messaging: Partial<Messaging>, startDate = '2026-01-01'): Books {
  return new Books().apply(
    planWith('texts', { includedSeconds: 3600, messaging: { includedIncoming: 0, includedOutgoing: 0, incomingRateMinor: 0, outgoingRateMinor: 0, ...messaging } }),
    customerUpserted('c-ada', 'Ada', [ADA]),
    subscriptionWith('s-ada', 'c-ada', 'texts', startDate),
  );
}

function outgoing(count: number, to: string, day = '2026-01-10', first = 1): RingsideEvent[] {
  return Array.from({ length: count }, (_, i) => texted(`M${first + i}`, 'outgoing', to, `${day}T10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z`, 'delivered'));
}

describe('texts on a plan', () => {
  it('a plan with 100 included texts bills the 101st outgoing at $0.05, on the same usage invoice as call time', () => {
    const books = adaSubscribes({ includedOutgoing: 100, outgoingRateMinor: 5 });
    books.apply(...outgoing(101, ADA), talked('call-1', ADA, '2026-01-12T10:00:00Z', 61 * 60));
    const texts = books.textCharges();
    expect(texts).toHaveLength(101);
    expect(texts.slice(0, 100).every((c) => c.lines.length === 1 && c.lines[0]!.bucket === 'message_included' && c.totalMinor === 0)).toBe(true);
    expect(texts[99]!.trace).toEqual([`Text sent to ${ADA}`, 'included text 100 of 100 sent this period; 0 left']);
    expect(texts[100]).toMatchObject({
      lines: [{ bucket: 'message_overage', amountMinor: 5, currency: 'USD' }],
      totalMinor: 5,
      owedMinor: 5,
      invoiceKey: 'usage:c-ada:2026-01-01',
      trace: [`Text sent to ${ADA}`, 'beyond the 100 included texts sent this period: $0.05'],
    });
    // One minute past the included hour at the rate card's $3.00 a minute, beside the text.
    expect(books.linesOf('usage:c-ada:2026-01-01')).toEqual([
      expect.objectContaining({ description: 'Overage, text messages sent: 1 × $0.05', quantity: '1', unit: 'each', unitPriceMinor: 5, amountMinor: 5 }),
      expect.objectContaining({ description: 'Overage, call of 2026-01-12', quantity: '1', unit: 'minute', amountMinor: 300 }),
    ]);
    expect(books.invoice('usage:c-ada:2026-01-01')).toMatchObject({ kind: 'usage', status: 'draft', subtotalMinor: 305, totalMinor: 305 });
  });

  it('texts beyond the included ones share one invoice line that counts them: 12 × $0.05 = $0.60, taxed once on the line', () => {
    const books = adaSubscribes({ includedOutgoing: 0, outgoingRateMinor: 5 });
    books.apply(policyDefined({ taxBasisPoints: { overage: 825 } }), ...outgoing(12, ADA));
    const [line] = books.linesOf('usage:c-ada:2026-01-01');
    // 60 × 8.25 % = 4.95 → 5 (half-even), not 12 × round(0.4125) = 0.
    expect(line).toMatchObject({ description: 'Overage, text messages sent: 12 × $0.05', quantity: '12', amountMinor: 60, taxMinor: 5 });
    expect(books.invoice('usage:c-ada:2026-01-01')).toMatchObject({ subtotalMinor: 60, taxMinor: 5, totalMinor: 65 });
  });

  it('inbound and outbound are counted separately: each has its own included texts and its own rate', () => {
    const books = adaSubscribes({ includedIncoming: 1, includedOutgoing: 1, incomingRateMinor: 2, outgoingRateMinor: 5 });
    books.apply(
      texted('IN1', 'incoming', ADA, '2026-01-10T10:00:00Z', 'received'),
      texted('OUT1', 'outgoing', ADA, '2026-01-10T10:01:00Z', 'delivered'),
      texted('IN2', 'incoming', ADA, '2026-01-10T10:02:00Z', 'received'),
      texted('IN3', 'incoming', ADA, '2026-01-10T10:03:00Z', 'received'),
      texted('OUT2', 'outgoing', ADA, '2026-01-10T10:04:00Z', 'sent'),
    );
    expect(books.textCharges().map((c) => [c.lines[0]!.bucket, c.totalMinor])).toEqual([
      ['message_included', 0],
      ['message_included', 0],
      ['message_overage', 2],
      ['message_overage', 2],
      ['message_overage', 5],
    ]);
    expect(books.textCharges()[0]!.trace).toEqual([`Text received from ${ADA}`, 'included text 1 of 1 received this period; 0 left']);
    expect(books.linesOf('usage:c-ada:2026-01-01').map((l) => l.description)).toEqual(['Overage, text messages received: 2 × $0.02', 'Overage, text messages sent: 1 × $0.05']);
  });

  it('the included texts come back with each new period; unused ones do not roll over', () => {
    const books = adaSubscribes({ includedOutgoing: 2, outgoingRateMinor: 5 });
    books.apply(...outgoing(1, ADA, '2026-01-10'));
    expect(books.ledger.view('c-ada', '2026-01-20T00:00:00Z').subscription?.includedTexts).toEqual({ sent: { used: 1, included: 2 }, received: { used: 0, included: 0 } });
    expect(books.ledger.view('c-ada', '2026-02-02T00:00:00Z').subscription?.includedTexts).toEqual({ sent: { used: 0, included: 2 }, received: { used: 0, included: 0 } });
    books.apply(...outgoing(2, ADA, '2026-02-10', 10));
    expect(books.textCharges().map((c) => c.lines[0]!.bucket)).toEqual(['message_included', 'message_included', 'message_included']);
    books.apply(...outgoing(1, ADA, '2026-02-11', 20));
    expect(books.textCharges()[3]).toMatchObject({ totalMinor: 5, invoiceKey: 'usage:c-ada:2026-02-01' });
  });

  it('the example of docs/billing.md: 103 texts sent, 1 received, the 102nd failing after it was billed', () => {
    const books = adaSubscribes({ includedOutgoing: 100, outgoingRateMinor: 5, incomingRateMinor: 2 });
    books.apply(...outgoing(103, ADA), texted('IN1', 'incoming', ADA, '2026-01-12T10:00:00Z', 'received'));
    books.apply(texted('M102', 'outgoing', ADA, '2026-01-10T10:01:41Z', 'failed', { receivedAt: '2026-01-12T11:00:00Z' }));
    expect(books.linesOf('usage:c-ada:2026-01-01').map((l) => [l.description, l.amountMinor])).toEqual([
      ['Overage, text messages sent: 2 × $0.05', 10],
      ['Overage, text messages received: 1 × $0.02', 2],
    ]);
  });

  it('a customer whose texts are not metered gets no billing account from texting', () => {
    const books = new Books().apply(customerUpserted('c-nora', 'Nora', [NORA]), ...outgoing(2, NORA));
    expect(books.ledger.book.accounts.has('c-nora')).toBe(false);
    expect(books.textCharges()).toEqual([]);
  });

  it('a plan defined before texts were billed (no messaging part) reads unchanged, and its texts are free: no charge is written', () => {
    const stored = { planId: 'old', name: 'Old', period: 'monthly', priceMinor: 19900, currency: 'USD', includedSeconds: 3600 };
    expect(planSchema.parse(stored).messaging).toBeNull();
    const books = new Books().apply(planWith('old', { includedSeconds: 3600 }), customerUpserted('c-ada', 'Ada', [ADA]), subscriptionWith('s-ada', 'c-ada', 'old', '2026-01-01'));
    books.apply(...outgoing(3, ADA), texted('IN1', 'incoming', ADA, '2026-01-10T11:00:00Z', 'received'));
    expect(books.textCharges()).toEqual([]);
  });
});

describe('each text counts once, by its final status', () => {
  it('a delivered message recorded twice (sent, then delivered, then delivered again) is billed once', () => {
    const books = adaSubscribes({ outgoingRateMinor: 5 });
    books.apply(
      texted('M1', 'outgoing', ADA, '2026-01-10T10:00:00Z', 'queued'),
      texted('M1', 'outgoing', ADA, '2026-01-10T10:00:00Z', 'sent', { receivedAt: '2026-01-10T10:00:01Z' }),
      texted('M1', 'outgoing', ADA, '2026-01-10T10:00:00Z', 'delivered', { receivedAt: '2026-01-10T10:00:05Z' }),
      texted('M1', 'outgoing', ADA, '2026-01-10T10:00:00Z', 'delivered', { receivedAt: '2026-01-10T10:03:00Z' }),
    );
    expect(books.textCharges()).toHaveLength(1);
    expect(books.linesOf('usage:c-ada:2026-01-01')).toEqual([expect.objectContaining({ quantity: '1', amountMinor: 5 })]);
  });

  it('a failed message is not billed; one that fails after being billed is reversed and its line counts one text less', () => {
    const books = adaSubscribes({ outgoingRateMinor: 5 });
    books.apply(
      texted('M1', 'outgoing', ADA, '2026-01-10T10:00:00Z', 'failed'),
      texted('M2', 'outgoing', ADA, '2026-01-10T10:01:00Z', 'sent'),
      texted('M3', 'outgoing', ADA, '2026-01-10T10:02:00Z', 'delivered'),
    );
    expect(books.linesOf('usage:c-ada:2026-01-01')).toEqual([expect.objectContaining({ description: 'Overage, text messages sent: 2 × $0.05', amountMinor: 10 })]);
    books.apply(texted('M2', 'outgoing', ADA, '2026-01-10T10:01:00Z', 'undelivered', { receivedAt: '2026-01-10T10:05:00Z' }));
    const [failed, billed, other, reversal, unbilled] = books.textCharges();
    expect(failed).toMatchObject({ lines: [], totalMinor: 0, trace: [`Text sent to ${ADA} — failed, not billed`] });
    expect(other).toMatchObject({ totalMinor: 5, reversedByChargeId: null });
    expect(billed).toMatchObject({ totalMinor: 5, reversedByChargeId: reversal!.chargeId });
    expect(reversal).toMatchObject({ reversesChargeId: billed!.chargeId, totalMinor: -5, lines: [{ bucket: 'message_overage', amountMinor: -5 }], trace: ['Reported undelivered after it was billed', `reverses ${billed!.chargeId}`] });
    expect(unbilled).toMatchObject({ lines: [], totalMinor: 0 });
    expect(books.linesOf('usage:c-ada:2026-01-01')).toEqual([expect.objectContaining({ description: 'Overage, text messages sent: 1 × $0.05', quantity: '1', amountMinor: 5 })]);
    expect(books.invoice('usage:c-ada:2026-01-01')).toMatchObject({ subtotalMinor: 5 });
  });

  it('an included text that fails after it was counted goes back to the included texts', () => {
    const books = adaSubscribes({ includedOutgoing: 1, outgoingRateMinor: 5 });
    books.apply(
      texted('M1', 'outgoing', ADA, '2026-01-10T10:00:00Z', 'sent'),
      texted('M1', 'outgoing', ADA, '2026-01-10T10:00:00Z', 'failed', { receivedAt: '2026-01-10T10:00:09Z' }),
      texted('M2', 'outgoing', ADA, '2026-01-10T10:01:00Z', 'delivered'),
    );
    const texts = books.textCharges();
    expect(texts[1]!.trace).toEqual(['Reported failed after it was billed', `reverses ${texts[0]!.chargeId}: 1 text back to the included texts`]);
    expect(texts[3]).toMatchObject({ lines: [{ bucket: 'message_included' }], totalMinor: 0 });
  });

  it('a "sent" record arriving after the failure bills nothing; a later "delivered" does', () => {
    const books = adaSubscribes({ outgoingRateMinor: 5 });
    books.apply(
      texted('M1', 'outgoing', ADA, '2026-01-10T10:00:00Z', 'failed'),
      texted('M1', 'outgoing', ADA, '2026-01-10T10:00:00Z', 'sent', { receivedAt: '2026-01-10T10:00:02Z' }),
    );
    expect(books.textCharges().map((c) => c.totalMinor)).toEqual([0]);
    books.apply(texted('M1', 'outgoing', ADA, '2026-01-10T10:00:00Z', 'delivered', { receivedAt: '2026-01-10T10:10:00Z' }));
    expect(books.textCharges().map((c) => c.totalMinor)).toEqual([0, 5]);
    expect(books.textCharges()[1]!.trace[0]).toBe('Reported delivered after it had failed');
  });

  it('a text that fails after its invoice was sent is credited on the next usage invoice, on a line of its own', () => {
    const books = adaSubscribes({ outgoingRateMinor: 5 });
    books.apply(...outgoing(3, ADA, '2026-01-30'));
    books.apply(...outgoing(1, ADA, '2026-02-10', 10));
    expect(books.invoice('usage:c-ada:2026-01-01')).toMatchObject({ status: 'ready', subtotalMinor: 15 });
    books.apply(texted('M2', 'outgoing', ADA, '2026-01-30T10:00:01Z', 'failed', { receivedAt: '2026-02-10T11:00:00Z' }));
    expect(books.invoice('usage:c-ada:2026-01-01')).toMatchObject({ subtotalMinor: 15 });
    expect(books.linesOf('usage:c-ada:2026-02-01').map((l) => [l.description, l.amountMinor])).toEqual([
      ['Overage, text messages sent: 1 × $0.05', 5],
      ['Overage, text messages sent, credit for texts that failed after they were billed: -1 × $0.05', -5],
    ]);
    expect(books.invoice('usage:c-ada:2026-02-01')).toMatchObject({ subtotalMinor: 0 });
  });

  it('a call correction naming a text changes nothing', () => {
    const books = adaSubscribes({ outgoingRateMinor: 5 });
    books.apply(...outgoing(1, ADA));
    const [charge] = books.textCharges();
    books.apply(callCorrected(charge!.callId, 600, '2026-01-11T00:00:00Z'));
    expect(books.charges()).toHaveLength(1);
  });
});

describe('who pays for a text', () => {
  it('an outgoing group text counts once per recipient, each billed to the recipient’s customer; an unknown recipient is never billed', () => {
    const books = adaSubscribes({ outgoingRateMinor: 5 });
    books.apply(customerUpserted('c-nora', 'Nora', [NORA]), rateCardDefined({ messaging: { incomingRateMinor: 1, outgoingRateMinor: 3 } }));
    books.apply(texted('G1', 'outgoing', [ADA, NORA, STRANGER], '2026-01-10T10:00:00Z', 'delivered'));
    expect(books.textCharges().map((c) => [c.billedCustomerId, c.number, c.totalMinor])).toEqual([
      ['c-ada', ADA, 5],
      ['c-nora', NORA, 3],
    ]);
    // An incoming group text is the sender's.
    books.apply(texted('G2', 'incoming', NORA, '2026-01-10T10:05:00Z', 'received'));
    expect(books.textCharges()[2]).toMatchObject({ billedCustomerId: 'c-nora', totalMinor: 1 });
    expect(books.linesOf('usage:c-nora:2026-01-01').map((l) => l.description)).toEqual(['Text messages sent: 1 × $0.03', 'Text messages received: 1 × $0.01']);
  });

  it('a customer without a subscription pays the rate card’s per-text rate, from the wallet while it has enough', () => {
    const books = new Books().apply(
      rateCardDefined({ messaging: { incomingRateMinor: 0, outgoingRateMinor: 4 } }),
      customerUpserted('c-nora', 'Nora', [NORA]),
      walletCredited('top-1', 'c-nora', 10, { at: '2026-01-02T00:00:00Z' }),
    );
    books.apply(...outgoing(3, NORA), texted('IN1', 'incoming', NORA, '2026-01-10T11:00:00Z', 'received'));
    const texts = books.textCharges();
    expect(texts.map((c) => [c.lines[0]!.bucket, c.lines[0]!.amountMinor, c.owedMinor])).toEqual([
      ['message_wallet', 4, 0],
      ['message_wallet', 4, 0],
      ['message_pay_per_use', 4, 4],
      ['message_pay_per_use', 0, 0],
    ]);
    expect(texts[0]!.trace).toEqual([`Text sent to ${NORA}; no subscription: pay-per-text`, 'from the wallet at $0.04 a text; $0.06 left']);
    expect(books.ledger.view('c-nora', '2026-01-11T00:00:00Z').wallet?.balanceMinor).toBe(2);
    expect(books.linesOf('usage:c-nora:2026-01-01')).toEqual([expect.objectContaining({ description: 'Text messages sent: 1 × $0.04', amountMinor: 4 })]);
  });

  it('a text that fails after the wallet paid for it gives the money back to the wallet', () => {
    const books = new Books().apply(
      rateCardDefined({ messaging: { incomingRateMinor: 0, outgoingRateMinor: 4 } }),
      customerUpserted('c-nora', 'Nora', [NORA]),
      walletCredited('top-1', 'c-nora', 100, { at: '2026-01-02T00:00:00Z' }),
      texted('M1', 'outgoing', NORA, '2026-01-10T10:00:00Z', 'sent'),
      texted('M1', 'outgoing', NORA, '2026-01-10T10:00:00Z', 'failed', { receivedAt: '2026-01-10T10:01:00Z' }),
    );
    expect(books.ledger.view('c-nora', '2026-01-11T00:00:00Z').wallet?.balanceMinor).toBe(100);
    expect(books.textCharges()[1]!.trace[1]).toBe(`reverses ${books.textCharges()[0]!.chargeId}: $0.04 back to the wallet`);
  });

  it('a text is placed in its period by when it was sent: one sent at 23:59 on Jan 31 and recorded delivered after midnight counts against January', () => {
    const books = adaSubscribes({ includedOutgoing: 1, outgoingRateMinor: 5 });
    books.apply(
      texted('LATE', 'outgoing', ADA, '2026-01-31T23:59:00Z', 'delivered', { receivedAt: '2026-02-01T00:10:00Z' }),
      texted('FEB', 'outgoing', ADA, '2026-02-01T09:00:00Z', 'delivered'),
    );
    expect(books.textCharges().map((c) => [c.lines[0]!.bucket, c.totalMinor])).toEqual([
      ['message_included', 0],
      ['message_included', 0],
    ]);
  });

  it('with per-call invoicing, texts still go on a monthly usage invoice rather than one invoice each', () => {
    const books = adaSubscribes({ outgoingRateMinor: 5 });
    books.apply(policyDefined({ invoicing: { mode: 'per_call' } }), ...outgoing(2, ADA));
    expect(books.textCharges().map((c) => c.invoiceKey)).toEqual(['usage:c-ada:2026-01-01', 'usage:c-ada:2026-01-01']);
    expect(books.linesOf('usage:c-ada:2026-01-01')).toEqual([expect.objectContaining({ quantity: '2', amountMinor: 10 })]);
  });
});

describe('whatever a text’s records say, in whatever order', () => {
  const PHONES = [ADA, NORA, STRANGER];
  const recordArb = fc.record({ message: fc.integer({ min: 0, max: 7 }), status: fc.constantFrom('queued', 'sent', 'delivered', 'received', 'failed', 'undelivered') as fc.Arbitrary<MessageRecordedData['status']> });

  it('each text is billed at most once, its invoice line counts the texts billed and not reversed, and wallet and included texts add up', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 40 }), (records) => {
        const books = new Books().apply(
          rateCardDefined({ messaging: { incomingRateMinor: 1, outgoingRateMinor: 4 } }),
          planWith('texts', { includedSeconds: 0, messaging: { includedOutgoing: 2, includedIncoming: 1, outgoingRateMinor: 5, incomingRateMinor: 2 } }),
          customerUpserted('c-ada', 'Ada', [ADA]),
          customerUpserted('c-nora', 'Nora', [NORA]),
          subscriptionWith('s-ada', 'c-ada', 'texts', '2026-01-01'),
          walletCredited('top-1', 'c-nora', 10, { at: '2026-01-02T00:00:00Z' }),
        );
        // What each text should end as: billed once a billable record comes (a late "sent" after a failure aside), unbilled by a failure.
        const billed = new Map<number, boolean>();
        const failed = new Set<number>();
        records.forEach(({ message, status }, i) => {
          const direction = message % 2 === 0 ? 'outgoing' : 'incoming';
          const sentAt = new Date(Date.parse('2026-01-10T10:00:00Z') + message * 60_000).toISOString();
          books.apply(texted(`P${message}`, direction, PHONES[Math.floor(message / 2) % 3]!, sentAt, status, { receivedAt: new Date(Date.parse('2026-01-11T00:00:00Z') + i * 1000).toISOString() }));
          const billable = direction === 'outgoing' ? status === 'sent' || status === 'delivered' : status === 'received';
          if (status === 'failed' || status === 'undelivered') {
            billed.set(message, false);
            failed.add(message);
          } else if (billable && !billed.get(message) && !(failed.has(message) && status === 'sent')) billed.set(message, true);
        });
        const texts = books.textCharges();
        const net = (which: (c: (typeof texts)[number]) => boolean) => texts.filter(which).reduce((n, c) => n + (c.lines.length === 0 ? 0 : c.reversesChargeId === null ? 1 : -1), 0);
        for (let message = 0; message < 8; message++) {
          const expected = billed.get(message) === true && Math.floor(message / 2) % 3 !== 2 ? 1 : 0;
          expect(net((c) => c.callId.endsWith(`:openphone:P${message}`))).toBe(expected);
        }
        for (const customer of ['c-ada', 'c-nora']) {
          const key = `usage:${customer}:2026-01-01`;
          const owed = texts.filter((c) => c.billedCustomerId === customer).reduce((s, c) => s + c.owedMinor, 0);
          const lines = books.linesOf(key);
          expect(lines.every((l) => l.amountMinor === Number(l.quantity) * l.unitPriceMinor)).toBe(true);
          expect(lines.reduce((s, l) => s + l.amountMinor, 0)).toBe(owed);
          expect(books.invoice(key)?.subtotalMinor ?? 0).toBe(owed);
        }
        const used = books.ledger.book.accounts.get('c-ada')?.subscription?.period.messagesUsed ?? { incoming: 0, outgoing: 0 };
        const includedNet = (direction: string) => net((c) => c.billedCustomerId === 'c-ada' && c.callId.startsWith(`message:${direction}:`) && c.lines.some((l) => l.bucket === 'message_included'));
        expect(used).toEqual({ outgoing: includedNet('out'), incoming: includedNet('in') });
        const walletSpent = texts.filter((c) => c.billedCustomerId === 'c-nora').reduce((s, c) => s + c.lines.filter((l) => l.bucket === 'message_wallet').reduce((t, l) => t + l.amountMinor, 0), 0);
        expect(books.ledger.view('c-nora', '2026-01-12T00:00:00Z').wallet?.balanceMinor).toBe(10 - walletSpent);
      }),
      { numRuns: 300 },
    );
  });
});
