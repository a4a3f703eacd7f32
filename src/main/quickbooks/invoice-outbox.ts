import type { ConsoleEventInput } from '../../shared/events/model';
import { allNow } from '../db/query-now';
import type { InvoiceLinesTable, InvoicesTable, OutboxAction, OutboxState, QuickBooksOutboxTable } from '../db/schema';
import { CustomerLinkError, ensureQuickbooksCustomer, type CustomerLinkDeps } from './customer-link';
import { isUnknownOutcome, QuickBooksFault, parseFaultBody, type QuickBooksFaultInfo } from './fault-classification';
import { invoiceKeyInNote } from './invoice-marker';
import { isVoidedInvoice } from './payment-mapping';
import { batchRequestIdFor, docNumberFor, invoiceLink, invoicePayload, requestIdFor, type ServiceItemNames, type ServiceItemRole } from './invoice-payload';
import { queryLiteral } from './quickbooks-api';
import { backoffDelay } from '../../shared/backoff/backoff';
import { resolveServiceItems, ServiceItemError } from './service-items';
import { appendLog, quickbooksIdForCustomer } from './sync-store';
import { QUERY_PAGE_SIZE } from './change-sync';
import { pushedQuickbooksTotal, recordQuickbooksTotal } from './invoice-totals';
import { currentTaxTreatment } from './tax-mapping';

/**
 * Invoices out (issue 4 §3). Jobs are written by triggers in the billing projection's own
 * transaction (migration 0200) and drained here, up to 30 invoices per batch request.
 *
 * No duplicates, no losses:
 * - a job is marked 'unknown' (attempts + 1) before anything is sent, so a crash or a lost
 *   answer is followed by a DocNumber lookup before anything is created again;
 * - the DocNumber and every requestid derive from the invoice key, so retries replay;
 * - a 6140 (DocNumber taken) on a create means it is already there: look it up, adopt it;
 * - a 6000 on a retried create may be QuickBooks replaying the requestid (reported for
 *   batches): an unknown outcome, looked up, never a failure;
 * - with CustomTxnNumbers off QuickBooks numbers the invoice itself: it is found by the
 *   marker in its PrivateNote (invoice-marker.ts) and its Id and number are stored;
 * - a console taking the sync over from another that may have left creates unannounced
 *   looks all its queued creates up first (lookUpQueuedCreates, sync-lease.ts).
 * A validation fault stops only its invoice (failed, with the reason and intuit_tid) until
 * someone fixes it and retries.
 */

export const BATCH_MAX_ITEMS = 30;
/** Backoff of a job whose whole request failed after the client's own retries. */
const JOB_BACKOFF = { baseMs: 5_000, capMs: 15 * 60_000 };
/** Rows each page of the marker lookup shares with the one before. */
const MARKER_PAGE_OVERLAP = 50;
/** invoice.synced posts to the relay in flight at once. */
const ANNOUNCE_IN_FLIGHT = 8;

export interface OutboxSettings {
  emailInvoices: 'on_sync' | 'manual';
  serviceItems: ServiceItemNames;
}

export interface InvoiceOutboxDeps extends CustomerLinkDeps {
  settings: () => OutboxSettings;
  environment: () => 'sandbox' | 'production';
  random?: () => number;
  /** Jobs per batch request (≤30). */
  batchSize?: number;
  /** The connected company's realm: its profile decides the tax codes; null or absent while unknown (invoices then wait). */
  realmId?: () => string | null;
  /** The company's Preferences.SalesFormsPrefs.CustomTxnNumbers; null while unknown (then both lookups run). */
  customTxnNumbers?: () => boolean | null;
}

export interface OutboxFailure {
  invoiceKey: string;
  action: OutboxAction;
  code: string | null;
  message: string;
  intuitTid: string | null;
  attempts: number;
  at: string;
}

export interface DrainResult {
  synced: number;
  voided: number;
  failed: number;
}

/** Thrown out of a drain when nothing can go on (the connection, the role): jobs stay queued. */
export class OutboxStopped extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'OutboxStopped';
  }
}

