import type { ChargeLine } from '../../api/billing';
import type { MessageRecordedData } from '../../events/model';
import { accountOf, coveringSubscription, reschedule } from './accounts';
import { customerOfNumber, type BillingBook } from './book';
import { dateToMs, msToDate } from './calendar';
import { invoiceTextCharge } from './invoices';
import { messageChargeKey, messageOfChargeKey, type MessageDirection } from './message-charge-key';
import { messagePricing, rateMessage, type MessagePayer } from './rate-message';
import { touchAccount, type BillingEffects, type ChargeRecord } from './records';
import { drawFromWallet, walletBalance } from './wallet';
import { giveBackWalletDraws } from './wallet-credits';

/**
 * docs/billing.md "Messages": a recorded text (each of its records: queued, sent,
 * delivered, failed…) applied to the book. A text counts once per billed party however
 * often it is recorded; one that fails after it was billed is reversed, like a call's
 * correction. The charge of each copy is filed under its message charge key.
 */

type Outcome = 'billable' | 'not_billed' | 'pending';

/** Sent or delivered outgoing and received incoming texts bill; failed and undelivered ones never do; queued waits. */
function outcomeOf(direction: MessageDirection, status: MessageRecordedData['status']): Outcome {
  if (status === 'failed' || status === 'undelivered') return 'not_billed';
  if (direction === 'incoming') return status === 'received' ? 'billable' : 'pending';
  return status === 'sent' || status === 'delivered' ? 'billable' : 'pending';
}

interface TextCopy {
  key: string;
  direction: MessageDirection;
  number: string;
  sentAtMs: number;
  status: MessageRecordedData['status'];
}

export function billMessage(book: BillingBook, seq: number, d: MessageRecordedData, effects: BillingEffects): void {
  const outcome = outcomeOf(d.direction, d.status);
  if (outcome === 'pending') return;
  // Providers bill an outgoing group text once per recipient; an incoming one comes from its sender.
  const parties = d.direction === 'incoming' ? [d.from] : [...new Set(d.participants)];
  parties.forEach((number, index) => {
    const copy: TextCopy = { key: messageChargeKey({ direction: d.direction, number, messageId: d.messageId }), direction: d.direction, number, sentAtMs: Date.parse(d.sentAt), status: d.status };
    billCopy(book, seq, copy, `ch${seq}-${index}`, outcome, effects);
  });
}

/** A live charge with lines billed the text; one without lines records that it failed. */
function wasBilled(charge: ChargeRecord): boolean {
  return charge.lines.length > 0;
}

function billCopy(book: BillingBook, seq: number, copy: TextCopy, chargeId: string, outcome: 'billable' | 'not_billed', effects: BillingEffects): void {
  const existing = book.charges.latestForCall(copy.key);
  if (!existing) {
    rateText(book, seq, copy, chargeId, outcome, [], effects);
    return;
  }
  if (outcome === 'billable') {
    // Counted once. After a failure only a final "delivered" bills it (a late "sent" is older news).
    if (wasBilled(existing) || copy.status === 'sent') return;
    rateText(book, seq, copy, chargeId, 'billable', [`Reported ${copy.status} after it had failed`], effects);
    return;
  }
  if (!wasBilled(existing)) return;
  const why = `Reported ${copy.status} after it was billed`;
  reverseText(book, seq, existing, `${chargeId}r`, why, effects);
  rateText(book, seq, copy, chargeId, 'not_billed', [why], effects);
}

