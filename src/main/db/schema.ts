import type { Insertable, Selectable, Updateable } from 'kysely';
import type { CallActivityStatus } from '../../shared/api/communications';

/**
 * The console database: a projection of the relay's event log (plus nothing of its
 * own), so every table can be rebuilt by replaying the log from seq 0.
 *
 * Conventions: tables snake_case plural; instants as epoch milliseconds `*_at_ms`
 * (integers compare and index correctly whatever offset the provider used);
 * dates of the business calendar as `YYYY-MM-DD` text; money as integer minor
 * units `*_minor`; phones in E.164 as `*_e164`.
 *
 * There are no foreign keys between these tables on purpose: the log may carry a
 * subscription before its customer (console posts race), and a projection must
 * accept any order the log has.
 *
 * A call's customer is resolved at read time (calls.external_e164 → customer_phones),
 * not stored on the call: a customer who adds a number later owns its history at
 * once, and the index on calls(external_e164, started_at_ms) keeps the card's
 * lookups to a few index seeks.
 */
export interface Database {
  projection_state: ProjectionStateTable;
  customers: CustomersTable;
  customer_phones: CustomerPhonesTable;
  plans: PlansTable;
  subscriptions: SubscriptionsTable;
  calls: CallsTable;
  billing_state: BillingStateTable;
  billing_accounts: BillingAccountsTable;
  charges: ChargesTable;
  wallet_entries: WalletEntriesTable;
  billing_adjustments: BillingAdjustmentsTable;
  payments: PaymentsTable;
  failed_payments: FailedPaymentsTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  quickbooks_outbox: QuickBooksOutboxTable;
  quickbooks_customers: QuickBooksCustomersTable;
  quickbooks_customer_phones: QuickBooksCustomerPhonesTable;
  quickbooks_sync_state: QuickBooksSyncStateTable;
  quickbooks_sync_log: QuickBooksSyncLogTable;
  invoice_due_dates: InvoiceDueDatesTable;
  customer_search_keys: CustomerSearchKeysTable;
  phone_search_keys: PhoneSearchKeysTable;
  customer_search_pending: CustomerSearchPendingTable;
  local_log: LocalLogTable;
  local_log_state: LocalLogStateTable;
  call_artifacts: CallArtifactsTable;
  transcript_lines: TranscriptLinesTable;
  media_items: MediaItemsTable;
  media_captures: MediaCapturesTable;
  messages: MessagesTable;
  message_search_pending: MessageSearchPendingTable;
  transcript_search_pending: TranscriptSearchPendingTable;
  conversations: ConversationsTable;
  conversation_participants: ConversationParticipantsTable;
  conversation_inbox: ConversationInboxTable;
  conversation_notes: ConversationNotesTable;
  conversation_reads: ConversationReadsTable;
  campaigns: CampaignsTable;
  contacts: ContactsTable;
  contact_phones: ContactPhonesTable;
  relay_alerts: RelayAlertsTable;
  alert_history: AlertHistoryTable;
  alert_acknowledgements: AlertAcknowledgementsTable;
  messaging_policy: MessagingPolicyTable;
  messages_sent_here: MessagesSentHereTable;
  provider_users: ProviderUsersTable;
  business_lines: BusinessLinesTable;
  call_notes: CallNotesTable;
  call_dispositions: CallDispositionsTable;
  callback_entries: CallbackEntriesTable;
  callback_calls: CallbackCallsTable;
  customer_details: CustomerDetailsTable;
  customer_suggestion_dismissals: CustomerSuggestionDismissalsTable;
  call_assistant_decisions: CallAssistantDecisionsTable;
  jobs: JobsTable;
  job_proposals: JobProposalsTable;
  job_reviews: JobReviewsTable;
  job_notes: JobNotesTable;
  job_photos: JobPhotosTable;
  job_history: JobHistoryTable;
  job_stage_names: JobStageNamesTable;
  job_extractions: JobExtractionsTable;
  quickbooks_company_profile: QuickBooksCompanyProfileTable;
  quickbooks_pushed_totals: QuickBooksPushedTotalsTable;
  quickbooks_tax_mapping: QuickBooksTaxMappingTable;
  quickbooks_invoice_totals: QuickBooksInvoiceTotalsTable;
  payment_links: PaymentLinksTable;
  payment_outcomes: PaymentOutcomesTable;
  retention_policy: RetentionPolicyTable;
  privacy_redactions: PrivacyRedactionsTable;
}

/** Issue 11 (migration 0720): the connected company as last read (sync state, not projected). */
export interface QuickBooksCompanyProfileTable {
  realm_id: string;
  profile_json: string;
  read_at_ms: number;
}

/** QuickBooks' TotalAmt of an invoice as created, until invoice.synced carries it (local). */
export interface QuickBooksPushedTotalsTable {
  invoice_key: string;
  quickbooks_total_minor: number;
}

/** Projected from quickbooks.tax_mapping_defined: the company's TaxCode per Ringside tax rate. */
export interface QuickBooksTaxMappingTable {
  realm_id: string;
  tax_basis_points: number;
  tax_code_id: string;
  defined_by: string;
  defined_seq: number;
}

/** Projected from invoice.synced: QuickBooks' own total of the invoice. */
export interface QuickBooksInvoiceTotalsTable {
  invoice_key: string;
  quickbooks_total_minor: number;
  synced_seq: number;
}

