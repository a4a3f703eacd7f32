import type { ChargesTable } from '../../db/schema';
import type { ChargeRecord } from '../../../shared/billing/engine/records';

/** A charge as a row of `charges`, and back. */
export function chargeToRow(c: ChargeRecord): ChargesTable {
  return {
    charge_id: c.chargeId,
    call_id: c.callId,
    seq: c.seq,
    customer_id: c.customerId,
    billed_customer_id: c.billedCustomerId,
    number_e164: c.number,
    started_at_ms: c.startedAtMs,
    answered_at_ms: c.answeredAtMs,
    voicemail: c.voicemail ? 1 : 0,
    rated_at_ms: c.ratedAtMs,
    raw_seconds: c.rawSeconds,
    billable_seconds: c.billableSeconds,
    prepaid_seconds: c.prepaidSeconds,
    total_minor: c.totalMinor,
    owed_minor: c.owedMinor,
    currency: c.currency,
    rate_minor: c.rateMinor,
    rate_per_seconds: c.ratePerSeconds,
    lines_json: JSON.stringify(c.lines),
    trace_json: JSON.stringify(c.trace),
    wallet_draws_json: JSON.stringify(c.walletDraws),
    wallet_debt_minor: c.walletDebtMinor,
    grace_from: c.graceFrom,
    reverses_charge_id: c.reversesChargeId,
    reversed_by_charge_id: c.reversedByChargeId,
    invoice_key: c.invoiceKey,
  };
}

export function chargeFromRow(r: ChargesTable): ChargeRecord {
  return {
    chargeId: r.charge_id,
    callId: r.call_id,
    seq: r.seq,
    customerId: r.customer_id,
    billedCustomerId: r.billed_customer_id,
    number: r.number_e164,
    startedAtMs: r.started_at_ms,
    answeredAtMs: r.answered_at_ms,
    voicemail: r.voicemail === 1,
    ratedAtMs: r.rated_at_ms,
    rawSeconds: r.raw_seconds,
    billableSeconds: r.billable_seconds,
    prepaidSeconds: r.prepaid_seconds,
    lines: JSON.parse(r.lines_json) as ChargeRecord['lines'],
    totalMinor: r.total_minor,
    owedMinor: r.owed_minor,
    currency: r.currency,
    rateMinor: r.rate_minor,
    ratePerSeconds: r.rate_per_seconds,
    trace: JSON.parse(r.trace_json) as string[],
    walletDraws: JSON.parse(r.wallet_draws_json) as ChargeRecord['walletDraws'],
    walletDebtMinor: r.wallet_debt_minor,
    graceFrom: r.grace_from as ChargeRecord['graceFrom'],
    reversesChargeId: r.reverses_charge_id,
    reversedByChargeId: r.reversed_by_charge_id,
    invoiceKey: r.invoice_key,
  };
}