interface QboInvoice {
  Id: string;
  SyncToken?: string;
  DocNumber?: string;
  TotalAmt?: number;
  TxnDate?: string;
  PrivateNote?: string;
  InvoiceLink?: string;
  BillEmail?: { Address?: string };
}

type Job = QuickBooksOutboxTable;

export class InvoiceOutbox {
  private items: Record<ServiceItemRole, string> | null = null;
  private itemNamesKey = '';

  constructor(private readonly deps: InvoiceOutboxDeps) {}

  /** Jobs still to do (pending, unknown or created), and those stopped on a fault. */
  depth(): { queued: number; failed: number; waitingTax: number } {
    const row = this.deps.db.sqlite
      .prepare(`SELECT SUM(state IN ('pending', 'unknown', 'created')) AS queued, SUM(state = 'failed') AS failed, SUM(state = 'waiting_tax') AS waiting FROM quickbooks_outbox`)
      .get() as { queued: number | null; failed: number | null; waiting: number | null };
    return { queued: row.queued ?? 0, failed: row.failed ?? 0, waitingTax: row.waiting ?? 0 };
  }

  failures(): OutboxFailure[] {
    const { db } = this.deps;
    const rows = allNow(db, db.kysely.selectFrom('quickbooks_outbox').selectAll().where('state', '=', 'failed').orderBy('updated_at_ms', 'desc'));
    return rows.map((j) => ({
      invoiceKey: j.invoice_key,
      action: j.action,
      code: j.error_code,
      message: j.error_message ?? '',
      intuitTid: j.intuit_tid,
      attempts: j.attempts,
      at: new Date(j.updated_at_ms).toISOString(),
    }));
  }

  /** "Fix and retry": a new requestid series; the DocNumber stays, so nothing doubles. */
  retryInvoice(invoiceKey: string): boolean {
    const { changes } = this.deps.db.sqlite
      .prepare(`UPDATE quickbooks_outbox SET state = 'pending', series = series + 1, next_attempt_at_ms = 0, updated_at_ms = ? WHERE invoice_key = ? AND state = 'failed'`)
      .run(this.deps.clock(), invoiceKey);
    return changes > 0;
  }

  retryAll(): number {
    // A job waiting out a backoff is also brought forward.
    const now = this.deps.clock();
    const failed = this.deps.db.sqlite.prepare(`UPDATE quickbooks_outbox SET state = 'pending', series = series + 1, next_attempt_at_ms = 0, updated_at_ms = ? WHERE state = 'failed'`).run(now).changes;
    this.deps.db.sqlite.prepare(`UPDATE quickbooks_outbox SET next_attempt_at_ms = 0 WHERE state IN ('pending', 'unknown', 'created')`).run();
    return failed;
  }

  /**
   * Taking over from a console that may have created some of these without telling the log
   * (its answer was in flight when it stopped, or it crashed before invoice.synced): every
   * queued create whose invoice is not synced yet is an unknown outcome, looked up in
   * QuickBooks (DocNumber, marker) before anything is created.
   */
  lookUpQueuedCreates(): number {
    const { changes } = this.deps.db.sqlite
      .prepare(
        `UPDATE quickbooks_outbox SET state = 'unknown', updated_at_ms = ? WHERE action = 'create' AND state = 'pending'
         AND invoice_key IN (SELECT invoice_key FROM invoices WHERE quickbooks_id IS NULL)`,
      )
      .run(this.deps.clock());
    if (changes > 0) this.log('out', 'invoices', 'retrying', null, `${changes} queued invoices are looked up in QuickBooks first: the console that synced before may have created them`, null);
    return changes;
  }

  /** When the next job is due (ms epoch), or null when the queue is empty. */
  nextDueAt(): number | null {
    const row = this.deps.db.sqlite.prepare(`SELECT MIN(next_attempt_at_ms) AS due FROM quickbooks_outbox WHERE state IN ('pending', 'unknown', 'created')`).get() as { due: number | null };
    return row.due;
  }