/** One row (id = 1): how far the log has been applied. */
export interface ProjectionStateTable {
  id: number;
  applied_seq: number;
  /** occurredAt of the last applied event. */
  last_event_at_ms: number | null;
}

export interface CustomersTable {
  customer_id: string;
  name: string;
  company: string | null;
  email: string | null;
  /** Seq of the customer.upserted that wrote this row; the newest wins a shared phone. */
  updated_seq: number;
}

/**
 * A customer's numbers. A number may belong to two customers (a shared office line);
 * the card then shows the most recently updated customer and says the number is shared.
 */
export interface CustomerPhonesTable {
  customer_id: string;
  phone_e164: string;
}

export type PlanPeriod = 'monthly' | 'annual';

export interface PlansTable {
  plan_id: string;
  name: string;
  period: PlanPeriod;
  included_seconds: number;
  price_minor: number;
  currency: string;
  updated_seq: number;
}

export interface SubscriptionsTable {
  subscription_id: string;
  customer_id: string;
  plan_id: string;
  /** First day of the first period, YYYY-MM-DD. */
  start_date: string;
  started_seq: number;
}

export type CallDirection = 'incoming' | 'outgoing';
/** 'ringing' is a call in progress, answered or not (answered_at_ms says which), until it completes. */
export type CallStatus = 'ringing' | 'completed';

export interface CallsTable {
  call_id: string;
  direction: CallDirection;
  external_e164: string;
  business_e164: string;
  started_at_ms: number;
  answered_at_ms: number | null;
  completed_at_ms: number | null;
  /** Talk time; null until completed. */
  duration_seconds: number | null;
  status: CallStatus;
  updated_seq: number;
}

/**
 * Billing (src/main/billing): the engine's own state beside the ledger it wrote, all in
 * the projection's transaction. billing_state holds the catalog and the log's clock;
 * billing_accounts each customer's periods, wallet lots and open usage invoice (JSON).
 */
export interface BillingStateTable {
  id: number;
  clock_ms: number | null;
  /** null: the default catalog. */
  catalog_json: string | null;
}

export interface BillingAccountsTable {
  customer_id: string;
  subscription_id: string | null;
  state_json: string;
  updated_seq: number;
}

/** One charge per rating of a call; a correction appends a reversing charge and a new one. */
export interface ChargesTable {
  charge_id: string;
  call_id: string;
  seq: number;
  customer_id: string | null;
  billed_customer_id: string | null;
  number_e164: string;
  started_at_ms: number;
  answered_at_ms: number | null;
  /** 0 or 1. */
  voicemail: number;
  rated_at_ms: number;
  raw_seconds: number;
  billable_seconds: number;
  prepaid_seconds: number;
  total_minor: number;
  owed_minor: number;
  currency: string;
  rate_minor: number;
  rate_per_seconds: number;
  lines_json: string;
  trace_json: string;
  wallet_draws_json: string;
  wallet_debt_minor: number;
  grace_from: string | null;
  reverses_charge_id: string | null;
  reversed_by_charge_id: string | null;
  invoice_key: string | null;
}

export interface WalletEntriesTable {
  entry_id: string;
  customer_id: string;
  seq: number;
  at_ms: number;
  kind: string;
  amount_minor: number;
  balance_after_minor: number;
  currency: string;
  description: string;
  charge_id: string | null;
}

export interface BillingAdjustmentsTable {
  adjustment_id: string;
  customer_id: string;
  seq: number;
  at_ms: number;
  unit: string;
  requested: number;
  applied: number;
  reason: string;
  by_whom: string;
  description: string;
}

export interface PaymentsTable {
  payment_id: string;
  customer_id: string;
  seq: number;
  received_on: string;
  amount_minor: number;
  currency: string;
  /** Issue 13 (migration 0795): the ledger's words for a provider's payment; null for QuickBooks' ("Payment received"). */
  description: string | null;
}

/** Issue 13 (migration 0795): failed charges (payment.failed) for the customer's ledger. */
export interface FailedPaymentsTable {
  payment_id: string;
  customer_id: string | null;
  seq: number;
  at_ms: number;
  amount_minor: number;
  currency: string | null;
  description: string;
}

export interface InvoicesTable {
  invoice_key: string;
  customer_id: string | null;
  kind: string;
  status: string;
  issue_date: string;
  period_start: string | null;
  period_end: string | null;
  subtotal_minor: number;
  tax_minor: number;
  total_minor: number;
  balance_minor: number;
  currency: string;
  quickbooks_id: string | null;
  doc_number: string | null;
  updated_seq: number;
}

export interface InvoiceLinesTable {
  invoice_key: string;
  line_no: number;
  description: string;
  quantity: string;
  unit: string;
  unit_price_minor: number;
  amount_minor: number;
  tax_basis_points: number;
  tax_minor: number;
  charge_id: string | null;
}

/**
 * QuickBooks sync (src/main/quickbooks): the bookkeeper console's own working state, not
 * part of the projection. A rebuild from seq 0 re-enqueues every ready invoice (triggers on
 * invoices), and the worker skips those the log already says are synced.
 */
