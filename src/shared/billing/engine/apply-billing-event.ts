import type { ChargeLine } from '../../api/billing';
import type { CallCompletedData, RingsideEvent } from '../../events/model';
import { formatDuration } from '../../units';
import { accountOf, coveringSubscription, reschedule, settleAccount } from './accounts';
import { billMessage } from './bill-message';
import { customerOfNumber, setCustomerPhones, type BillingBook } from './book';
import { dateToMs, msToDate } from './calendar';
import { invoiceCharge } from './invoices';
import { backDatedNote } from './back-dating';
import { SETTLE_WINDOW_MS } from './settle-window';
import { messageOfChargeKey } from './message-charge-key';
import { mergeCustomers } from './merge-accounts';
import { advanceAccount } from './periods';
import { receivePayment, recordFailedPayment } from './payments';
import { fallbackRate, money, rateCall, type CallFacts, type Payer } from './rate-call';
import { emptyEffects, touchAccount, type BillingEffects, type ChargeRecord } from './records';
import { changeTopUpInvoice, invoiceTopUp, topUpCreditEntryId } from './top-up-invoices';
import { startSubscription } from './subscriptions';
import { creditWallet, drawFromWallet, walletBalance } from './wallet';
import { creditAccountWallet, giveBackWalletDraws } from './wallet-credits';

/**
 * The billing fold: applies one event of the log (in seq order) to the book and
 * returns what it wrote. Deterministic: the same log gives the same effects on every
 * console.
 *
 * Trusted time (docs/billing.md "The log's clock"): the clock is the relay's
 * `receivedAt`, the only time no console or provider can choose. A period (renewal,
 * rollover, expiry, usage invoice) closes for everyone once the clock is
 * SETTLE_WINDOW_MS past its end, so a call that started before the end and arrives
 * a little after it is still billed there. An event's own time (a call's start,
 * otherwise occurredAt) places it, held between that settle line and its receivedAt:
 * the accounts it touches are brought up to that instant first (a call placed after
 * its account's period end renews that account), and it is applied there.
 */
export function applyBillingEvent(book: BillingBook, seq: number, event: RingsideEvent): BillingEffects {
  const effects = emptyEffects();
  const receivedAtMs = Date.parse(event.receivedAt);
  if (receivedAtMs > book.clockMs) book.clockMs = receivedAtMs;
  const settledMs = book.clockMs - SETTLE_WINDOW_MS;
  closeSettled(book, seq, settledMs, effects);
  book.placedAtMs = Math.max(Math.min(eventTimeMs(event), receivedAtMs), settledMs);
  applyAtPlace(book, seq, event, effects);
  return effects;
}

/** Applies, on every account, what fell due up to `toMs`: the periods no late event can reach any more. */
function closeSettled(book: BillingBook, seq: number, toMs: number, effects: BillingEffects): void {
  for (let id = book.due.popDue(toMs); id !== null; id = book.due.popDue(toMs)) {
    const account = book.accounts.get(id);
    if (!account) continue;
    advanceAccount(account, book.catalog, toMs, seq, effects);
    reschedule(book, account);
  }
}