  /** Works until no job is due. */
  async drain(): Promise<DrainResult> {
    const result: DrainResult = { synced: 0, voided: 0, failed: 0 };
    for (;;) {
      const announced = await this.announceCreated(result);
      const creates = this.dueJobs('create');
      if (creates.length > 0) {
        await this.pushCreates(creates, result);
        continue;
      }
      const voids = this.dueJobs('void');
      if (voids.length > 0) {
        for (const job of voids) await this.pushVoid(job, result);
        continue;
      }
      if (!announced) return result;
    }
  }

  /** Emails an invoice through QuickBooks to the customer's billing email (spec §5.4 send). */
  async sendInvoice(invoiceKey: string): Promise<{ sentTo: string }> {
    const invoice = this.invoice(invoiceKey);
    const quickbooksId = invoice?.quickbooks_id ?? this.job(invoiceKey, 'create')?.quickbooks_id ?? null;
    if (!invoice || quickbooksId === null) throw new Error(`Invoice #${docNumberFor(invoiceKey)} is not in QuickBooks yet; it can be emailed once it is.`);
    const email = this.billingEmail(invoice);
    if (email === null) throw new Error(`The customer of invoice #${docNumberFor(invoiceKey)} has no billing email in QuickBooks; add one there, then send it again.`);
    const answer = await this.deps.api.request<{ Invoice: QboInvoice }>({
      method: 'POST',
      path: `/invoice/${encodeURIComponent(quickbooksId)}/send`,
      query: { sendTo: email },
      contentType: 'octet',
    });
    this.log('out', `email ${invoiceKey}`, 'ok', quickbooksId, `sent to ${email}`, answer.intuitTid);
    return { sentTo: email };
  }

  // ---- creates ------------------------------------------------------------------

  private async pushCreates(jobs: Job[], result: DrainResult): Promise<void> {
    const ready: { job: Job; docNumber: string; payload: Record<string, unknown> }[] = [];
    const unknown: Job[] = [];
    for (const job of jobs) {
      const invoice = this.invoice(job.invoice_key);
      if (!invoice) {
        this.fail(job, { code: 'RINGSIDE', message: `invoice ${job.invoice_key} is not in this console's invoices`, intuitTid: null });
        result.failed += 1;
        continue;
      }
      if (invoice.quickbooks_id !== null || (invoice.status !== 'ready' && invoice.status !== 'void')) {
        // The log already has it synced (another console, or a replay of the log).
        this.update(job, { state: 'done', quickbooks_id: invoice.quickbooks_id, doc_number: invoice.doc_number });
        continue;
      }
      if (job.state === 'unknown') unknown.push(job);
      else if (invoice.status === 'void') this.update(job, { state: 'done' });
      else {
        const built = await this.buildPayload(job, invoice, result);
        if (built) ready.push({ job, ...built });
      }
    }
    // After an unknown outcome: is it there already? One query for all of them.
    if (unknown.length > 0) {
      const found = await this.findExisting(unknown);
      for (const job of unknown) {
        const invoice = this.invoice(job.invoice_key)!;
        const existing = found.get(job.invoice_key);
        if (existing) {
          this.created(job, existing, invoice.status === 'void');
          continue;
        }
        if (invoice.status === 'void') {
          this.update(job, { state: 'done' });
          continue;
        }
        const built = await this.buildPayload(job, invoice, result);
        if (built) ready.push({ job, ...built });
      }
    }
    if (ready.length === 0) return;

    const now = this.deps.clock();
    // Durable before sending: a crash from here on is an unknown outcome, looked up on restart.
    this.deps.db.sqlite.transaction(() => {
      for (const r of ready) this.update(r.job, { state: 'unknown', attempts: r.job.attempts + 1, doc_number: r.docNumber, updated_at_ms: now });
    })();

    try {
      if (ready.length === 1) await this.createOne(ready[0]!, result);
      else await this.createBatch(ready, result);
    } catch (error) {
      this.afterRequestFailure(ready.map((r) => r.job), error);
    }
  }