export type OutboxAction = 'create' | 'void';
/** pending: to send; unknown: sent, answer lost (look up before re-creating); created: in QuickBooks, not yet told to the log; failed: stopped until retried; waiting_tax: a rate has no QuickBooks tax code yet (pending again once one is chosen or the company is read anew). */
export type OutboxState = 'pending' | 'unknown' | 'created' | 'done' | 'failed' | 'waiting_tax';

export interface QuickBooksOutboxTable {
  invoice_key: string;
  action: OutboxAction;
  state: OutboxState;
  /** Bumped by "retry": a new requestid series after a fix. */
  series: number;
  attempts: number;
  next_attempt_at_ms: number;
  quickbooks_id: string | null;
  doc_number: string | null;
  error_code: string | null;
  error_message: string | null;
  intuit_tid: string | null;
  enqueued_at_ms: number;
  updated_at_ms: number;
}

export interface QuickBooksCustomersTable {
  quickbooks_id: string;
  /** The Ringside customer this QuickBooks customer is (its Id, or the id of a customer created from Ringside). */
  customer_id: string;
  sync_token: string;
  display_name: string;
  email: string | null;
  /** 0 or 1. */
  active: number;
}

export interface QuickBooksCustomerPhonesTable {
  quickbooks_id: string;
  /** PrimaryPhone, Mobile, AlternatePhone or Fax. */
  field: string;
  raw: string;
  /** null: not a phone number in the console's region. */
  phone_e164: string | null;
}

export interface QuickBooksSyncStateTable {
  key: string;
  value_json: string;
}

/** The due date QuickBooks reports per invoice (invoice.balance_changed), for the caller card's overdue badge. */
export interface InvoiceDueDatesTable {
  invoice_key: string;
  due_date: string;
}

export interface QuickBooksSyncLogTable {
  entry_id: number;
  at_ms: number;
  direction: string;
  subject: string;
  outcome: string;
  quickbooks_id: string | null;
  detail: string;
  intuit_tid: string | null;
}

/** Every event this console received, as received (src/main/projection/local-log.ts). */
export interface LocalLogTable {
  seq: number;
  /** The stored event's JSON, raw payload included, in whatever version it was written. */
  json: string;
  /** 0: read; 1: newer than the console that stored it understands (re-read after an upgrade); 2: unreadable (malformed, of a known type and version). */
  newer: number;
}

/** One row (id = 1): which projection version built the tables, and where the local copy starts. */
export interface LocalLogStateTable {
  id: number;
  projection_version: number | null;
  kept_from_seq: number;
  /** The relay log's epoch this copy is of (migration 0820); null until a relay told it. */
  relay_log_epoch: string | null;
}

// ---- communications (issue 9; src/main/projection/communications, src/main/communications) ----

/** What a receptionist reads about a call (src/main/communications/call-status.ts). */
export type { CallActivityStatus } from '../../shared/api/communications';

/** A call's artifacts and derived status; may exist before its calls row (a placeholder the call fills). */
export interface CallArtifactsTable {
  call_id: string;
  status: CallActivityStatus;
  /** The provider's id of the user who picked up. */
  answered_by: string | null;
  missed_at_ms: number | null;
  forwarded_at_ms: number | null;
  forwarded_to: string | null;
  /** 1: a voicemail was left. */
  has_voicemail: number;
  voicemail_transcript: string | null;
  /** JSON string[]; null until the summary arrives. */
  summary_json: string | null;
  next_steps_json: string | null;
  transcript_duration_seconds: number | null;
  updated_seq: number;
  /** Issue 15 (migration 0801): 'ringside' when the relay's transcription backend made the transcript, 'provider' when the event says so; null when it says nothing (a provider's). */
  transcribed_by: 'ringside' | 'provider' | null;
  /** How the transcript reads as a whole; null when not said (most providers). */
  transcript_quality: 'clear' | 'poor' | 'empty' | null;
  transcript_language: string | null;
  /** Why the relay could not make a transcript (call.transcription_failed), and its words for the call. */
  transcription_failure_reason: string | null;
  transcription_failure_detail: string | null;
}

export interface TranscriptLinesTable {
  /** The stable integer key of the transcript's full-text index. */
  line_rowid: number;
  call_id: string;
  line_no: number;
  speaker_e164: string | null;
  speaker_user_id: string | null;
  text: string;
  start_seconds: number;
  end_seconds: number;
  /** Issue 15 (migration 0801): how sure the transcriber was of this line, 0–1; null when it gave none. */
  confidence: number | null;
}

export type MediaOwnerKind = 'call' | 'message';
export type MediaKind = 'recording' | 'voicemail' | 'media';

/** Media a call or message names; its mediaId is derived from its owner (never the URL). */
export interface MediaItemsTable {
  media_id: string;
  owner_kind: MediaOwnerKind;
  owner_id: string;
  kind: MediaKind;
  position: number;
  /** The provider's link: expires, kept as the fallback. */
  url: string;
  content_type: string | null;
  duration_seconds: number | null;
}

/** media.captured: the relay holds the bytes, served by GET /v1/media/<sha256>. */
export interface MediaCapturesTable {
  media_id: string;
  sha256: string;
  content_type: string;
  bytes: number;
}

export type MessageStatus = 'received' | 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed';