function rateText(book: BillingBook, seq: number, copy: TextCopy, chargeId: string, outcome: 'billable' | 'not_billed', tracePrefix: string[], effects: BillingEffects): void {
  // Unknown numbers are never billed for texts.
  const customerId = customerOfNumber(book, copy.number);
  if (customerId === null) return;
  // Most customers' texts are not metered: no account is opened for them.
  const known = book.accounts.has(customerId) ? accountOf(book, customerId, seq, effects) : null;
  const payer: MessagePayer = (known && coveringSubscription(book, known, copy.sentAtMs)) ?? { kind: 'customer' };
  const pricing = messagePricing(book.catalog, payer, copy.direction);
  if (pricing === null) return;
  const account = known ?? accountOf(book, customerId, seq, effects);
  const late =
    payer.kind === 'subscriber' && copy.sentAtMs < dateToMs(payer.period.startsOn)
      ? [`Late: sent ${msToDate(copy.sentAtMs)}, after its period had closed; billed in the period from ${payer.period.startsOn}`]
      : [];
  const base = { chargeId, callId: copy.key, seq, customerId, billedCustomerId: customerId, number: copy.number, startedAtMs: copy.sentAtMs, answeredAtMs: null, voicemail: false, ratedAtMs: book.placedAtMs };
  const none = { rawSeconds: 0, billableSeconds: 0, prepaidSeconds: 0, ratePerSeconds: 0, graceFrom: null, reversesChargeId: null, reversedByChargeId: null, invoiceKey: null } as const;
  if (outcome === 'not_billed') {
    const what = copy.direction === 'incoming' ? `Text received from ${copy.number}` : `Text sent to ${copy.number}`;
    const charge: ChargeRecord = {
      ...base,
      ...none,
      lines: [],
      totalMinor: 0,
      owedMinor: 0,
      currency: pricing.currency,
      rateMinor: pricing.rateMinor,
      trace: [...tracePrefix, `${what} — ${copy.status}, not billed`],
      walletDraws: [],
      walletDebtMinor: 0,
    };
    effects.charges.push(charge);
    touchAccount(effects, customerId);
    return;
  }
  const wallet = account.wallet && account.wallet.currency === pricing.currency ? account.wallet : null;
  const rating = rateMessage(copy, pricing, { catalog: book.catalog, payer, wallet });
  if (payer.kind === 'subscriber' && rating.take.includedMessages > 0) {
    const used = (payer.period.messagesUsed ??= { incoming: 0, outgoing: 0 });
    used[copy.direction] += rating.take.includedMessages;
  }
  let draws: ChargeRecord['walletDraws'] = [];
  let debt = 0;
  if (wallet && rating.take.walletMinor > 0) {
    ({ draws, debtMinor: debt } = drawFromWallet(wallet, rating.take.walletMinor, book.catalog.policy.walletDryPolicy === 'allow_negative'));
    effects.walletEntries.push({
      entryId: `w${seq}-${effects.walletEntries.length}`,
      customerId,
      seq,
      atMs: copy.sentAtMs,
      kind: 'usage',
      amountMinor: -rating.take.walletMinor,
      balanceAfterMinor: walletBalance(wallet),
      currency: wallet.currency,
      description: `Text ${copy.direction === 'incoming' ? 'received from' : 'sent to'} ${copy.number} on ${msToDate(copy.sentAtMs)}`,
      chargeId,
    });
  }
  const charge: ChargeRecord = {
    ...base,
    ...none,
    lines: rating.lines,
    totalMinor: sum(rating.lines, () => true),
    owedMinor: sum(rating.lines, isOwed),
    currency: rating.currency,
    rateMinor: rating.rateMinor,
    trace: [...tracePrefix, ...late, ...rating.trace],
    walletDraws: draws,
    walletDebtMinor: debt,
  };
  effects.charges.push(charge);
  if (charge.owedMinor !== 0) charge.invoiceKey = invoiceTextCharge(charge, account, book.catalog, book.placedAtMs, effects);
  touchAccount(effects, customerId);
  reschedule(book, account);
}

/** Gives back what a billed text took (an included text to the current period, wallet money to its lots) and credits its invoice. */
function reverseText(book: BillingBook, seq: number, original: ChargeRecord, reversalId: string, why: string, effects: BillingEffects): void {
  const text = messageOfChargeKey(original.callId);
  if (!text || original.customerId === null) return;
  const account = accountOf(book, original.customerId, seq, effects);
  const given: string[] = [];
  const sub = account.subscription;
  if (original.lines.some((l) => l.bucket === 'message_included') && sub && sub.state === 'active') {
    const used = (sub.period.messagesUsed ??= { incoming: 0, outgoing: 0 });
    used[text.direction] = Math.max(0, used[text.direction] - 1);
    given.push('1 text back to the included texts');
  }
  const walletWords = giveBackWalletDraws(book, seq, account, original, reversalId, `Text of ${msToDate(original.startedAtMs)} failed after it was billed`, effects);
  if (walletWords !== null) given.push(walletWords);
  // 0 - n, not -n: a reversed 0 stays 0 (not -0).
  const negated: ChargeLine[] = original.lines.map((l) => ({ ...l, amountMinor: 0 - l.amountMinor }));
  const reversal: ChargeRecord = {
    ...original,
    chargeId: reversalId,
    seq,
    ratedAtMs: book.placedAtMs,
    lines: negated,
    totalMinor: 0 - original.totalMinor,
    owedMinor: 0 - original.owedMinor,
    trace: [why, `reverses ${original.chargeId}${given.length > 0 ? `: ${given.join('; ')}` : ''}`],
    walletDraws: [],
    walletDebtMinor: 0,
    reversesChargeId: original.chargeId,
    reversedByChargeId: null,
    invoiceKey: null,
  };
  effects.charges.push(reversal);
  effects.reversals.push({ chargeId: original.chargeId, reversedByChargeId: reversalId });
  if (original.invoiceKey !== null && reversal.owedMinor !== 0) reversal.invoiceKey = invoiceTextCharge(reversal, account, book.catalog, book.placedAtMs, effects, original.invoiceKey);
  touchAccount(effects, account.customerId);
  reschedule(book, account);
}

function isOwed(line: ChargeLine): boolean {
  return line.bucket === 'message_overage' || line.bucket === 'message_pay_per_use';
}

function sum(lines: readonly ChargeLine[], which: (line: ChargeLine) => boolean): number {
  let total = 0;
  for (const line of lines) if (which(line)) total += line.amountMinor;
  return total;
}