  private async createOne(entry: { job: Job; payload: Record<string, unknown> }, result: DrainResult): Promise<void> {
    try {
      const answer = await this.deps.api.request<{ Invoice: QboInvoice }>({
        method: 'POST',
        path: '/invoice',
        requestId: requestIdFor('create', entry.job.invoice_key, entry.job.series),
        body: entry.payload,
      });
      this.created(entry.job, answer.json.Invoice, false, answer.intuitTid);
    } catch (error) {
      if (error instanceof QuickBooksFault && error.info.kind === 'validation' && isUnknownOutcome(error.info, error.info.attempts ?? 1)) {
        await this.settleUnknown([entry.job], error.info);
        return;
      }
      // 610 here is an inactive customer or item on this invoice: its own problem, like a validation fault.
      if (!(error instanceof QuickBooksFault) || !['validation', 'not_found', 'stale'].includes(error.info.kind)) throw error;
      await this.itemFault(entry.job, error.info, result);
    }
  }

  private async createBatch(entries: { job: Job; payload: Record<string, unknown> }[], result: DrainResult): Promise<void> {
    const ids = entries.map((_, i) => `b${i}`);
    const answer = await this.deps.api.request<{ BatchItemResponse?: { bId: string; Invoice?: QboInvoice; Fault?: unknown }[] }>({
      method: 'POST',
      path: '/batch',
      batch: true,
      requestId: batchRequestIdFor(entries.map((e) => ({ invoiceKey: e.job.invoice_key, series: e.job.series }))),
      body: { BatchItemRequest: entries.map((e, i) => ({ bId: ids[i], operation: 'create', Invoice: e.payload })) },
    });
    const byId = new Map((answer.json.BatchItemResponse ?? []).map((r) => [r.bId, r]));
    const unknown: { job: Job; info: QuickBooksFaultInfo }[] = [];
    for (const [i, entry] of entries.entries()) {
      const item = byId.get(ids[i]!);
      if (item?.Invoice) {
        this.created(entry.job, item.Invoice, false, answer.intuitTid);
        continue;
      }
      const parsed = parseFaultBody(JSON.stringify({ Fault: item?.Fault ?? {} }));
      const info: QuickBooksFaultInfo = {
        kind: parsed.code === '10000' || parsed.code === null ? 'retryable' : 'validation',
        status: 200,
        code: parsed.code,
        message: parsed.message ?? 'the batch answered nothing for this invoice',
        detail: parsed.detail,
        intuitTid: answer.intuitTid,
        retryAfterMs: null,
      };
      if (info.kind === 'retryable') this.backOff(entry.job, info);
      else if (isUnknownOutcome(info, answer.attempts)) unknown.push({ job: entry.job, info });
      else await this.itemFault(entry.job, info, result);
    }
    if (unknown.length > 0) await this.settleUnknown(unknown.map((u) => u.job), unknown[0]!.info);
  }

  /**
   * The answer does not say whether these were created (a 6000 after a retry): found in
   * QuickBooks, they are ours; not found, the first try created nothing, and the next try goes
   * out under a new requestid series (the old one would only be replayed), after a lookup again.
   */
  private async settleUnknown(jobs: Job[], info: QuickBooksFaultInfo): Promise<void> {
    const found = await this.findExisting(jobs);
    for (const job of jobs) {
      const existing = found.get(job.invoice_key);
      if (existing) {
        this.created(job, existing, false, info.intuitTid);
        continue;
      }
      this.update(job, { series: job.series + 1 });
      this.backOff(job, { code: info.code, message: 'QuickBooks refused a repeated request and the invoice is not there; it is sent again', intuitTid: info.intuitTid });
    }
  }

  /** A fault that concerns one invoice: a taken DocNumber is ours already; anything else stops it. */
  private async itemFault(job: Job, info: QuickBooksFaultInfo, result: DrainResult): Promise<void> {
    if (info.code === '6140') {
      const found = await this.findByDocNumbers([docNumberFor(job.invoice_key)]);
      const existing = found.get(docNumberFor(job.invoice_key));
      if (existing) return this.created(job, existing, false, info.intuitTid);
    }
    this.fail(job, { code: info.code, message: info.detail ?? info.message, intuitTid: info.intuitTid });
    result.failed += 1;
    await this.postFailure(job, info.code, info.detail ?? info.message, info.intuitTid);
  }