export interface MessagesTable {
  message_rowid: number;
  message_id: string;
  conversation_key: string;
  direction: CallDirection;
  business_e164: string;
  from_e164: string;
  body: string;
  status: MessageStatus;
  error_code: string | null;
  sent_at_ms: number;
  user_id: string | null;
  /** The provider's own campaign marker. */
  provider_campaign_id: string | null;
  /** The campaign this outgoing message belongs to (provider marker or the campaign rule). */
  campaign_id: string | null;
  /** 1: an incoming message answering a campaign. */
  campaign_response: number;
  updated_seq: number;
}

/** Messages whose body the search index has yet to take in (queued by triggers). */
export interface MessageSearchPendingTable {
  message_rowid: number;
}

export interface TranscriptSearchPendingTable {
  line_rowid: number;
}

export interface ConversationsTable {
  conversation_key: string;
  business_e164: string;
  /** JSON string[]: the other participants, sorted. */
  participants_json: string;
  last_message_id: string;
  last_message_at_ms: number;
  last_preview: string;
  last_direction: CallDirection;
  last_incoming_at_ms: number | null;
  /** 1: some message is not a campaign's outgoing one (else hidden from the default list). */
  has_visible: number;
  has_campaign: number;
  has_response: number;
}

export interface ConversationParticipantsTable {
  conversation_key: string;
  phone_e164: string;
}

export interface ConversationInboxTable {
  conversation_key: string;
  status: 'open' | 'done';
  /** When the status was set: an incoming message after it opens the conversation again. */
  status_at_ms: number;
  snoozed_until_ms: number | null;
  assignee: string | null;
  updated_seq: number;
}

export interface ConversationNotesTable {
  note_id: string;
  conversation_key: string;
  text: string;
  by_whom: string;
  at_ms: number;
  seq: number;
}

/** This console's read marks (local, not projected): incoming messages after read_through_ms are unread. */
export interface ConversationReadsTable {
  conversation_key: string;
  read_through_ms: number;
}

export interface CampaignsTable {
  campaign_id: string;
  business_e164: string;
  text: string;
  recipients: number;
  responses: number;
  first_sent_at_ms: number;
  last_sent_at_ms: number;
}

export interface ContactsTable {
  contact_id: string;
  name: string | null;
  company: string | null;
  emails_json: string;
  updated_seq: number;
}

export interface ContactPhonesTable {
  contact_id: string;
  phone_e164: string;
}

export interface RelayAlertsTable {
  alert_id: string;
  message: string;
  raised_at_ms: number;
  seq: number;
}

/** Every relay.alert raised or cleared (issue 12), for the Operations page. */
export interface AlertHistoryTable {
  seq: number;
  alert_id: string;
  state: 'raised' | 'cleared';
  severity: 'warning' | 'critical';
  message: string;
  /** JSON array of the channels it was sent to ('email', 'sms'). */
  channels_json: string;
  at_ms: number;
}

/** Each alert.acknowledged: the banner hides an alert acknowledged after its latest raising. */
export interface AlertAcknowledgementsTable {
  seq: number;
  alert_id: string;
  by_whom: string;
  at_ms: number;
}

/** The campaign rule an admin defined (messaging_policy.defined), the latest; no row: the defaults (campaign-rule.ts). */
export interface MessagingPolicyTable {
  id: number;
  campaign_min_recipients: number;
  campaign_window_minutes: number;
  defined_at_ms: number;
  seq: number;
}

/** Texts this console sent: local, not projected (a thread's "You"). */
export interface MessagesSentHereTable {
  message_id: string;
  sent_at_ms: number;
}

/** A person behind a provider's user id (provider.directory_synced), as calls, transcripts and texts name them. */
export interface ProviderUsersTable {
  provider: string;
  provider_user_id: string;
  name: string;
  email: string | null;
  updated_seq: number;
}

/** A business line with its names: the provider's (synced) wins over the one an admin gave it (line.defined). */
export interface BusinessLinesTable {
  number_e164: string;
  provider: string | null;
  provider_line_id: string | null;
  synced_name: string | null;
  defined_name: string | null;
  user_ids_json: string;
  updated_seq: number;
}

// ---- the team's work (issue 10; src/main/callbacks, src/main/call-notes) ----

export interface CallNotesTable {
  note_id: string;
  call_id: string;
  text: string;
  by_whom: string;
  at_ms: number;
  seq: number;
}

export interface CallDispositionsTable {
  call_id: string;
  disposition: string;
  by_whom: string;
  at_ms: number;
  seq: number;
}

/** open: waiting for a call back; closed: called back, answered later or completed with an outcome. */
export type CallbackEntryState = 'open' | 'closed';

/** One caller waiting for a call back: every missed call of theirs since the last contact (src/main/callbacks). */
export interface CallbackEntriesTable {
  /** The first missed call's id. */
  entry_id: string;
  phone_e164: string;
  /** The line of the latest missed call. */
  business_e164: string;
  state: CallbackEntryState;
  first_started_at_ms: number;
  last_missed_at_ms: number;
  last_call_id: string;
  missed_count: number;
  has_voicemail: number;
  claimed_by: string | null;
  claimed_at_ms: number | null;
  /** called_back, answered, or a callbackOutcomes value. */
  closed_reason: string | null;
  closed_note: string | null;
  closed_by: string | null;
  closed_at_ms: number | null;
  closing_call_id: string | null;
  updated_seq: number;
}

