import type { InvoiceLineRow, InvoiceStatus } from '../../../src/shared/api/billing';
import { accountViewAt } from '../../../src/shared/billing/engine/account-view';
import { applyBillingEvent } from '../../../src/shared/billing/engine/apply-billing-event';
import { createBillingBook, defaultCatalog, setCustomerPhones, type AccountState, type BillingBook, type Catalog } from '../../../src/shared/billing/engine/book';
import { nextDueMs } from '../../../src/shared/billing/engine/periods';
import type { ChargeRecord } from '../../../src/shared/billing/engine/records';
import type { RingsideEvent } from '../../../src/shared/events/model';
import type { RelayDatabase } from '../database';
import type { LogProjection } from '../log/event-log';
import type { AccountsReader, AccountStanding } from './account-standing';
import { ACCOUNTS_TABLES, accountsStatements, type AccountsStatements, type CustomerInvoiceRow } from './accounts-statements';
import type { CustomerAccount, CustomerAccountsReader, CustomerCall, CustomerInvoice, CustomerInvoiceWithLines } from './customer-accounts';
import { paidByWords } from './customer-call-words';
import { RelayChargeStore } from './relay-charge-store';
import { replayStoredEvents, type ReplayProgress } from './replay-stored-events';
import { writeAccountEffects } from './write-account-effects';

/**
 * What the tables hold is this projection's: a new version (the fold or the tables
 * changed meaning) rebuilds it by replaying the log.
 * - 2: a top-up invoice's status, balance and payments are stored when they change, and a
 *   merge drops the subscription it leaves behind (5c34760): version 1's books can miss both.
 * - 3: subscriptions start at 00:00 of their start date in the plan's zone (19ed063), and a
 *   provider's renewal pays each period once (8ee3bbf).
 * - 4: invoices keep their lines, period, subtotal, tax and issuing seq, customers their
 *   emails, address and QuickBooks id, and merges who went where (migration 0020), for the
 *   client portal and the notices (issue 14).
 * - 5: an account keeps the customers merged into it (mergedFrom), so a payment naming one of
 *   them is the kept customer's (74ea6ed): version 4's books have no such list for past merges.
 */
export const ACCOUNTS_VERSION = 5;

export interface OpenAccountsOptions {
  /** Called every few thousand events while a rebuild or a catch-up replays the log. */
  onProgress?: (progress: ReplayProgress) => void;
}

/**
 * The relay's accounts (issue 13 §1): the billing fold every console runs
 * (src/shared/billing/engine), applied to each event inside the transaction that
 * appends it (EventLog's projection), so what it answers is as of the last append.
 * The book stays in memory; its state is written beside the applied seq (migration
 * 0017), so a restart loads it and catches up from there.
 */
export class RelayAccounts implements AccountsReader, CustomerAccountsReader, LogProjection {
  private readonly s: AccountsStatements;
  private book!: BillingBook;
  /** The last seq applied in memory; at or below it again means the tables were rolled back. */
  private memorySeq = 0;
  /** An apply threw part-way (its savepoint rolled back): the memory is reloaded before the next. */
  private stale: { clockMs: number } | null = null;
  private dirty = false;

  /** Opens the projection: loads it, rebuilds it if its version differs, and catches up with the log. */
  static open(db: RelayDatabase, options: OpenAccountsOptions = {}): RelayAccounts {
    const accounts = new RelayAccounts(db);
    const state = accounts.s.readState.get();
    if (state?.version !== ACCOUNTS_VERSION) accounts.reset();
    accounts.catchUp(options);
    return accounts;
  }

  /** Empties the tables and replays the whole log, without catching the old ones up first. */
  static rebuilt(db: RelayDatabase, options: OpenAccountsOptions = {}): RelayAccounts {
    const accounts = new RelayAccounts(db);
    accounts.rebuild(options);
    return accounts;
  }

  private constructor(private readonly db: RelayDatabase) {
    this.s = accountsStatements(db);
    this.load();
  }

  get appliedSeq(): number {
    return this.memorySeq;
  }

  /** Empties the tables and replays the whole log (`npm run relay -- accounts rebuild`). */
  rebuild(options: OpenAccountsOptions = {}): void {
    this.reset();
    this.catchUp(options);
  }

  apply(seq: number, event: RingsideEvent): void {
    if (this.stale !== null) this.reloadKeepingClock();
    else if (seq <= this.memorySeq) this.load();
    const clockMs = this.book.clockMs;
    try {
      const effects = applyBillingEvent(this.book, seq, event);
      writeAccountEffects(this.s, this.book, seq, event, effects);
    } catch (error) {
      this.stale = { clockMs };
      throw error;
    }
    this.memorySeq = seq;
    this.dirty = true;
  }