function applyAtPlace(book: BillingBook, seq: number, event: RingsideEvent, effects: BillingEffects): void {
  switch (event.type) {
    case 'customer.upserted':
      setCustomerPhones(book, event.data.customerId, event.data.phones, seq);
      invoiceWaitingCharges(book, seq, event.data.customerId, event.data.phones, effects);
      break;
    case 'customer.removed':
      setCustomerPhones(book, event.data.customerId, null, seq);
      break;
    case 'customer.merged':
      mergeCustomers(book, seq, event.data.fromCustomerId, event.data.intoCustomerId, effects);
      break;
    case 'plan.defined':
      book.catalog.plans[event.data.planId] = event.data;
      effects.bookChanged = true;
      break;
    case 'rate_card.defined':
      book.catalog.rateCard = event.data;
      effects.bookChanged = true;
      break;
    case 'billing_policy.defined':
      book.catalog.policy = event.data;
      effects.bookChanged = true;
      break;
    case 'subscription.started':
      startSubscription(book, seq, event.data, effects);
      break;
    case 'subscription.changed':
    case 'subscription.cancelled': {
      const d = event.data;
      const customerId = book.subscriptionOwners.get(d.subscriptionId);
      if (customerId === undefined) break;
      const account = accountOf(book, customerId, seq, effects);
      const sub = account.subscription;
      if (!sub || sub.subscriptionId !== d.subscriptionId || sub.state !== 'active') break;
      if (event.type === 'subscription.changed') sub.change = { planId: event.data.planId, effectiveDate: d.effectiveDate };
      else sub.cancelOn = d.effectiveDate;
      touchAccount(effects, customerId);
      settleAccount(book, account, seq, effects);
      break;
    }
    case 'wallet.credited':
      creditAccountWallet(book, seq, Date.parse(event.occurredAt), event.data, effects, backDatedNote(event));
      break;
    case 'wallet.top_up_invoiced': {
      const d = event.data;
      const account = accountOf(book, d.customerId, seq, effects);
      account.wallet ??= { currency: d.currency, lots: [], debtMinor: 0 };
      // The invoice's money is for this wallet: one in another currency could never be credited.
      if (account.wallet.currency !== d.currency) break;
      invoiceTopUp(book, account, d, book.catalog, effects);
      touchAccount(effects, d.customerId);
      break;
    }
    case 'adjustment.recorded':
      recordAdjustment(book, seq, event.data, Date.parse(event.occurredAt), effects, backDatedNote(event));
      break;
    case 'call.completed':
      // History fetched by the import with "record only" (its default) was billed before Ringside: shown, never charged again.
      if (event.origin?.recordOnly !== true) rateCompletedCall(book, seq, event.data, effects);
      break;
    case 'call.corrected': {
      const d = event.data;
      const existing = book.charges.latestForCall(d.callId);
      // A text's charge has no talk time to correct.
      if (!existing || existing.rawSeconds === d.durationSeconds || messageOfChargeKey(existing.callId) !== null) break;
      const facts: CallFacts = {
        ...factsOf(existing),
        rawSeconds: d.durationSeconds,
        answeredAtMs: d.durationSeconds > 0 ? (existing.answeredAtMs ?? existing.startedAtMs) : existing.answeredAtMs,
      };
      const backDated = backDatedNote(event);
      correct(book, seq, existing, facts, `Corrected to ${formatDuration(d.durationSeconds)} by ${d.by}: ${d.reason}${backDated ? ` (${backDated})` : ''}`, effects);
      break;
    }
    case 'message.recorded':
      // The relay's health-check texts (between two of the business's own lines) are never billed.
      if (event.origin?.recordOnly !== true && !event.data.healthCheck) billMessage(book, seq, event.data, effects);
      break;
    case 'invoice.status_changed':
      effects.invoiceChanges.push({ invoiceKey: event.data.invoiceKey, quickbooksId: null, change: { kind: 'status', status: event.data.status } });
      break;
    case 'invoice.synced':
      effects.invoiceChanges.push({
        invoiceKey: event.data.invoiceKey,
        quickbooksId: event.data.quickbooksId,
        change: { kind: 'synced', quickbooksId: event.data.quickbooksId, docNumber: event.data.docNumber },
      });
      break;
    case 'invoice.balance_changed':
      effects.invoiceChanges.push({
        invoiceKey: event.data.invoiceKey,
        quickbooksId: event.data.quickbooksId,
        change: { kind: 'balance', totalMinor: event.data.totalMinor, balanceMinor: event.data.balanceMinor },
      });
      break;
    case 'payment.received':
      receivePayment(book, seq, event, effects);
      break;
    case 'payment.failed':
      recordFailedPayment(book, seq, event, effects);
      break;
    case 'payment.recorded': {
      const d = event.data;
      effects.payments.push({ paymentId: d.paymentId, customerId: d.customerId, seq, receivedOn: d.receivedOn, amountMinor: d.amountMinor, currency: d.currency });
      for (const applied of d.appliedTo) {
        effects.invoiceChanges.push({ invoiceKey: applied.invoiceKey, quickbooksId: applied.quickbooksInvoiceId, change: { kind: 'payment', paymentId: d.paymentId, amountMinor: applied.amountMinor } });
      }
      break;
    }
    default:
      break;
  }
  // A top-up invoice that these changes paid credits its wallet now.
  if (book.topUpOwners.size > 0) {
    for (const change of effects.invoiceChanges) {
      const settled = changeTopUpInvoice(book, change, effects);
      if (!settled) continue;
      const { account, paid } = settled;
      touchAccount(effects, account.customerId);
      creditAccountWallet(
        book,
        seq,
        Date.parse(event.occurredAt),
        { entryId: topUpCreditEntryId(paid.invoiceKey), customerId: account.customerId, kind: 'top_up', amountMinor: paid.creditMinor, currency: paid.currency, expiresOn: null, note: paid.note || `invoice ${paid.invoiceKey} paid` },
        effects,
      );
    }
  }
}

