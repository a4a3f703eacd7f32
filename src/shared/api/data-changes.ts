import type { RingsideEventType } from '../events/model';
import type { ApiMethod } from './contract';

/**
 * What an applied batch may have changed, in the renderer's terms: the core pushes
 * `data.changed` with these kinds after each batch, and the renderer reads again
 * only the lists of those kinds (a ringing call does not re-read the invoices).
 */
export const dataKinds = ['calls', 'customers', 'billing', 'invoices', 'quickbooks', 'messages', 'alerts', 'jobs', 'privacy'] as const;
export type DataKind = (typeof dataKinds)[number];

export interface DataChanged {
  kinds: DataKind[];
}

/**
 * The kinds each event type changes. Written out for every type (the compiler
 * insists), so a new event type has to say what it changes.
 * - calls: the history (a customer's name shows on their calls);
 * - customers: the customer list (with each one's plan and time left);
 * - billing: subscriptions, wallets, charges, usage, statements, the catalog;
 * - invoices: the invoice list;
 * - quickbooks: the sync's own lists (invoice sync state, needs attention, log);
 * - messages: conversations, their messages, notes and inbox state;
 * - alerts: the relay's raised alerts (the banner);
 * - jobs: the job board, its calendar and each job's page;
 * - privacy: the retention policy and erasures.
 */
const changedByEventType: Record<RingsideEventType, readonly DataKind[]> = {
  'call.ringing': ['calls'],
  'call.answered': ['calls'],
  'call.completed': ['calls', 'customers', 'billing', 'invoices'],
  'call.corrected': ['customers', 'billing', 'invoices'],
  'call.missed': ['calls'],
  'call.forwarded': ['calls'],
  'call.recording_ready': ['calls'],
  'call.voicemail_ready': ['calls'],
  'call.transcript_ready': ['calls'],
  'call.summary_ready': ['calls'],
  // Messages may be billable usage (plans with included messages).
  'message.recorded': ['messages', 'customers', 'billing', 'invoices'],
  'contact.changed': ['customers'],
  'media.captured': ['calls', 'messages'],
  'relay.alert': ['alerts'],
  'alert.acknowledged': ['alerts'],
  'quickbooks.tax_mapping_defined': ['quickbooks', 'invoices'],
  'quickbooks.company_read': ['quickbooks', 'invoices'],
  'customer.suggestion_dismissed': ['customers'],
  // Names of who answered, spoke or sent; the business's lines.
  'provider.directory_synced': ['calls', 'messages', 'customers'],
  'conversation.status_changed': ['messages'],
  'conversation.assigned': ['messages'],
  'conversation.note_added': ['messages'],
  'messaging_policy.defined': ['messages'],
  'call.note_added': ['calls'],
  'call.disposition_set': ['calls'],
  'callback.claimed': ['calls'],
  'callback.released': ['calls'],
  'callback.completed': ['calls'],
  'customer.merged': ['calls', 'customers', 'billing', 'invoices', 'quickbooks', 'messages', 'jobs', 'privacy'],
  'line.defined': ['calls', 'messages'],
  'provider.unnormalized': [],
  'customer.upserted': ['calls', 'customers', 'billing', 'invoices', 'quickbooks', 'messages', 'jobs', 'privacy'],
  'customer.removed': ['calls', 'customers', 'billing', 'invoices', 'quickbooks', 'messages', 'jobs', 'privacy'],
  'plan.defined': ['customers', 'billing', 'invoices'],
  'rate_card.defined': ['billing'],
  'billing_policy.defined': ['billing'],
  'subscription.started': ['customers', 'billing', 'invoices'],
  'subscription.changed': ['customers', 'billing', 'invoices'],
  'subscription.cancelled': ['customers', 'billing', 'invoices'],
  'wallet.credited': ['billing'],
  'wallet.top_up_invoiced': ['billing', 'invoices'],
  'adjustment.recorded': ['customers', 'billing', 'invoices'],
  'invoice.status_changed': ['billing', 'invoices', 'quickbooks'],
  'quickbooks.connection_changed': ['quickbooks'],
  'quickbooks.entities_changed': ['quickbooks'],
  'invoice.synced': ['invoices', 'quickbooks'],
  'invoice.sync_failed': ['invoices', 'quickbooks'],
  // A paid top-up credits its wallet.
  'invoice.balance_changed': ['billing', 'invoices', 'quickbooks'],
  'payment.recorded': ['billing', 'invoices', 'quickbooks'],
  // Issue 13: why the AI agent served or refused a caller shows on the call.
  'call.assistant_decided': ['calls'],
  'payment.received': ['customers', 'billing', 'invoices'],
  'payment.failed': ['billing'],
  'payment_link.created': ['billing'],
  // Issue 15: transcripts, extractions and jobs; a redaction rewrites whatever it touched.
  'call.transcription_failed': ['calls'],
  'extraction.recorded': ['jobs', 'calls', 'messages'],
  'job.created': ['jobs'],
  'job.moved': ['jobs'],
  'job.edited': ['jobs'],
  'job.field_reviewed': ['jobs'],
  'job.note_added': ['jobs'],
  'job.photo_added': ['jobs'],
  'job_stages.named': ['jobs'],
  'retention_policy.defined': ['privacy'],
  'log.redacted': ['calls', 'customers', 'billing', 'invoices', 'messages', 'jobs', 'privacy'],
};