  /** The end of the append's transaction: the applied seq and the clock, once per commit. */
  finish(): void {
    if (this.stale !== null) this.reloadKeepingClock();
    if (!this.dirty) return;
    this.s.writeProgress.run({ applied_seq: this.memorySeq, clock_ms: Number.isFinite(this.book.clockMs) ? this.book.clockMs : null });
    this.dirty = false;
  }

  /** The append's transaction was rolled back: the memory is ahead of the tables. */
  rolledBack(): void {
    this.load();
  }

  standingOfNumber(e164: string, nowMs: number): AccountStanding | null {
    const owner = this.s.ownerOfNumber.get({ phone_e164: e164 });
    return owner ? this.standingOfCustomer(owner.customer_id, nowMs) : null;
  }

  standingOfCustomer(customerId: string, nowMs: number): AccountStanding | null {
    const customer = this.s.customer.get({ customer_id: customerId });
    if (!customer) return null;
    const stored = this.book.accounts.get(customerId);
    const view = stored ? accountViewAt(this.book.catalog, stored, nowMs) : null;
    const sub = view?.subscription?.state === 'active' ? view.subscription : null;
    const plan = sub?.plan ?? null;
    return {
      customerId,
      name: customer.name,
      company: customer.company,
      phones: this.s.phonesOf.all({ customer_id: customerId }).map((p) => p.phone_e164),
      planId: sub?.planId ?? null,
      planName: plan?.name ?? null,
      balanceExempt: plan?.balanceExempt ?? false,
      includedSecondsRemaining: sub ? sub.remainingSeconds : null,
      walletBalanceMinor: view?.wallet?.balanceMinor ?? null,
      currency: view?.wallet?.currency ?? plan?.currency ?? null,
      openInvoices: this.s.openInvoicesOf.all({ customer_id: customerId }).map((i) => ({
        invoiceKey: i.invoice_key,
        docNumber: i.doc_number,
        balanceMinor: i.balance_minor,
        currency: i.currency,
        dueDate: i.due_date,
      })),
    };
  }

  customerIds(): string[] {
    return this.s.customerIds.all().map((row) => row.customer_id);
  }

  accountOf(customerId: string, nowMs: number): CustomerAccount | null {
    const customer = this.s.customer.get({ customer_id: customerId });
    if (!customer) return null;
    const stored = this.book.accounts.get(customerId);
    const emails = this.s.emailsOf.all({ customer_id: customerId }).map((row) => row.email.trim());
    return {
      customerId,
      name: customer.name,
      company: customer.company,
      emails: [...new Set(emails.filter(looksLikeAnEmail))],
      phones: this.s.phonesOf.all({ customer_id: customerId }).map((p) => p.phone_e164),
      quickbooksId: customer.quickbooks_id,
      address: customer.address,
      view: stored ? accountViewAt(this.book.catalog, stored, nowMs) : { subscription: null, wallet: null },
      invoices: this.s.invoicesOf.all({ customer_id: customerId }).map(invoiceOfRow),
    };
  }

  survivorOf(customerId: string): string | null {
    let id = customerId;
    // A chain of merges (a into b, b into c) ends at a customer who is still there; a loop never does.
    for (let step = 0; step < 1000; step++) {
      if (this.s.customerExists.get({ customer_id: id })) return id;
      const merged = this.s.mergedInto.get({ customer_id: id });
      if (!merged) return null;
      id = merged.into_customer_id;
    }
    return null;
  }

  invoiceOf(customerId: string, invoiceKey: string): CustomerInvoiceWithLines | null {
    const row = this.s.invoiceOf.get({ customer_id: customerId, invoice_key: invoiceKey });
    if (!row) return null;
    return {
      ...invoiceOfRow(row),
      periodStart: row.period_start,
      periodEnd: row.period_end,
      subtotalMinor: row.subtotal_minor,
      taxMinor: row.tax_minor,
      lines: this.s.linesOf.all({ invoice_key: invoiceKey }).map((l) => JSON.parse(l.line_json) as InvoiceLineRow),
    };
  }