/** The instant an event says it happened (a call's start, otherwise occurredAt): where it is placed, never the clock. */
export function eventTimeMs(event: RingsideEvent): number {
  switch (event.type) {
    case 'call.ringing':
    case 'call.answered':
    case 'call.completed':
      return Date.parse(event.data.startedAt);
    case 'message.recorded':
      return Date.parse(event.data.sentAt);
    case 'payment.received':
      return Date.parse(event.data.paidAt);
    default:
      return Date.parse(event.occurredAt);
  }
}

function factsOf(charge: ChargeRecord): CallFacts {
  return {
    callId: charge.callId,
    number: charge.number,
    startedAtMs: charge.startedAtMs,
    answeredAtMs: charge.answeredAtMs,
    voicemail: charge.voicemail,
    rawSeconds: charge.rawSeconds,
  };
}

function rateCompletedCall(book: BillingBook, seq: number, d: CallCompletedData, effects: BillingEffects): void {
  const facts: CallFacts = {
    callId: d.callId,
    number: d.externalNumber,
    startedAtMs: Date.parse(d.startedAt),
    answeredAtMs: d.answeredAt === null ? null : Date.parse(d.answeredAt),
    voicemail: d.answeredAt === null && d.voicemailUrl !== null,
    rawSeconds: d.durationSeconds,
  };
  const existing = book.charges.latestForCall(d.callId);
  if (!existing) {
    rateNewCharge(book, seq, facts, `ch${seq}`, [], effects);
    return;
  }
  // A repeated completion changes nothing; one with another duration is a correction.
  if (existing.rawSeconds === facts.rawSeconds && (existing.answeredAtMs === null) === (facts.answeredAtMs === null)) return;
  correct(book, seq, existing, facts, `Provider reported ${formatDuration(facts.rawSeconds)} instead of ${formatDuration(existing.rawSeconds)}`, effects);
}

function rateNewCharge(book: BillingBook, seq: number, facts: CallFacts, chargeId: string, tracePrefix: readonly string[], effects: BillingEffects): ChargeRecord {
  const customerId = customerOfNumber(book, facts.number);
  const account = customerId === null ? null : accountOf(book, customerId, seq, effects);
  let payer: Payer = coveringSubscription(book, account, facts.startedAtMs) ?? { kind: 'unknown' };
  if (payer.kind === 'unknown' && account) {
    const month = msToDate(book.placedAtMs).slice(0, 8) + '01';
    if (account.paygGrace?.startsOn !== month) account.paygGrace = { startsOn: month, used: 0 };
    payer = { kind: 'customer', graceUsed: account.paygGrace.used };
  }
  const rate = fallbackRate(book.catalog, payer);
  const wallet = account?.wallet && account.wallet.currency === rate.currency ? account.wallet : null;
  const rating = rateCall(facts, { catalog: book.catalog, payer, wallet });
  // Its own period had already closed (past the settle window, or renewed by a later call): said, not hidden.
  const late =
    payer.kind === 'subscriber' && facts.startedAtMs < dateToMs(payer.period.startsOn)
      ? [`Late: started ${msToDate(facts.startedAtMs)}, after its period had closed; billed in the period from ${payer.period.startsOn}`]
      : [];

  // Take what the rating says from the account.
  if (payer.kind === 'subscriber') {
    payer.period.rolloverRemaining -= rating.take.rolloverSeconds;
    payer.period.includedRemaining -= rating.take.includedSeconds;
    if (rating.graceUsed) payer.period.graceUsed += 1;
  } else if (rating.graceUsed && account?.paygGrace) {
    account.paygGrace.used += 1;
  }
  let draws: ChargeRecord['walletDraws'] = [];
  let debt = 0;
  if (wallet && rating.take.walletMinor > 0 && account) {
    ({ draws, debtMinor: debt } = drawFromWallet(wallet, rating.take.walletMinor, book.catalog.policy.walletDryPolicy === 'allow_negative'));
    effects.walletEntries.push({
      entryId: `w${seq}-${effects.walletEntries.length}`,
      customerId: account.customerId,
      seq,
      atMs: facts.startedAtMs,
      kind: 'usage',
      amountMinor: -rating.take.walletMinor,
      balanceAfterMinor: walletBalance(wallet),
      currency: wallet.currency,
      description: `Call of ${msToDate(facts.startedAtMs)}, ${formatDuration(rating.billableSeconds)}`,
      chargeId,
    });
  }
  const charge: ChargeRecord = {
    chargeId,
    callId: facts.callId,
    seq,
    customerId,
    billedCustomerId: customerId,
    number: facts.number,
    startedAtMs: facts.startedAtMs,
    answeredAtMs: facts.answeredAtMs,
    voicemail: facts.voicemail,
    ratedAtMs: book.placedAtMs,
    rawSeconds: facts.rawSeconds,
    billableSeconds: rating.billableSeconds,
    prepaidSeconds: rating.take.rolloverSeconds + rating.take.includedSeconds,
    lines: rating.lines,
    totalMinor: sumMoney(rating.lines, () => true),
    owedMinor: sumMoney(rating.lines, isOwed),
    currency: rating.currency,
    rateMinor: rate.rateMinor,
    ratePerSeconds: rate.perSeconds,
    trace: [...tracePrefix, ...late, ...rating.trace],
    walletDraws: draws,
    walletDebtMinor: debt,
    graceFrom: !rating.graceUsed ? null : payer.kind === 'subscriber' ? 'period' : 'month',
    reversesChargeId: null,
    reversedByChargeId: null,
    invoiceKey: null,
  };
  effects.charges.push(charge);
  if (charge.owedMinor !== 0) {
    // An unknown caller's money waits in the charges until the number belongs to a customer.
    if (account) charge.invoiceKey = invoiceCharge(charge, account, book.catalog, book.placedAtMs, effects);
  }
  if (account) {
    touchAccount(effects, account.customerId);
    reschedule(book, account);
  }
  return charge;
}