/**
 * The kinds a batch of applied events changed, in `dataKinds` order. Types this
 * console does not know (kept for a later version) change nothing it shows.
 */
export function dataKindsChangedBy(events: readonly ({ type: string } | null)[]): DataKind[] {
  const changed = new Set<DataKind>();
  for (const event of events) {
    if (event === null || !Object.prototype.hasOwnProperty.call(changedByEventType, event.type)) continue;
    for (const kind of changedByEventType[event.type as RingsideEventType]) changed.add(kind);
  }
  return dataKinds.filter((kind) => changed.has(kind));
}

/** The kinds each read depends on; a read not listed is read again on any change. */
const readKinds: Partial<Record<ApiMethod, readonly DataKind[]>> = {
  'calls.history': ['calls'],
  'customers.search': ['customers'],
  'customers.page': ['customers'],
  'billing.catalog': ['billing'],
  'billing.subscriptions': ['billing'],
  'billing.wallets': ['billing'],
  'billing.subscriptionPage': ['billing'],
  'billing.walletPage': ['billing'],
  'billing.walletLedger': ['billing'],
  'billing.charges': ['billing'],
  'billing.statement': ['billing'],
  'billing.usage': ['billing'],
  'billing.usageSummary': ['billing'],
  // Calls, charges, top-ups, subscription invoices and the customers' names.
  'dashboard.summary': ['calls', 'customers', 'billing', 'invoices'],
  'billing.invoices': ['invoices'],
  'billing.invoicePage': ['invoices'],
  'quickbooks.invoiceSync': ['invoices', 'quickbooks'],
  'quickbooks.log': ['quickbooks'],
  'quickbooks.needsAttention': ['quickbooks'],
  // A call's customer name, artifacts and captured media.
  'communications.callPage': ['calls', 'customers'],
  'communications.callDetail': ['calls', 'customers'],
  'messages.conversations': ['messages', 'customers'],
  'messages.conversation': ['messages', 'customers'],
  'messages.feed': ['messages', 'customers'],
  'messages.search': ['messages', 'calls', 'customers'],
  'messages.campaigns': ['messages'],
  'messages.unreadCount': ['messages'],
  'messages.policy': ['messages'],
  'messages.assignees': ['messages'],
  // Filled from the customer's open invoices.
  'messages.templates': ['messages', 'customers', 'invoices'],
  'alerts.active': ['alerts'],
  'alerts.recent': ['alerts'],
  'callbacks.queue': ['calls', 'customers'],
  'callNotes.forCall': ['calls'],
  'customers.detail': ['customers'],
  // From the customer's texts and transcripts, minus what their record holds and what was dismissed.
  'customers.suggestions': ['customers', 'messages', 'calls'],
  // Issue 15: the jobs, with their customers' names and where they came from.
  'jobs.board': ['jobs', 'customers', 'calls'],
  'jobs.get': ['jobs', 'customers', 'calls'],
  'jobs.calendar': ['jobs', 'customers'],
  'jobs.stageNames': ['jobs'],
  'jobs.accuracy': ['jobs'],
  // A photo never changes under its hash; the calendar link is the relay's, read when shown.
  'jobs.photo': [],
  'jobs.calendarFeed': [],
};

/** Does a change of `kinds` make the answer of `method` stale? */
export function readDependsOn(method: ApiMethod, kinds: readonly DataKind[]): boolean {
  const dependsOn = readKinds[method] ?? dataKinds;
  return kinds.some((kind) => dependsOn.includes(kind));
}
