import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cdcOrders } from '../../../tools/emulators/quickbooks/change-data-capture';
import { startRig, type Rig } from '../../../tests/support/quickbooks-integration-rig';
import { companyProfileFrom, saveCompanyProfile } from './company-profile';
import { invoiceKeyInNote } from './invoice-marker';
import { docNumberFor } from './invoice-payload';

/**
 * Exactly once off the happy path, and coming back after a long absence, against the emulator
 * on loopback with the real relay: a replayed batch answering 6000, a company that numbers its
 * own invoices, fax numbers, voids made in QuickBooks, capped change lists in every order, and
 * a console away for 40 days.
 */

const DAY_MS = 86_400_000;
let rig: Rig;
let round = 0;

interface InvoiceRow {
  invoice_key: string;
  customer_id: string;
  status: string;
  quickbooks_id: string | null;
  balance_minor: number;
  total_minor: number;
}
const invoiceRows = (customerIds: string[]) =>
  rig.query<InvoiceRow>(`SELECT * FROM invoices WHERE customer_id IN (${customerIds.map(() => '?').join(',')}) ORDER BY invoice_key`, ...customerIds);
const jobsOf = (keys: string[]) => rig.query<{ invoice_key: string; state: string; doc_number: string | null; quickbooks_id: string | null }>(`SELECT * FROM quickbooks_outbox WHERE action = 'create' AND invoice_key IN (${keys.map(() => '?').join(',')})`, ...keys);
const now = () => new Date().toISOString();

beforeAll(async () => {
  rig = await startRig({ seed: 'sandbox' });
  await rig.postAsAdmin({ id: 'plan:recovery', occurredAt: now(), type: 'plan.defined', data: { planId: 'recovery', name: 'Recovery', period: 'monthly', priceMinor: 9_500, currency: 'USD', includedSeconds: 3_600 } });
  await rig.sync.importCustomers();
  await rig.sync.start();
}, 60_000);
afterAll(async () => {
  await rig?.stop();
});

async function customersInConsole(ids: string[]): Promise<void> {
  await vi.waitFor(() => expect(rig.query(`SELECT customer_id FROM customers WHERE customer_id IN (${ids.map(() => '?').join(',')})`, ...ids)).toHaveLength(ids.length), { timeout: 60_000, interval: 250 });
}

/** New QuickBooks customers, known to the console, each subscribed while the sync is stopped: their invoices go out in one batch when it starts again. */
async function invoicesForNewCustomers(count: number, beforeStart: () => void = () => {}): Promise<{ customerIds: string[]; keys: string[] }> {
  round += 1;
  const customerIds = rig.emulator.addCustomers(count, { sharedNumberEvery: 0, unparseableEvery: 0, namePrefix: `Recovery ${round}` });
  rig.sync.syncNow();
  await customersInConsole(customerIds);
  await rig.sync.stop();
  for (const [i, customerId] of customerIds.entries()) {
    await rig.postAsAdmin({ id: `sub:recovery:${round}:${i}`, occurredAt: now(), type: 'subscription.started', data: { subscriptionId: `rec-${round}-${i}`, customerId, planId: 'recovery', startDate: now().slice(0, 10) } });
  }
  await vi.waitFor(() => expect(rig.query(`SELECT 1 FROM quickbooks_outbox o JOIN invoices i USING (invoice_key) WHERE i.customer_id IN (${customerIds.map(() => '?').join(',')})`, ...customerIds)).toHaveLength(count), { timeout: 20_000, interval: 100 });
  const keys = invoiceRows(customerIds).map((r) => r.invoice_key);
  beforeStart();
  rig.sync = rig.newSync();
  await rig.sync.start();
  return { customerIds, keys };
}

async function allSynced(customerIds: string[], keys: string[]): Promise<void> {
  await vi.waitFor(
    () => {
      expect(invoiceRows(customerIds).filter((r) => r.status === 'synced')).toHaveLength(keys.length);
      expect(jobsOf(keys).every((j) => j.state === 'done')).toBe(true);
    },
    { timeout: 60_000, interval: 100 },
  );
}