/**
 * A changed duration: a reversing charge gives back exactly what the original took
 * (to the same bucket kinds, in the current period), then the call is rated anew.
 */
function correct(book: BillingBook, seq: number, original: ChargeRecord, facts: CallFacts, why: string, effects: BillingEffects): void {
  const reversalId = `ch${seq}r`;
  const account = original.customerId === null ? null : accountOf(book, original.customerId, seq, effects);
  const given: string[] = [];
  const prepaid = (bucket: 'included' | 'rollover') => original.lines.filter((l) => l.bucket === bucket).reduce((s, l) => s + l.seconds, 0);
  const sub = account?.subscription;
  if (sub && sub.state === 'active') {
    const included = prepaid('included');
    const rollover = prepaid('rollover');
    sub.period.includedRemaining += included;
    sub.period.rolloverRemaining += rollover;
    if (original.graceFrom === 'period') sub.period.graceUsed = Math.max(0, sub.period.graceUsed - 1);
    if (included > 0) given.push(`${formatDuration(included)} back to included hours`);
    if (rollover > 0) given.push(`${formatDuration(rollover)} back to rolled-over hours`);
  }
  if (original.graceFrom === 'month' && account?.paygGrace) account.paygGrace.used = Math.max(0, account.paygGrace.used - 1);
  const walletWords = account ? giveBackWalletDraws(book, seq, account, original, reversalId, `Correction of the call of ${msToDate(original.startedAtMs)}`, effects) : null;
  if (walletWords !== null) given.push(walletWords);
  // 0 - n, not -n: a reversed 0 stays 0 (not -0).
  const negate = (n: number): number => 0 - n;
  const negated: ChargeLine[] = original.lines.map((l) => ({ ...l, seconds: negate(l.seconds), amountMinor: negate(l.amountMinor) }));
  const reversal: ChargeRecord = {
    ...original,
    chargeId: reversalId,
    seq,
    ratedAtMs: book.placedAtMs,
    rawSeconds: negate(original.rawSeconds),
    billableSeconds: negate(original.billableSeconds),
    prepaidSeconds: negate(original.prepaidSeconds),
    lines: negated,
    totalMinor: negate(original.totalMinor),
    owedMinor: negate(original.owedMinor),
    trace: [why, `reverses ${original.chargeId}${given.length > 0 ? `: ${given.join('; ')}` : ''}`],
    walletDraws: [],
    walletDebtMinor: 0,
    graceFrom: null,
    reversesChargeId: original.chargeId,
    reversedByChargeId: null,
    invoiceKey: null,
  };
  effects.charges.push(reversal);
  effects.reversals.push({ chargeId: original.chargeId, reversedByChargeId: reversalId });
  // Money already invoiced is credited on the invoice of the customer who was billed.
  if (original.invoiceKey !== null && original.billedCustomerId !== null && reversal.owedMinor !== 0) {
    const billed = accountOf(book, original.billedCustomerId, seq, effects);
    reversal.invoiceKey = invoiceCharge(reversal, billed, book.catalog, book.placedAtMs, effects);
    reschedule(book, billed);
  }
  if (account) {
    touchAccount(effects, account.customerId);
    reschedule(book, account);
  }
  rateNewCharge(book, seq, facts, `ch${seq}`, [why], effects);
}