  /** The whole request failed after the client's retries. */
  private afterRequestFailure(jobs: Job[], error: unknown): void {
    if (error instanceof QuickBooksFault && (error.info.kind === 'retryable' || error.info.kind === 'throttled')) {
      for (const job of jobs) this.backOff(job, error.info);
      return;
    }
    throw new OutboxStopped(error instanceof Error ? error.message : String(error), error);
  }

  private backOff(job: Job, info: Pick<QuickBooksFaultInfo, 'code' | 'message' | 'intuitTid'>): void {
    const delay = backoffDelay(job.attempts, this.deps.random ?? Math.random, JOB_BACKOFF);
    this.update(job, { next_attempt_at_ms: this.deps.clock() + delay, error_code: info.code, error_message: info.message, intuit_tid: info.intuitTid });
    this.log('out', `invoice ${job.invoice_key}`, 'retrying', null, `${info.message}; next try in ${Math.round(delay / 1000)} s`, info.intuitTid);
  }

  /** It is in QuickBooks: remember that first (locally), then tell the log. */
  private created(job: Job, invoice: QboInvoice, voided: boolean, intuitTid: string | null = null): void {
    recordQuickbooksTotal(this.deps.db, job.invoice_key, invoice.TotalAmt);
    this.update(job, { state: voided ? 'done' : 'created', quickbooks_id: invoice.Id, doc_number: invoice.DocNumber ?? docNumberFor(job.invoice_key), error_code: null, error_message: null, intuit_tid: intuitTid });
    this.log('out', `invoice ${job.invoice_key}`, 'ok', invoice.Id, `created as ${invoice.DocNumber ?? ''}`, intuitTid);
  }