export interface CallbackCallsTable {
  call_id: string;
  entry_id: string;
  started_at_ms: number;
  voicemail: number;
}

/** What customer.upserted carries beyond the customers row. */
export interface CustomerDetailsTable {
  customer_id: string;
  /** JSON string[]: addresses after customers.email. */
  emails_json: string;
  quickbooks_id: string | null;
  updated_seq: number;
  /** Issue 12 (migration 0780). */
  address: string | null;
  notes: string;
}

/** Enrichment suggestions turned down (customer.suggestion_dismissed, migration 0781). */
export interface CustomerSuggestionDismissalsTable {
  customer_id: string;
  suggestion_key: string;
  by_whom: string;
  seq: number;
}

/** Issue 13 (migration 0790): why the AI voice agent took or refused a call (call.assistant_decided). */
export interface CallAssistantDecisionsTable {
  call_id: string;
  decision: 'assistant' | 'refused' | 'forwarded';
  reason: string;
  customer_id: string | null;
  included_seconds_remaining: number | null;
  wallet_balance_minor: number | null;
  currency: string | null;
  decided_at_ms: number;
  seq: number;
}

/** Issue 13 (migration 0796): payment links the relay made (payment_link.created). */
export interface PaymentLinksTable {
  link_id: string;
  customer_id: string;
  provider: string;
  purpose: 'top_up' | 'subscription';
  plan_id: string | null;
  amount_minor: number;
  currency: string;
  url: string;
  by_whom: string;
  created_at_ms: number;
  seq: number;
}

/** Issue 13 (migration 0796): verified payments and failed charges (payment.received, payment.failed), by seq. */
export interface PaymentOutcomesTable {
  seq: number;
  payment_id: string;
  outcome: 'received' | 'failed';
  /** The link's id the payment carried (Flutterwave tx_ref), when it had one. */
  reference: string | null;
  customer_id: string | null;
  purpose: 'top_up' | 'subscription' | null;
  amount_minor: number;
  currency: string | null;
  reason: string | null;
  at_ms: number;
}

/** Issue 15 (migration 0810): the retention policy as last defined (retention_policy.defined), one row. */
export interface RetentionPolicyTable {
  id: number;
  /** Days per kind (recordings, transcripts, message_bodies, media); null keeps it. */
  days_json: string;
  defined_by: string;
  defined_at_ms: number;
  defined_seq: number;
}

/** Issue 15 (migration 0810): each part of a log.redacted, followed outside the apply transaction. */
export interface PrivacyRedactionsTable {
  redaction_id: string;
  part: number;
  event_seq: number;
  reason: 'erasure' | 'retention';
  customer_id: string | null;
  seqs_json: string;
  media_json: string;
  /** pending → replaced (local copies and media) → done (projection rebuilt, file scrubbed). */
  state: 'pending' | 'replaced' | 'done';
  recorded_at_ms: number;
  finished_at_ms: number | null;
  error: string | null;
}

/** Issue 15 §3 (migration 0800): a job as the shared fold leaves it (src/shared/jobs/job-fold.ts). */
export interface JobsTable {
  job_id: string;
  stage: string;
  position: number;
  title: string;
  customer_id: string | null;
  customer_name: string | null;
  phone: string | null;
  address: string | null;
  scheduled_start: string | null;
  scheduled_end: string | null;
  scheduled_start_ms: number | null;
  description: string | null;
  price_minor: number | null;
  currency: string | null;
  urgency: string | null;
  extraction_id: string | null;
  appointment_index: number | null;
  call_id: string | null;
  conversation_id: string | null;
  created_by: string | null;
  /** JSON array of detail keys a person set. */
  person_set_json: string;
  /** JSON array of the thread's MMS media ids. */
  media_ids_json: string;
  unreviewed: number;
  photo_count: number;
  created_at_ms: number;
  updated_at_ms: number;
  updated_seq: number;
}

export interface JobProposalsTable {
  job_id: string;
  field: string;
  value: string;
  confidence: number;
  evidence: string;
}

export interface JobReviewsTable {
  job_id: string;
  field: string;
  decision: 'accepted' | 'edited' | 'rejected';
  proposed: string | null;
  chosen: string | null;
  by_whom: string;
  at_ms: number;
}

export interface JobNotesTable {
  note_id: string;
  job_id: string;
  text: string;
  by_whom: string;
  at_ms: number;
  seq: number;
}

export interface JobPhotosTable {
  job_id: string;
  sha256: string;
  content_type: string;
  file_name: string;
  by_whom: string;
  at_ms: number;
  seq: number;
}

export interface JobHistoryTable {
  job_id: string;
  seq: number;
  at_ms: number;
  /** A JobHappening (src/shared/jobs/job-fold.ts) as JSON. */
  happening_json: string;
}

export interface JobStageNamesTable {
  stage: string;
  name: string;
  named_by: string;
  seq: number;
}

export interface JobExtractionsTable {
  extraction_id: string;
  subject_kind: string;
  subject_id: string;
  call_id: string | null;
  conversation_id: string | null;
  customer_id: string | null;
  extractor: string;
  outcome: string;
  appointment_count: number;
  at_ms: number;
  seq: number;
}