  callsOf(customerId: string, options: { limit: number; beforeStartedAt?: string }): CustomerCall[] {
    const before = options.beforeStartedAt === undefined ? Number.NaN : Date.parse(options.beforeStartedAt);
    const rows = this.s.callsOf.all({
      customer_id: customerId,
      before_ms: Number.isFinite(before) ? before : Number.MAX_SAFE_INTEGER,
      limit: Math.max(0, Math.min(Math.floor(options.limit), 1000)),
    });
    return rows.map((row) => {
      const c = JSON.parse(row.record_json) as ChargeRecord;
      return {
        callId: c.callId,
        startedAt: new Date(c.startedAtMs).toISOString(),
        billedSeconds: c.billableSeconds,
        owedMinor: c.owedMinor,
        currency: c.currency,
        paidBy: paidByWords(c.lines),
        corrected: row.reversed_by_charge_id !== null,
      };
    });
  }

  /** Applies, in transactions of a few thousand, every stored event after the applied seq. */
  private catchUp(options: OpenAccountsOptions): void {
    replayStoredEvents(this.db, this.memorySeq, (entries) => {
      this.db.transaction(() => {
        for (const { seq, event } of entries) {
          if (event === null) this.skip(seq);
          else this.apply(seq, event);
        }
        this.finish();
      })();
    }, options.onProgress);
  }

  /** An event this relay cannot read (a newer Ringside's): its seq is consumed, as on a console. */
  private skip(seq: number): void {
    this.memorySeq = seq;
    this.dirty = true;
  }

  private reset(): void {
    this.db.transaction(() => {
      for (const table of ACCOUNTS_TABLES) this.db.prepare(`DELETE FROM ${table}`).run();
      this.db
        .prepare('INSERT INTO accounts_state (id, version, applied_seq, clock_ms, catalog_json) VALUES (1, ?, 0, NULL, ?)')
        .run(ACCOUNTS_VERSION, JSON.stringify(defaultCatalog()));
    })();
    this.load();
  }

  private reloadKeepingClock(): void {
    const { clockMs } = this.stale!;
    const seq = this.memorySeq;
    const dirty = this.dirty;
    this.load();
    // Inside the transaction: the tables hold every event applied before the failed one.
    this.book.clockMs = clockMs;
    this.memorySeq = seq;
    this.dirty = dirty;
  }

  /** The book as the tables hold it: catalog and clock, every account with its next due time, and who has which number (as the fold has it). */
  private load(): void {
    this.stale = null;
    this.dirty = false;
    const state = this.s.readState.get();
    const catalog: Catalog = state ? (JSON.parse(state.catalog_json) as Catalog) : defaultCatalog();
    const book = createBillingBook(new RelayChargeStore(this.s), catalog);
    book.clockMs = state?.clock_ms ?? Number.NEGATIVE_INFINITY;
    for (const row of this.db.prepare('SELECT state_json FROM accounts_books ORDER BY customer_id').all() as { state_json: string }[]) {
      const account = JSON.parse(row.state_json) as AccountState;
      book.accounts.set(account.customerId, account);
      if (account.subscription) book.subscriptionOwners.set(account.subscription.subscriptionId, account.customerId);
      for (const topUp of account.topUpInvoices ?? []) book.topUpOwners.set(topUp.invoiceKey, account.customerId);
      book.due.schedule(account.customerId, nextDueMs(account));
    }
    const phones = this.db.prepare('SELECT customer_id, seq, phone_e164 FROM accounts_book_phones ORDER BY seq, customer_id, phone_e164').all() as {
      customer_id: string;
      seq: number;
      phone_e164: string;
    }[];
    const byCustomer = new Map<string, { seq: number; phones: string[] }>();
    for (const row of phones) {
      const entry = byCustomer.get(row.customer_id) ?? { seq: row.seq, phones: [] };
      entry.phones.push(row.phone_e164);
      byCustomer.set(row.customer_id, entry);
    }
    for (const [customerId, entry] of byCustomer) setCustomerPhones(book, customerId, entry.phones, entry.seq);
    this.book = book;
    this.memorySeq = state?.applied_seq ?? 0;
  }
}

function invoiceOfRow(row: CustomerInvoiceRow): CustomerInvoice {
  return {
    invoiceKey: row.invoice_key,
    kind: row.kind,
    status: row.status as InvoiceStatus,
    issueDate: row.issue_date,
    dueDate: row.due_date,
    totalMinor: row.total_minor,
    balanceMinor: row.balance_minor,
    currency: row.currency,
    docNumber: row.doc_number,
    quickbooksId: row.quickbooks_id,
    issuedSeq: row.issued_seq,
  };
}

/** Something, an @, something with a dot: what can be sent to (a console accepts what its admin types). */
function looksLikeAnEmail(email: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email);
}
