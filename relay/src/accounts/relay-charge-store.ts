import type { ChargeRecord, ChargeStore } from '../../../src/shared/billing/engine/records';
import type { AccountsStatements, ChargeRow } from './accounts-statements';

/** The engine's charge reads, from the charges the relay's accounts wrote (each event's effects are written before the next). */
export class RelayChargeStore implements ChargeStore {
  constructor(private readonly statements: AccountsStatements) {}

  latestForCall(callId: string): ChargeRecord | undefined {
    const row = this.statements.latestChargeForCall.get({ call_id: callId });
    return row ? chargeOf(row) : undefined;
  }

  uninvoicedForNumber(number: string): ChargeRecord[] {
    return this.statements.waitingChargesForNumber.all({ number_e164: number }).map(chargeOf);
  }
}

/** The record as rated, with what later events changed in its own columns (a reversal, an invoice, a merge). */
function chargeOf(row: ChargeRow): ChargeRecord {
  const record = JSON.parse(row.record_json) as ChargeRecord;
  return { ...record, customerId: row.customer_id, billedCustomerId: row.billed_customer_id, invoiceKey: row.invoice_key, reversedByChargeId: row.reversed_by_charge_id };
}