export type ProjectionStateRow = Selectable<ProjectionStateTable>;
export type CustomerRow = Selectable<CustomersTable>;
export type NewCustomerRow = Insertable<CustomersTable>;
export type CustomerPhoneRow = Selectable<CustomerPhonesTable>;
export type PlanRow = Selectable<PlansTable>;
export type NewPlanRow = Insertable<PlansTable>;
export type SubscriptionRow = Selectable<SubscriptionsTable>;
export type NewSubscriptionRow = Insertable<SubscriptionsTable>;
export type CallRow = Selectable<CallsTable>;
export type NewCallRow = Insertable<CallsTable>;
export type CallRowPatch = Updateable<CallsTable>;

/**
 * Each customer's integer key in the FTS5 index of names, companies and emails
 * (`customer_search`, see ftsTables; migration 0400, src/main/customers/search-index.ts).
 */
export interface CustomerSearchKeysTable {
  search_rowid: number;
  customer_id: string;
}

/**
 * Each (customer, number) pair ever written, keyed for the FTS5 index of number
 * digits (`phone_search`). Never deleted: a search keeps pairs still in customer_phones.
 */
export interface PhoneSearchKeysTable {
  search_rowid: number;
  customer_id: string;
  phone_e164: string;
}

/** Customers whose name, company or email the search index has yet to take in (queued by triggers). */
export interface CustomerSearchPendingTable {
  customer_id: string;
}

/**
 * FTS5 virtual tables and their columns. Read with raw SQL (MATCH), so they are not
 * in Database; SQLite keeps each one's index in shadow tables named `<table>_*`.
 */
export const ftsTables = {
  customer_search: ['name', 'company', 'email'],
  phone_search: ['digits'],
  message_search: ['body'],
  transcript_search: ['text'],
} as const;

/** How a column is declared in SQLite; the drift test compares these with the migrated database. */
export interface ColumnSpec {
  type: 'TEXT' | 'INTEGER' | 'REAL';
  nullable: boolean;
}

const text = { type: 'TEXT', nullable: false } as const;
const textOrNull = { type: 'TEXT', nullable: true } as const;
const integer = { type: 'INTEGER', nullable: false } as const;
const integerOrNull = { type: 'INTEGER', nullable: true } as const;
const real = { type: 'REAL', nullable: false } as const;
const realOrNull = { type: 'REAL', nullable: true } as const;