describe('QuickBooks off the happy path', () => {
  it('a batch whose answer was lost and whose retry QuickBooks answers 6000 for every item is looked up: one invoice each, marked synced, none failed', async () => {
    const { customerIds, keys } = await invoicesForNewCustomers(3, () => {
      rig.emulator.setBatchReplay('error-6000');
      rig.emulator.faults.inject({ path: '/batch', fault: 'timeout-after-commit', count: 1 });
    });
    await allSynced(customerIds, keys);
    rig.emulator.setBatchReplay('original');

    const docNumbers = keys.map(docNumberFor);
    const inBooks = rig.emulator.invoices().filter((i) => docNumbers.includes(String(i.DocNumber)));
    expect(inBooks).toHaveLength(3);
    expect(rig.sync.status().failures).toEqual([]);
    const batches = rig.emulator.requests().filter((r) => r.path.endsWith('/batch'));
    // The lost first try and its retry under the same requestid, and nothing created after.
    expect(batches.slice(-2).map((r) => r.injected ?? 'answered')).toEqual(['timeout-after-commit', 'answered']);
    expect(batches.at(-1)!.query.requestid).toBe(batches.at(-2)!.query.requestid);
    expect(rig.emulator.requests().some((r) => r.path.endsWith('/query') && docNumbers.every((d) => (r.query.query ?? '').includes(d)))).toBe(true);
  }, 90_000);

  it('with CustomTxnNumbers off, invoices whose answers were lost are found by the marker in their note: no duplicate, and QuickBooks\' own number and Id are stored', async () => {
    rig.emulator.setCustomTransactionNumbers(false);
    const profile = companyProfileFrom(rig.emulator.realmId, { Country: 'US' }, { SalesFormsPrefs: { CustomTxnNumbers: false } }, [], [], now());
    saveCompanyProfile(rig.db, profile, Date.now());
    try {
      const { customerIds, keys } = await invoicesForNewCustomers(4, () => {
        // Every try of the batch commits and loses its answer: the client gives up, the outcome is unknown.
        rig.emulator.faults.inject({ path: '/batch', fault: 'timeout-after-commit', count: 6 });
      });
      await allSynced(customerIds, keys);
      const ours = rig.emulator.invoices().filter((i) => keys.includes(invoiceKeyInNote(String(i.PrivateNote)) ?? ''));
      expect(ours).toHaveLength(4);
      expect(ours.every((i) => !keys.map(docNumberFor).includes(String(i.DocNumber)))).toBe(true);
      const jobs = jobsOf(keys);
      expect(new Set(jobs.map((j) => `${j.quickbooks_id}:${j.doc_number}`))).toEqual(new Set(ours.map((i) => `${String(i.Id)}:${String(i.DocNumber)}`)));
      expect(new Set(invoiceRows(customerIds).map((r) => r.quickbooks_id))).toEqual(new Set(ours.map((i) => String(i.Id))));
      // The lookup read invoices by date: PrivateNote cannot be queried.
      expect(rig.emulator.requests().some((r) => r.path.endsWith('/query') && /FROM Invoice WHERE TxnDate IN/.test(r.query.query ?? ''))).toBe(true);
    } finally {
      rig.emulator.setCustomTransactionNumbers(true);
      saveCompanyProfile(rig.db, { ...profile, customTxnNumbers: true }, Date.now());
    }
  }, 120_000);

  it('never makes a fax number a caller number', async () => {
    const [faxOnly, both] = rig.emulator.addCustomers([
      { DisplayName: 'Fax Only Surveyors', Fax: { FreeFormNumber: '(503) 555-0301' } },
      { DisplayName: 'Phone And Fax Opticians', PrimaryPhone: { FreeFormNumber: '(503) 555-0302' }, Fax: { FreeFormNumber: '(503) 555-0303' } },
    ]);
    rig.sync.syncNow();
    await customersInConsole([both!]);
    const phones = rig.query<{ customer_id: string; phone_e164: string }>('SELECT customer_id, phone_e164 FROM customer_phones WHERE customer_id IN (?, ?)', faxOnly, both);
    expect(phones).toEqual([{ customer_id: both, phone_e164: '+15035550302' }]);
    expect(rig.query('SELECT 1 FROM customer_phones WHERE phone_e164 IN (?, ?)', '+15035550301', '+15035550303')).toEqual([]);
  }, 60_000);

  it('an invoice voided in QuickBooks reads void: TotalAmt 0 with "Voided" before the note, or another word before Ringside\'s own note', async () => {
    const { customerIds, keys } = await invoicesForNewCustomers(2);
    await allSynced(customerIds, keys);
    const [english, translated] = invoiceRows(customerIds);
    rig.emulator.voidInvoice(english!.quickbooks_id!);
    rig.emulator.voidInvoice(translated!.quickbooks_id!);
    const voided = rig.emulator.invoices().find((i) => i.Id === translated!.quickbooks_id)!;
    rig.emulator.editInvoice(translated!.quickbooks_id!, { PrivateNote: String(voided.PrivateNote).replace(/^Voided/, 'Annulé') });
    rig.sync.syncNow();
    await vi.waitFor(() => expect(invoiceRows(customerIds).map((r) => r.status)).toEqual(['void', 'void']), { timeout: 20_000, interval: 100 });
  }, 90_000);

  for (const order of cdcOrders) {
    it(`a change list capped at 1,000 holding the ${order} pick skips nothing: every customer changed arrives, and a payment among them reads paid`, async () => {
      const { customerIds: payers, keys } = await invoicesForNewCustomers(1);
      await allSynced(payers, keys);
      rig.sync.syncNow();
      await new Promise((resolve) => setTimeout(resolve, 500));
      rig.emulator.setCdcOrder(order);
      const before = rig.emulator.requests().length;
      const quickbooksId = invoiceRows(payers)[0]!.quickbooks_id!;
      if (order === 'newest-first') {
        rig.emulator.createPaymentFor(quickbooksId);
        rig.emulator.advanceClock(1_000);
      }
      round += 1;
      const ids = rig.emulator.addCustomers(1_100, { sharedNumberEvery: 0, unparseableEvery: 0, namePrefix: `Capped ${round}` });
      if (order !== 'newest-first') {
        rig.emulator.advanceClock(1_000);
        rig.emulator.createPaymentFor(quickbooksId);
      }
      rig.sync.syncNow();
      await customersInConsole(ids);
      await vi.waitFor(() => expect(invoiceRows(payers)[0]).toMatchObject({ status: 'paid', balance_minor: 0 }), { timeout: 20_000, interval: 100 });
      const since = rig.emulator.requests().slice(before);
      expect(since.some((r) => r.path.endsWith('/cdc'))).toBe(true);
      expect(since.some((r) => r.path.endsWith('/query') && /FROM Customer WHERE .*MetaData\.LastUpdatedTime >=/.test(r.query.query ?? ''))).toBe(true);
      await vi.waitFor(() => expect(rig.sync.status().catchUp).toMatchObject({ reason: 'many_changes', running: false }), { timeout: 20_000, interval: 100 });
      rig.emulator.setCdcOrder('oldest-first');
    }, 120_000);
  }

  it('a console offline for 40 days comes back and shows every invoice paid meanwhile as paid', async () => {
    const { customerIds, keys } = await invoicesForNewCustomers(5);
    await allSynced(customerIds, keys);
    await rig.sync.stop();
    // Away 40 days: the owner is paid for four of the five invoices in QuickBooks meanwhile.
    rig.emulator.advanceClock(40 * DAY_MS);
    const rows = invoiceRows(customerIds);
    for (const row of rows.slice(0, 4)) rig.emulator.createPaymentFor(row.quickbooks_id!);
    const requestsBefore = rig.emulator.requests().length;

    rig.sync = rig.newSync();
    await rig.sync.start();
    await vi.waitFor(() => expect(invoiceRows(customerIds).map((r) => r.status)).toEqual(['paid', 'paid', 'paid', 'paid', 'synced']), { timeout: 60_000, interval: 100 });
    await vi.waitFor(() => expect(rig.sync.status().catchUp).toMatchObject({ reason: 'away', awayDays: 40, entity: 'invoices', running: false }), { timeout: 20_000, interval: 100 });
    const since = rig.emulator.requests().slice(requestsBefore);
    // CDC refused the old cursor (400, once the expired access token was refreshed); customers,
    // payments and invoices were read again by query.
    expect(since.filter((r) => r.path.endsWith('/cdc') && r.status !== 401).map((r) => r.status)[0]).toBe(400);
    for (const table of ['Customer', 'Payment', 'Invoice']) expect(since.some((r) => r.path.endsWith('/query') && new RegExp(`^SELECT \\* FROM ${table}\\b`).test(r.query.query ?? ''))).toBe(true);
    // Then CDC again from a fresh cursor.
    const paid = rig.emulator.createPaymentFor(rows[4]!.quickbooks_id!);
    expect(paid.Id).toBeDefined();
    rig.sync.syncNow();
    await vi.waitFor(() => expect(invoiceRows(customerIds)[4]!.status).toBe('paid'), { timeout: 20_000, interval: 100 });
    expect(rig.emulator.requests().filter((r) => r.path.endsWith('/cdc')).at(-1)!.status).toBe(200);
  }, 120_000);
});