function recordAdjustment(
  book: BillingBook,
  seq: number,
  d: { adjustmentId: string; customerId: string; unit: 'seconds' | 'money'; amount: number; reason: string; by: string },
  atMs: number,
  effects: BillingEffects,
  backDated: string | null,
): void {
  const account = accountOf(book, d.customerId, seq, effects);
  let applied = 0;
  let description: string;
  if (d.unit === 'seconds') {
    const sub = account.subscription;
    if (sub && sub.state === 'active') {
      applied = d.amount > 0 ? d.amount : -Math.min(-d.amount, Math.max(0, sub.period.includedRemaining));
      sub.period.includedRemaining += applied;
      description =
        applied === d.amount
          ? `${d.amount > 0 ? 'Added' : 'Removed'} ${formatDuration(Math.abs(applied))} of included time`
          : `Removed ${formatDuration(-applied)} of the ${formatDuration(-d.amount)} asked: included time cannot go below 0`;
    } else {
      description = 'No active subscription: no included time to adjust';
    }
    if (backDated) description += ` (${backDated})`;
  } else {
    const currency = account.wallet?.currency ?? book.catalog.rateCard.currency;
    const wallet = (account.wallet ??= { currency, lots: [], debtMinor: 0 });
    if (d.amount > 0) {
      creditWallet(wallet, { lotId: d.adjustmentId, order: seq, kind: 'adjustment', expiresOn: null, amountMinor: d.amount });
      applied = d.amount;
    } else {
      const allowNegative = book.catalog.policy.walletDryPolicy === 'allow_negative';
      const { draws, debtMinor } = drawFromWallet(wallet, -d.amount, allowNegative);
      applied = -(draws.reduce((s, x) => s + x.amountMinor, 0) + debtMinor);
    }
    description =
      (applied === d.amount
        ? `${d.amount > 0 ? 'Credited' : 'Debited'} ${money(Math.abs(applied), currency)} ${d.amount > 0 ? 'to' : 'from'} the wallet`
        : `Debited ${money(-applied, currency)} of the ${money(-d.amount, currency)} asked: the wallet cannot go below 0`) + (backDated ? ` (${backDated})` : '');
    if (applied !== 0) {
      effects.walletEntries.push({
        entryId: `w${seq}-${effects.walletEntries.length}`,
        customerId: d.customerId,
        seq,
        atMs,
        kind: 'adjustment',
        amountMinor: applied,
        balanceAfterMinor: walletBalance(wallet),
        currency,
        description: `${description} — ${d.reason} (${d.by})`,
        chargeId: null,
      });
    }
  }
  effects.adjustments.push({ adjustmentId: d.adjustmentId, customerId: d.customerId, seq, atMs, unit: d.unit, requested: d.amount, applied, reason: d.reason, by: d.by, description });
  touchAccount(effects, d.customerId);
  reschedule(book, account);
}

/** An unknown caller's charges go on the invoices of the customer the number now belongs to. */
function invoiceWaitingCharges(book: BillingBook, seq: number, customerId: string, phones: readonly string[], effects: BillingEffects): void {
  for (const phone of phones) {
    const waiting = book.charges.uninvoicedForNumber(phone);
    if (waiting.length === 0) continue;
    const account = accountOf(book, customerId, seq, effects);
    for (const charge of waiting) {
      const invoiceKey = invoiceCharge({ ...charge, billedCustomerId: customerId }, account, book.catalog, book.placedAtMs, effects);
      if (invoiceKey !== null) effects.chargeInvoices.push({ chargeId: charge.chargeId, invoiceKey, billedCustomerId: customerId });
    }
    reschedule(book, account);
  }
}

function isOwed(line: ChargeLine): boolean {
  return line.bucket === 'overage' || line.bucket === 'pay_per_call' || line.bucket === 'fee';
}

function sumMoney(lines: readonly ChargeLine[], which: (line: ChargeLine) => boolean): number {
  let sum = 0;
  for (const line of lines) if (which(line)) sum += line.amountMinor;
  return sum;
}