/** The columns of every table, checked against the interfaces above by the compiler. */
export const databaseColumns = {
  projection_state: { id: integer, applied_seq: integer, last_event_at_ms: integerOrNull },
  customers: { customer_id: text, name: text, company: textOrNull, email: textOrNull, updated_seq: integer },
  customer_phones: { customer_id: text, phone_e164: text },
  plans: {
    plan_id: text,
    name: text,
    period: text,
    included_seconds: integer,
    price_minor: integer,
    currency: text,
    updated_seq: integer,
  },
  subscriptions: { subscription_id: text, customer_id: text, plan_id: text, start_date: text, started_seq: integer },
  calls: {
    call_id: text,
    direction: text,
    external_e164: text,
    business_e164: text,
    started_at_ms: integer,
    answered_at_ms: integerOrNull,
    completed_at_ms: integerOrNull,
    duration_seconds: integerOrNull,
    status: text,
    updated_seq: integer,
  },
  billing_state: { id: integer, clock_ms: integerOrNull, catalog_json: textOrNull },
  billing_accounts: { customer_id: text, subscription_id: textOrNull, state_json: text, updated_seq: integer },
  charges: {
    charge_id: text,
    call_id: text,
    seq: integer,
    customer_id: textOrNull,
    billed_customer_id: textOrNull,
    number_e164: text,
    started_at_ms: integer,
    answered_at_ms: integerOrNull,
    voicemail: integer,
    rated_at_ms: integer,
    raw_seconds: integer,
    billable_seconds: integer,
    prepaid_seconds: integer,
    total_minor: integer,
    owed_minor: integer,
    currency: text,
    rate_minor: integer,
    rate_per_seconds: integer,
    lines_json: text,
    trace_json: text,
    wallet_draws_json: text,
    wallet_debt_minor: integer,
    grace_from: textOrNull,
    reverses_charge_id: textOrNull,
    reversed_by_charge_id: textOrNull,
    invoice_key: textOrNull,
  },
  wallet_entries: {
    entry_id: text,
    customer_id: text,
    seq: integer,
    at_ms: integer,
    kind: text,
    amount_minor: integer,
    balance_after_minor: integer,
    currency: text,
    description: text,
    charge_id: textOrNull,
  },
  billing_adjustments: {
    adjustment_id: text,
    customer_id: text,
    seq: integer,
    at_ms: integer,
    unit: text,
    requested: integer,
    applied: integer,
    reason: text,
    by_whom: text,
    description: text,
  },
  payments: { payment_id: text, customer_id: text, seq: integer, received_on: text, amount_minor: integer, currency: text, description: textOrNull },
  failed_payments: { payment_id: text, customer_id: textOrNull, seq: integer, at_ms: integer, amount_minor: integer, currency: textOrNull, description: text },
  invoices: {
    invoice_key: text,
    customer_id: textOrNull,
    kind: text,
    status: text,
    issue_date: text,
    period_start: textOrNull,
    period_end: textOrNull,
    subtotal_minor: integer,
    tax_minor: integer,
    total_minor: integer,
    balance_minor: integer,
    currency: text,
    quickbooks_id: textOrNull,
    doc_number: textOrNull,
    updated_seq: integer,
  },
  invoice_lines: {
    invoice_key: text,
    line_no: integer,
    description: text,
    quantity: text,
    unit: text,
    unit_price_minor: integer,
    amount_minor: integer,
    tax_basis_points: integer,
    tax_minor: integer,
    charge_id: textOrNull,
  },
  quickbooks_outbox: {
    invoice_key: text,
    action: text,
    state: text,
    series: integer,
    attempts: integer,
    next_attempt_at_ms: integer,
    quickbooks_id: textOrNull,
    doc_number: textOrNull,
    error_code: textOrNull,
    error_message: textOrNull,
    intuit_tid: textOrNull,
    enqueued_at_ms: integer,
    updated_at_ms: integer,
  },
  quickbooks_customers: { quickbooks_id: text, customer_id: text, sync_token: text, display_name: text, email: textOrNull, active: integer },
  quickbooks_customer_phones: { quickbooks_id: text, field: text, raw: text, phone_e164: textOrNull },
  quickbooks_sync_state: { key: text, value_json: text },
  quickbooks_sync_log: {
    entry_id: integer,
    at_ms: integer,
    direction: text,
    subject: text,
    outcome: text,
    quickbooks_id: textOrNull,
    detail: text,
    intuit_tid: textOrNull,
  },
  invoice_due_dates: { invoice_key: text, due_date: text },
  customer_search_keys: { search_rowid: integer, customer_id: text },
  phone_search_keys: { search_rowid: integer, customer_id: text, phone_e164: text },
  customer_search_pending: { customer_id: text },
  local_log: { seq: integer, json: text, newer: integer },
  local_log_state: { id: integer, projection_version: integerOrNull, kept_from_seq: integer, relay_log_epoch: textOrNull },
  call_artifacts: {
    call_id: text,
    status: text,
    answered_by: textOrNull,
    missed_at_ms: integerOrNull,
    forwarded_at_ms: integerOrNull,
    forwarded_to: textOrNull,
    has_voicemail: integer,
    voicemail_transcript: textOrNull,
    summary_json: textOrNull,
    next_steps_json: textOrNull,
    transcript_duration_seconds: realOrNull,
    updated_seq: integer,
    transcribed_by: textOrNull,
    transcript_quality: textOrNull,
    transcript_language: textOrNull,
    transcription_failure_reason: textOrNull,
    transcription_failure_detail: textOrNull,
  },
  transcript_lines: {
    line_rowid: integer,
    call_id: text,
    line_no: integer,
    speaker_e164: textOrNull,
    speaker_user_id: textOrNull,
    text: text,
    start_seconds: real,
    end_seconds: real,
    confidence: realOrNull,
  },
  media_items: { media_id: text, owner_kind: text, owner_id: text, kind: text, position: integer, url: text, content_type: textOrNull, duration_seconds: realOrNull },
  media_captures: { media_id: text, sha256: text, content_type: text, bytes: integer },
  messages: {
    message_rowid: integer,
    message_id: text,
    conversation_key: text,
    direction: text,
    business_e164: text,
    from_e164: text,
    body: text,
    status: text,
    error_code: textOrNull,
    sent_at_ms: integer,
    user_id: textOrNull,
    provider_campaign_id: textOrNull,
    campaign_id: textOrNull,
    campaign_response: integer,
    updated_seq: integer,
  },
  message_search_pending: { message_rowid: integer },
  transcript_search_pending: { line_rowid: integer },
  conversations: {
    conversation_key: text,
    business_e164: text,
    participants_json: text,
    last_message_id: text,
    last_message_at_ms: integer,
    last_preview: text,
    last_direction: text,
    last_incoming_at_ms: integerOrNull,
    has_visible: integer,
    has_campaign: integer,
    has_response: integer,
  },
  conversation_participants: { conversation_key: text, phone_e164: text },
  conversation_inbox: { conversation_key: text, status: text, status_at_ms: integer, snoozed_until_ms: integerOrNull, assignee: textOrNull, updated_seq: integer },
  conversation_notes: { note_id: text, conversation_key: text, text: text, by_whom: text, at_ms: integer, seq: integer },
  conversation_reads: { conversation_key: text, read_through_ms: integer },
  campaigns: { campaign_id: text, business_e164: text, text: text, recipients: integer, responses: integer, first_sent_at_ms: integer, last_sent_at_ms: integer },
  contacts: { contact_id: text, name: textOrNull, company: textOrNull, emails_json: text, updated_seq: integer },
  contact_phones: { contact_id: text, phone_e164: text },
  relay_alerts: { alert_id: text, message: text, raised_at_ms: integer, seq: integer },
  alert_history: { seq: integer, alert_id: text, state: text, severity: text, message: text, channels_json: text, at_ms: integer },
  alert_acknowledgements: { seq: integer, alert_id: text, by_whom: text, at_ms: integer },
  messaging_policy: { id: integer, campaign_min_recipients: integer, campaign_window_minutes: integer, defined_at_ms: integer, seq: integer },
  messages_sent_here: { message_id: text, sent_at_ms: integer },
  provider_users: { provider: text, provider_user_id: text, name: text, email: textOrNull, updated_seq: integer },
  business_lines: {
    number_e164: text,
    provider: textOrNull,
    provider_line_id: textOrNull,
    synced_name: textOrNull,
    defined_name: textOrNull,
    user_ids_json: text,
    updated_seq: integer,
  },
  call_notes: { note_id: text, call_id: text, text: text, by_whom: text, at_ms: integer, seq: integer },
  call_dispositions: { call_id: text, disposition: text, by_whom: text, at_ms: integer, seq: integer },
  callback_entries: {
    entry_id: text,
    phone_e164: text,
    business_e164: text,
    state: text,
    first_started_at_ms: integer,
    last_missed_at_ms: integer,
    last_call_id: text,
    missed_count: integer,
    has_voicemail: integer,
    claimed_by: textOrNull,
    claimed_at_ms: integerOrNull,
    closed_reason: textOrNull,
    closed_note: textOrNull,
    closed_by: textOrNull,
    closed_at_ms: integerOrNull,
    closing_call_id: textOrNull,
    updated_seq: integer,
  },
  callback_calls: { call_id: text, entry_id: text, started_at_ms: integer, voicemail: integer },
  customer_details: { customer_id: text, emails_json: text, quickbooks_id: textOrNull, updated_seq: integer, address: textOrNull, notes: text },
  customer_suggestion_dismissals: { customer_id: text, suggestion_key: text, by_whom: text, seq: integer },
  call_assistant_decisions: {
    call_id: text,
    decision: text,
    reason: text,
    customer_id: textOrNull,
    included_seconds_remaining: integerOrNull,
    wallet_balance_minor: integerOrNull,
    currency: textOrNull,
    decided_at_ms: integer,
    seq: integer,
  },
  jobs: {
    job_id: text,
    stage: text,
    position: real,
    title: text,
    customer_id: textOrNull,
    customer_name: textOrNull,
    phone: textOrNull,
    address: textOrNull,
    scheduled_start: textOrNull,
    scheduled_end: textOrNull,
    scheduled_start_ms: integerOrNull,
    description: textOrNull,
    price_minor: integerOrNull,
    currency: textOrNull,
    urgency: textOrNull,
    extraction_id: textOrNull,
    appointment_index: integerOrNull,
    call_id: textOrNull,
    conversation_id: textOrNull,
    created_by: textOrNull,
    person_set_json: text,
    media_ids_json: text,
    unreviewed: integer,
    photo_count: integer,
    created_at_ms: integer,
    updated_at_ms: integer,
    updated_seq: integer,
  },
  job_proposals: { job_id: text, field: text, value: text, confidence: real, evidence: text },
  job_reviews: { job_id: text, field: text, decision: text, proposed: textOrNull, chosen: textOrNull, by_whom: text, at_ms: integer },
  job_notes: { note_id: text, job_id: text, text: text, by_whom: text, at_ms: integer, seq: integer },
  job_photos: { job_id: text, sha256: text, content_type: text, file_name: text, by_whom: text, at_ms: integer, seq: integer },
  job_history: { job_id: text, seq: integer, at_ms: integer, happening_json: text },
  job_stage_names: { stage: text, name: text, named_by: text, seq: integer },
  job_extractions: {
    extraction_id: text,
    subject_kind: text,
    subject_id: text,
    call_id: textOrNull,
    conversation_id: textOrNull,
    customer_id: textOrNull,
    extractor: text,
    outcome: text,
    appointment_count: integer,
    at_ms: integer,
    seq: integer,
  },
  quickbooks_company_profile: { realm_id: text, profile_json: text, read_at_ms: integer },
  quickbooks_pushed_totals: { invoice_key: text, quickbooks_total_minor: integer },
  quickbooks_tax_mapping: { realm_id: text, tax_basis_points: integer, tax_code_id: text, defined_by: text, defined_seq: integer },
  quickbooks_invoice_totals: { invoice_key: text, quickbooks_total_minor: integer, synced_seq: integer },
  payment_links: {
    link_id: text,
    customer_id: text,
    provider: text,
    purpose: text,
    plan_id: textOrNull,
    amount_minor: integer,
    currency: text,
    url: text,
    by_whom: text,
    created_at_ms: integer,
    seq: integer,
  },
  payment_outcomes: {
    seq: integer,
    payment_id: text,
    outcome: text,
    reference: textOrNull,
    customer_id: textOrNull,
    purpose: textOrNull,
    amount_minor: integer,
    currency: textOrNull,
    reason: textOrNull,
    at_ms: integer,
  },
  retention_policy: { id: integer, days_json: text, defined_by: text, defined_at_ms: integer, defined_seq: integer },
  privacy_redactions: {
    redaction_id: text,
    part: integer,
    event_seq: integer,
    reason: text,
    customer_id: textOrNull,
    seqs_json: text,
    media_json: text,
    state: text,
    recorded_at_ms: integer,
    finished_at_ms: integerOrNull,
    error: textOrNull,
  },
} as const satisfies { [T in keyof Database]: { [C in keyof Database[T]]-?: ColumnSpec } };