  /** Posts invoice.synced for every created job, a few at a time (and emails it when the setting says so). */
  private async announceCreated(result: DrainResult): Promise<boolean> {
    const jobs = this.deps.db.sqlite.prepare(`SELECT * FROM quickbooks_outbox WHERE state = 'created' AND action = 'create' ORDER BY updated_at_ms LIMIT 200`).all() as Job[];
    let next = 0;
    const announce = async (): Promise<void> => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        await this.announce(job);
        result.synced += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(ANNOUNCE_IN_FLIGHT, jobs.length) }, announce));
    return jobs.length > 0;
  }

  private async announce(job: Job): Promise<void> {
    const quickbooksId = job.quickbooks_id!;
    const docNumber = job.doc_number ?? docNumberFor(job.invoice_key);
    const syncedAt = new Date(this.deps.clock()).toISOString();
    await this.postOrStop({
      id: `qbo-invoice-synced:${job.invoice_key}`,
      occurredAt: syncedAt,
      type: 'invoice.synced',
      data: { invoiceKey: job.invoice_key, quickbooksId, docNumber, link: invoiceLink(quickbooksId, this.deps.environment(), null), syncedAt, quickbooksTotalMinor: pushedQuickbooksTotal(this.deps.db, job.invoice_key) },
    });
    if (this.deps.settings().emailInvoices === 'on_sync') {
      try {
        await this.sendInvoice(job.invoice_key);
      } catch (error) {
        // The invoice is in QuickBooks either way; a failed email is logged and can be sent again by hand.
        const tid = error instanceof QuickBooksFault ? error.info.intuitTid : null;
        this.log('out', `email ${job.invoice_key}`, 'failed', quickbooksId, error instanceof Error ? error.message : String(error), tid);
      }
    }
    this.update(job, { state: 'done' });
  }

  private async buildPayload(job: Job, invoice: InvoicesTable, result: DrainResult): Promise<{ docNumber: string; payload: Record<string, unknown> } | null> {
    const stop = async (message: string): Promise<null> => {
      this.fail(job, { code: 'RINGSIDE', message, intuitTid: null });
      result.failed += 1;
      await this.postFailure(job, 'RINGSIDE', message, null);
      return null;
    };
    if (invoice.customer_id === null) return stop('the invoice has no customer');
    let items: Record<ServiceItemRole, string>;
    let customerQuickbooksId: string;
    try {
      items = await this.serviceItems();
      customerQuickbooksId = await ensureQuickbooksCustomer(this.deps, invoice.customer_id);
    } catch (error) {
      if (error instanceof ServiceItemError || error instanceof CustomerLinkError) return stop(error.message);
      throw error;
    }
    const lines = this.deps.db.sqlite.prepare('SELECT * FROM invoice_lines WHERE invoice_key = ? ORDER BY line_no').all(job.invoice_key) as InvoiceLinesTable[];
    const tax = currentTaxTreatment(this.deps.db, this.deps.realmId?.() ?? null);
    if (tax === null) {
      // The tax model is the company's: wait for its profile rather than guess (read before each pass).
      this.backOff(job, { code: null, message: 'reading the QuickBooks company first', intuitTid: null });
      return null;
    }
    const built = invoicePayload({ invoice, lines, customerQuickbooksId, items, billEmail: this.billingEmail(invoice), tax });
    if (!built.ok && built.unmappedRates !== undefined) {
      // Not a failure: it goes out by itself once a code is chosen (tax-mapping.ts releaseTaxWaits).
      this.update(job, { state: 'waiting_tax', error_code: null, error_message: built.problem, intuit_tid: null });
      this.log('out', `invoice ${job.invoice_key}`, 'skipped', null, built.problem, null);
      return null;
    }
    if (!built.ok) return stop(built.problem);
    // The company numbers its invoices: ours would be ignored or confuse its sequence.
    if (this.deps.customTxnNumbers?.() === false) {
      const { DocNumber: _ours, ...payload } = built.payload;
      return { docNumber: built.docNumber, payload };
    }
    return built;
  }

  private async serviceItems(): Promise<Record<ServiceItemRole, string>> {
    const names = this.deps.settings().serviceItems;
    const key = JSON.stringify(names);
    if (this.items === null || this.itemNamesKey !== key) {
      this.items = await resolveServiceItems(this.deps.api, names);
      this.itemNamesKey = key;
    }
    return this.items;
  }

  // ---- voids --------------------------------------------------------------------

  private async pushVoid(job: Job, result: DrainResult): Promise<void> {
    const create = this.job(job.invoice_key, 'create');
    if (create && (create.state === 'pending' || create.state === 'unknown' || create.state === 'created')) {
      // The create's outcome comes first (it looks itself up); try again after it.
      this.update(job, { next_attempt_at_ms: this.deps.clock() + 1_000 });
      return;
    }
    const known = this.invoice(job.invoice_key)?.quickbooks_id ?? create?.quickbooks_id ?? null;
    this.update(job, { attempts: job.attempts + 1 });
    try {
      const quickbooksId = known ?? (await this.findExisting([job])).get(job.invoice_key)?.Id ?? null;
      if (quickbooksId === null) {
        this.update(job, { state: 'done' });
        this.log('out', `void ${job.invoice_key}`, 'skipped', null, 'never reached QuickBooks', null);
        return;
      }
      for (let tries = 0; ; tries++) {
        const current = (await this.deps.api.request<{ Invoice: QboInvoice }>({ method: 'GET', path: `/invoice/${encodeURIComponent(quickbooksId)}` })).json.Invoice;
        if (isVoidedInvoice(current)) break;
        try {
          const answer = await this.deps.api.request<{ Invoice: QboInvoice }>({
            method: 'POST',
            path: '/invoice',
            query: { operation: 'void' },
            requestId: requestIdFor('void', job.invoice_key, job.series),
            body: { Id: quickbooksId, SyncToken: current.SyncToken },
          });
          this.log('out', `void ${job.invoice_key}`, 'ok', quickbooksId, 'voided', answer.intuitTid);
          break;
        } catch (error) {
          // 5010: edited in QuickBooks meanwhile; read again and retry once (spec §12).
          if (error instanceof QuickBooksFault && error.info.kind === 'stale' && tries === 0) continue;
          throw error;
        }
      }
      this.update(job, { state: 'done', quickbooks_id: quickbooksId });
      result.voided += 1;
    } catch (error) {
      if (error instanceof QuickBooksFault && (error.info.kind === 'validation' || error.info.kind === 'not_found' || error.info.kind === 'stale')) {
        this.fail(job, { code: error.info.code, message: error.info.detail ?? error.info.message, intuitTid: error.info.intuitTid });
        result.failed += 1;
        await this.postFailure(job, error.info.code, error.info.detail ?? error.info.message, error.info.intuitTid);
        return;
      }
      this.afterRequestFailure([job], error);
    }
  }

  // ---- helpers ------------------------------------------------------------------

  /**
   * The invoices of these jobs already in QuickBooks, by invoice key: by our DocNumber, and
   * unless the company is known to take our numbers, by the marker in PrivateNote among the
   * invoices of the same dates and customers (PrivateNote itself is not queryable).
   */
  private async findExisting(jobs: Job[]): Promise<Map<string, QboInvoice>> {
    const found = new Map<string, QboInvoice>();
    const custom = this.deps.customTxnNumbers?.() ?? null;
    if (custom !== false) {
      const byDoc = await this.findByDocNumbers(jobs.map((j) => docNumberFor(j.invoice_key)));
      for (const job of jobs) {
        const hit = byDoc.get(docNumberFor(job.invoice_key));
        if (hit) found.set(job.invoice_key, hit);
      }
    }
    const rest = jobs.filter((j) => !found.has(j.invoice_key));
    if (custom === true || rest.length === 0) return found;
    const wanted = new Set(rest.map((j) => j.invoice_key));
    const invoices = rest.map((j) => this.invoice(j.invoice_key));
    const dates = [...new Set(invoices.map((invoice) => invoice?.issue_date).filter((d): d is string => typeof d === 'string'))];
    // Only these customers' invoices, when every one is linked here (another console may have created and linked one this console has not heard of yet).
    const customers = invoices.map((invoice) => (invoice?.customer_id ? quickbooksIdForCustomer(this.deps.db, invoice.customer_id) : null));
    const ofCustomers = customers.every((id): id is string => id !== null) ? ` AND CustomerRef IN (${[...new Set(customers)].map(queryLiteral).join(', ')})` : '';
    for (let i = 0; i < dates.length; i += 50) {
      const where = `TxnDate IN (${dates.slice(i, i + 50).map(queryLiteral).join(', ')})${ofCustomers}`;
      // Pages overlap, as readByQuery's do: an invoice added meanwhile shifts offsets without one being skipped.
      for (let start = 1; ; start += QUERY_PAGE_SIZE - MARKER_PAGE_OVERLAP) {
        const { rows } = await this.deps.api.query<QboInvoice>(`SELECT * FROM Invoice WHERE ${where} ORDERBY Id STARTPOSITION ${start} MAXRESULTS ${QUERY_PAGE_SIZE}`);
        for (const row of rows) {
          const key = invoiceKeyInNote(row.PrivateNote);
          if (key !== null && wanted.has(key)) found.set(key, row);
        }
        if (rows.length < QUERY_PAGE_SIZE) break;
      }
    }
    return found;
  }

  private async findByDocNumbers(docNumbers: string[]): Promise<Map<string, QboInvoice>> {
    const found = new Map<string, QboInvoice>();
    for (let i = 0; i < docNumbers.length; i += 100) {
      const chunk = docNumbers.slice(i, i + 100);
      const { rows } = await this.deps.api.query<QboInvoice>(`SELECT * FROM Invoice WHERE DocNumber IN (${chunk.map(queryLiteral).join(', ')}) MAXRESULTS 1000`);
      for (const row of rows) if (row.DocNumber !== undefined) found.set(row.DocNumber, row);
    }
    return found;
  }

  private async postFailure(job: Job, code: string | null, message: string, intuitTid: string | null): Promise<void> {
    await this.postOrStop({
      id: `qbo-invoice-failed:${job.invoice_key}:${job.action}:${job.series}`,
      occurredAt: new Date(this.deps.clock()).toISOString(),
      type: 'invoice.sync_failed',
      data: { invoiceKey: job.invoice_key, retryable: false, code: code?.slice(0, 50) ?? null, message: message.slice(0, 2000), intuitTid: intuitTid?.slice(0, 200) ?? null },
    });
  }

  private async postOrStop(event: ConsoleEventInput): Promise<void> {
    try {
      await this.deps.post(event);
    } catch (error) {
      throw new OutboxStopped(`could not tell the relay ${event.type}: ${error instanceof Error ? error.message : String(error)}`, error);
    }
  }

  private fail(job: Job, fault: { code: string | null; message: string; intuitTid: string | null }): void {
    this.update(job, { state: 'failed', error_code: fault.code, error_message: fault.message, intuit_tid: fault.intuitTid });
    this.log('out', `${job.action === 'void' ? 'void' : 'invoice'} ${job.invoice_key}`, 'failed', null, `${fault.code ?? ''} ${fault.message}`.trim(), fault.intuitTid);
  }

  private dueJobs(action: OutboxAction): Job[] {
    return this.deps.db.sqlite
      .prepare(`SELECT * FROM quickbooks_outbox WHERE action = ? AND state IN ('pending', 'unknown') AND next_attempt_at_ms <= ? ORDER BY enqueued_at_ms, invoice_key LIMIT ?`)
      .all(action, this.deps.clock(), Math.min(this.deps.batchSize ?? BATCH_MAX_ITEMS, BATCH_MAX_ITEMS)) as Job[];
  }

  private job(invoiceKey: string, action: OutboxAction): Job | undefined {
    return this.deps.db.sqlite.prepare('SELECT * FROM quickbooks_outbox WHERE invoice_key = ? AND action = ?').get(invoiceKey, action) as Job | undefined;
  }

  private invoice(invoiceKey: string): InvoicesTable | undefined {
    return this.deps.db.sqlite.prepare('SELECT * FROM invoices WHERE invoice_key = ?').get(invoiceKey) as InvoicesTable | undefined;
  }

  private billingEmail(invoice: InvoicesTable): string | null {
    if (invoice.customer_id === null) return null;
    const mirrored = this.deps.db.sqlite.prepare('SELECT email FROM quickbooks_customers WHERE customer_id = ? AND email IS NOT NULL LIMIT 1').get(invoice.customer_id) as { email: string } | undefined;
    if (mirrored) return mirrored.email;
    const row = this.deps.db.sqlite.prepare('SELECT email FROM customers WHERE customer_id = ?').get(invoice.customer_id) as { email: string | null } | undefined;
    return row?.email ?? null;
  }

  private update(job: Job, patch: Partial<Omit<Job, 'invoice_key' | 'action'>> & { state?: OutboxState }): void {
    const next = { ...job, updated_at_ms: this.deps.clock(), ...patch };
    this.deps.db.sqlite
      .prepare(
        `UPDATE quickbooks_outbox SET state = @state, series = @series, attempts = @attempts, next_attempt_at_ms = @next_attempt_at_ms, quickbooks_id = @quickbooks_id,
         doc_number = @doc_number, error_code = @error_code, error_message = @error_message, intuit_tid = @intuit_tid, updated_at_ms = @updated_at_ms
         WHERE invoice_key = @invoice_key AND action = @action`,
      )
      .run(next);
    Object.assign(job, next);
  }

  private log(direction: 'out' | 'in', subject: string, outcome: 'ok' | 'failed' | 'retrying' | 'skipped', quickbooksId: string | null, detail: string, intuitTid: string | null): void {
    appendLog(this.deps.db, { atMs: this.deps.clock(), direction, subject, outcome, quickbooksId, detail, intuitTid });
  }
}
