import type { ChargeRecord, ChargeStore } from '../../../shared/billing/engine/records';
import type { BillingStatements } from './billing-statements';
import { chargeFromRow } from './charge-rows';

/** The engine's charge reads, from the charges the projection has written (each event's effects are written before the next). */
export class SqliteChargeStore implements ChargeStore {
  constructor(private readonly statements: BillingStatements) {}

  latestForCall(callId: string): ChargeRecord | undefined {
    const row = this.statements.latestChargeForCall.get({ call_id: callId });
    return row ? chargeFromRow(row) : undefined;
  }

  uninvoicedForNumber(number: string): ChargeRecord[] {
    return this.statements.waitingChargesForNumber.all({ number_e164: number }).map(chargeFromRow);
  }
}
