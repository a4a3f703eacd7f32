import { z } from 'zod';
import { billingPolicySchema, planSchema, rateCardSchema } from '../billing/catalog';

/**
 * The normalized event model: one versioned discriminated union shared by the relay,
 * the console core and (as types) the renderer. The relay's log stores these; every
 * console's SQLite database is a projection of them.
 */

/**
 * The shape version every event is written with (`v`). Raise it when a stored shape
 * changes, with an upcaster from the previous one in upcast.ts, so every event ever
 * stored stays readable.
 * - 1: the first model.
 * - 2: call ids are namespaced by their provider (`openphone:AC123`), so two
 *   providers' ids can never collide.
 */
export const EVENT_MODEL_VERSION = 2 as const;

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number like +16175550100');
const isoInstant = z.iso.datetime({ offset: true });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-01-31');
const id = z.string().min(1).max(200);
/**
 * A job's id: letters, digits and `: . _ @ + | , -`, so it can go into a calendar's UID, a
 * file name or a zip entry without a line break or a folder. Fits a console's uuid and an
 * extraction's `<call|voicemail|conversation>:<call id or conversation key>:<index>`
 * (`call:openphone:AC123:0`, `conversation:+16175550100|+16175550111,+16175550112:0`).
 */
const jobId = z.string().regex(/^[A-Za-z0-9:._@+|,-]{1,200}$/, 'must be 1–200 letters, digits or : . _ @ + | , -').refine((value) => !/^\.+$/.test(value), 'must not be only dots');

export const providerSources = ['openphone', 'twilio', 'vapi', 'mightycall', 'quickbooks', 'flutterwave'] as const;
/** `relay`: facts the relay itself establishes (media it captured, alerts it raised). */
export const eventSources = [...providerSources, 'console', 'relay'] as const;
export type ProviderSource = (typeof providerSources)[number];
export type EventSource = (typeof eventSources)[number];

// ---- provider (telephony) event data ----------------------------------------

/** A call's id in the event model: the provider's own id behind its name, e.g. `openphone:AC123`. */
export function namespacedCallId(provider: ProviderSource, providerCallId: string): string {
  return `${provider}:${providerCallId}`;
}

/**
 * A piece of provider media (a recording, a voicemail, an MMS attachment). Provider
 * URLs expire, so the relay downloads each one when its webhook arrives and appends a
 * `media.captured` fact naming the same mediaId; `url` stays as the fallback.
 * mediaId is derived from what the media belongs to, never from the URL (which
 * changes between deliveries): `<provider>:<object id>:<kind>:<index>`, e.g.
 * `openphone:AC123:recording:0`, `openphone:AC9:voicemail:0`, `openphone:MS4:media:1`.
 */
export const mediaItem = z.object({
  mediaId: id,
  url: z.string().max(4000),
  contentType: z.string().max(200).nullable(),
  durationSeconds: z.number().min(0).nullable(),
});

export const callRingingData = z.object({
  /** `<provider>:<the provider's call id>` (namespacedCallId). */
  callId: id,
  direction: z.enum(['incoming', 'outgoing']),
  /** The workspace line the call rings on (our side). */
  businessNumber: e164,
  /** The other party: the caller for incoming calls. */
  externalNumber: e164,
  startedAt: isoInstant,
});

/**
 * The call was picked up. Not every provider reports it (OpenPhone's legacy webhooks do
 * not, its 2026-03-30 generation does), so a call may go from ringing to completed.
 */
export const callAnsweredData = callRingingData.extend({
  answeredAt: isoInstant,
  /** The provider's id of the user who picked up (OpenPhone `US…`), when it says. */
  answeredBy: z.string().max(200).nullable().default(null),
});

export const callCompletedData = callRingingData.extend({
  /** null: the call was never answered (a missed call is a completed call with no answeredAt). */
  answeredAt: isoInstant.nullable(),
  completedAt: isoInstant,
  /** Talk time in whole seconds: completedAt - answeredAt, 0 when unanswered. */
  durationSeconds: z.number().int().min(0),
  voicemailUrl: z.string().nullable(),
  answeredBy: z.string().max(200).nullable().default(null),
  /** A voicemail left on this (missed) call, captured by the relay like any media. */
  voicemail: mediaItem.nullable().default(null),
});

/** The call rang out or was declined, with no answer (new generation `call.missed`, incoming only). */
export const callMissedData = callRingingData.extend({ missedAt: isoInstant });

export const callForwardedData = callRingingData.extend({
  forwardedAt: isoInstant,
  /** Where it went, when the provider says (a number or a provider user id). */
  forwardedTo: z.string().max(200).nullable(),
});

/**
 * The call as a recording's payload describes it (OpenPhone's legacy
 * call.recording.completed carries the whole call), so a call whose other events were
 * lost can still be shown. Never billed from: billing follows call.completed only.
 */
export const recordedCallData = z.object({
  direction: z.enum(['incoming', 'outgoing']).nullable().default(null),
  businessNumber: e164.nullable().default(null),
  externalNumber: e164.nullable().default(null),
  startedAt: isoInstant.nullable().default(null),
  answeredAt: isoInstant.nullable().default(null),
  completedAt: isoInstant.nullable().default(null),
  durationSeconds: z.number().int().min(0).nullable().default(null),
  answeredBy: z.string().max(200).nullable().default(null),
});

/** Artifacts that arrive on their own, in any order relative to the call's other events. */
export const callRecordingReadyData = z.object({
  callId: id,
  recordings: z.array(mediaItem).max(50),
  /** The call's parties and times when the payload carries them; null for events stored before, or payloads naming only the call. */
  call: recordedCallData.nullable().default(null),
});

export const callVoicemailReadyData = z.object({
  callId: id,
  voicemail: mediaItem,
  /** The provider's transcription of the voicemail, when it has one. */
  transcript: z.string().max(100_000).nullable(),
});

export const transcriptLine = z.object({
  /** E.164 of the speaker when the provider names one; null for an unknown speaker. */
  speakerNumber: e164.nullable(),
  /** The provider's user id when the speaker is one of the business's users. */
  speakerUserId: z.string().max(200).nullable(),
  text: z.string().max(20_000),
  startSeconds: z.number().min(0),
  endSeconds: z.number().min(0),
  /** Issue 15: how sure the transcriber was of this segment, 0–1; absent or null when the provider gives none. */
  confidence: z.number().min(0).max(1).nullable().optional(),
});

/** Issue 15: how a transcript reads as a whole (`poor`: much of it unsure; `empty`: no speech found). */
export const transcriptQualities = ['clear', 'poor', 'empty'] as const;

export const callTranscriptReadyData = z.object({
  callId: id,
  durationSeconds: z.number().min(0).nullable(),
  dialogue: z.array(transcriptLine).max(20_000),
  /** Issue 15: `ringside` when the relay's transcription backend made it; absent: the provider's (OpenPhone, Vapi, MightyCall, Twilio). */
  transcribedBy: z.enum(['provider', 'ringside']).optional(),
  /** The recording transcribed, when the relay transcribed one. */
  mediaId: id.nullable().optional(),
  /** Absent for provider transcripts that say nothing of it. */
  quality: z.enum(transcriptQualities).nullable().optional(),
  language: z.string().max(20).nullable().optional(),
});

/**
 * Issue 15: the relay's transcription backend gave up on a recording (after its retries, or at
 * once for audio it can never read). Shown on the call in plain words; never retried by itself.
 */
export const transcriptionFailureReasons = ['unsupported_audio', 'too_large', 'backend_refused', 'backend_unreachable'] as const;
export const callTranscriptionFailedData = z.object({
  callId: id,
  mediaId: id,
  reason: z.enum(transcriptionFailureReasons),
  /** Plain words for a receptionist ("The recording could not be read as audio"). */
  detail: z.string().min(1).max(500),
  attempts: z.number().int().min(1),
});

export const callSummaryReadyData = z.object({
  callId: id,
  summary: z.array(z.string().max(5000)).max(200),
  nextSteps: z.array(z.string().max(5000)).max(200),
});

// ---- messages ------------------------------------------------------------------

export const messageStatuses = ['received', 'queued', 'sent', 'delivered', 'undelivered', 'failed'] as const;

/**
 * One SMS/MMS as the provider reported it. The same messageId may be recorded more
 * than once (sent, then delivered or failed): the projection merges them, the later
 * status winning, content kept from whichever record has it.
 */
export const messageRecordedData = z.object({
  /** `<provider>:<the provider's message id>`. */
  messageId: id,
  direction: z.enum(['incoming', 'outgoing']),
  /** Our line. */
  businessNumber: e164,
  /** Who sent it: the external party for incoming, our line for outgoing. */
  from: e164,
  /** The other participants (not our line), sorted, at least one; two or more make a group thread. */
  participants: z.array(e164).min(1).max(50),
  body: z.string().max(10_000),
  media: z.array(mediaItem).max(20),
  status: z.enum(messageStatuses),
  /** The provider's error code when it failed (OpenPhone's 7-digit codes), else null. */
  errorCode: z.string().max(50).nullable(),
  /** When it was sent or received (the provider's createdAt). */
  sentAt: isoInstant,
  /** The provider's conversation id (OpenPhone `CN…`), when the payload carries one. */
  providerConversationId: z.string().max(200).nullable(),
  /** The provider's user id who sent an outgoing message, when it says. */
  userId: z.string().max(200).nullable(),
  /** The provider's campaign marker where it has one; otherwise the console applies its campaign rule. */
  campaignId: z.string().max(200).nullable(),
  /**
   * Issue 12: a test message the relay's health check sent between two of the business's
   * own lines (recognized by its marker). Kept in the log as proof the webhook arrived;
   * hidden from the feed, the unread counts and billing.
   * Read by consoles as "the relay's own text, not conversation": alert texts to the owner and their echoes carry it too.
   */
  healthCheck: z.boolean().default(false),
});

/** A provider contact changed or was deleted (OpenPhone contact.updated / contact.deleted). */
export const contactChangedData = z.object({
  contactId: id,
  deleted: z.boolean(),
  name: z.string().max(300).nullable(),
  company: z.string().max(300).nullable(),
  phones: z.array(e164).max(50),
  emails: z.array(z.string().max(300)).max(50),
});

// ---- facts the relay establishes ----------------------------------------------

/**
 * The provider's workspace as its API lists it (OpenPhone GET /v1/phone-numbers: each
 * line with its users), fetched by the relay with the provider's API key. Each sync
 * replaces the previous one of that provider: the business's lines and the names of
 * the people behind provider user ids (`answeredBy`, transcript speakers, senders).
 */
export const directorySyncedData = z.object({
  provider: z.enum(providerSources),
  lines: z
    .array(z.object({ number: e164, name: z.string().max(300).nullable(), providerLineId: z.string().max(200).nullable(), userIds: z.array(z.string().max(200)).max(500) }))
    .max(1000),
  users: z.array(z.object({ providerUserId: z.string().min(1).max(200), name: z.string().max(300), email: z.string().max(300).nullable() })).max(5000),
});

/** The relay downloaded a piece of media; GET /v1/media/<sha256> serves it. */
export const mediaCapturedData = z.object({
  mediaId: id,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  contentType: z.string().max(200),
  bytes: z.number().int().min(0),
});

/**
 * Something an operator must know about, raised and cleared by the relay (a media
 * download that keeps failing, a provider that refuses our key). Every console shows
 * the raised ones in its banner. `message` is plain words for a receptionist.
 */
export const relayAlertData = z.object({
  alertId: id,
  state: z.enum(['raised', 'cleared']),
  message: z.string().max(1000),
  /** Issue 12: critical alerts also go to the owner's phone by SMS; warnings by email only. */
  severity: z.enum(['warning', 'critical']).default('warning'),
  /** Issue 12: where the relay sends it besides every console's banner (the owner's email, their phone); absent or empty when neither is set up or the alert was sent moments ago. */
  channels: z.array(z.enum(['email', 'sms'])).max(2).optional(),
});

/** A provider event kept as received, for a later normalizer to re-derive. */
export const providerUnnormalizedData = z.object({
  providerType: z.string(),
});

// ---- console-originated events ----------------------------------------------

export const customerUpsertedData = z.object({
  customerId: id,
  name: z.string().min(1).max(300),
  company: z.string().max(300).nullable(),
  email: z.string().max(300).nullable(),
  /** Every number the customer may call from, E.164, at least one. */
  phones: z.array(e164).min(1).max(20),
  /** QuickBooks Online's Customer.Id once the customer is linked there. */
  quickbooksId: z.string().max(100).nullable().default(null),
  /** Issue 10: further addresses after `email` (events written before it have none). */
  emails: z.array(z.string().max(300)).max(20).default([]),
  /** Issue 12: the service or postal address, as one text (lines separated by newlines). */
  address: z.string().max(1000).nullable().default(null),
  /** Issue 12: what the team should know about the customer, shown on the customer page and card. */
  notes: z.string().max(5000).default(''),
});

export const customerRemovedData = z.object({ customerId: id });

/** A plan with its billing rules (src/shared/billing/catalog.ts); a later definition of the same planId replaces it. */
export const planDefinedData = planSchema;
export const rateCardDefinedData = rateCardSchema;
export const billingPolicyDefinedData = billingPolicySchema;

export const subscriptionStartedData = z.object({
  subscriptionId: id,
  customerId: id,
  planId: id,
  /** First day of the first period, in the business's calendar. */
  startDate: isoDate,
  /** auto: renews every period; end: expires at the end of the first period. */
  renewal: z.enum(['auto', 'end']).default('auto'),
});

/** Rule: a plan change starts a new period on effectiveDate with the new plan's included time. */
export const subscriptionChangedData = z.object({ subscriptionId: id, planId: id, effectiveDate: isoDate });
export const subscriptionCancelledData = z.object({ subscriptionId: id, effectiveDate: isoDate });

export const walletCreditedData = z.object({
  entryId: id,
  customerId: id,
  kind: z.enum(['top_up', 'grant', 'bonus']),
  amountMinor: z.number().int().min(1),
  currency: z.string().regex(/^[A-Z]{3}$/),
  /** Granted credit may expire; what is left of it then is removed. */
  expiresOn: isoDate.nullable().default(null),
  note: z.string().max(500).default(''),
});

/**
 * A wallet top-up billed as an invoice (`topup:<topUpId>`): the wallet is credited
 * with amountMinor only once that invoice is paid.
 */
export const walletTopUpInvoicedData = z.object({
  topUpId: id,
  customerId: id,
  amountMinor: z.number().int().min(1),
  currency: z.string().regex(/^[A-Z]{3}$/),
  note: z.string().max(500).default(''),
});

/** A manual credit (+) or debit (−) of included time (seconds) or wallet money (minor units). */
export const adjustmentRecordedData = z.object({
  adjustmentId: id,
  customerId: id,
  unit: z.enum(['seconds', 'money']),
  amount: z.number().int(),
  reason: z.string().min(1).max(500),
  by: z.string().min(1).max(200),
});

/** Changes a call's talk time after it was billed: re-rated with a reversing entry. */
export const callCorrectedData = z.object({
  callId: id,
  durationSeconds: z.number().int().min(0),
  reason: z.string().min(1).max(500),
  by: z.string().min(1).max(200),
});

/**
 * A conversation in the shared inbox is named by its line and the other participants:
 * `<line>|<participant>[,<participant>…]`, participants sorted (conversationKey in
 * src/shared/messages). Group threads and 1:1 threads with the same person differ.
 */
const conversationKey = z.string().min(1).max(2000);

export const conversationStatusChangedData = z.object({
  conversationKey,
  status: z.enum(['open', 'done']),
  /** Hidden from the open list until then; null: not snoozed. */
  snoozedUntil: isoInstant.nullable().default(null),
  by: z.string().min(1).max(200),
});

export const conversationAssignedData = z.object({
  conversationKey,
  /** The agent's name as the team knows it; null: unassigned. */
  assignee: z.string().max(200).nullable(),
  by: z.string().min(1).max(200),
});

/** An internal note on a conversation: seen by the team, never sent to the customer. */
export const conversationNoteAddedData = z.object({
  noteId: id,
  conversationKey,
  text: z.string().min(1).max(5000),
  by: z.string().min(1).max(200),
});

/**
 * How a console tells bulk (campaign) texts from conversation when the provider gives
 * no campaign marker: the same outgoing text to at least minRecipients people within
 * windowMinutes. A policy in the log, so every console projects the same feed.
 */
export const messagingPolicyDefinedData = z.object({
  campaignMinRecipients: z.number().int().min(2).max(10_000),
  campaignWindowMinutes: z.number().int().min(1).max(7 * 24 * 60),
});

// ---- the team's work on calls and customers (issue 10) --------------------------

/** A note on a call, synced to every console; shown on the card and in history. */
export const callNoteAddedData = z.object({ noteId: id, callId: id, text: z.string().min(1).max(5000), by: z.string().min(1).max(200) });

export const callDispositions = ['resolved', 'follow_up', 'escalated', 'billing_question', 'sales', 'wrong_number', 'spam', 'other'] as const;
/** How the call ended up; a later one replaces it. */
export const callDispositionSetData = z.object({ callId: id, disposition: z.enum(callDispositions), by: z.string().min(1).max(200) });

/** "I'll call back": one agent claims a missed call in the shared callback queue. */
export const callbackClaimedData = z.object({ callId: id, by: z.string().min(1).max(200) });
export const callbackReleasedData = z.object({ callId: id, by: z.string().min(1).max(200) });
export const callbackOutcomes = ['reached', 'left_voicemail', 'no_answer', 'wrong_number', 'not_needed'] as const;
export const callbackCompletedData = z.object({ callId: id, outcome: z.enum(callbackOutcomes), note: z.string().max(2000).default(''), by: z.string().min(1).max(200) });

/** Two customer records are one: the first's numbers, emails and history move to the second, the first is gone. */
export const customerMergedData = z.object({ fromCustomerId: id, intoCustomerId: id, by: z.string().min(1).max(200) });

/** A business line's name where the provider does not list it (a synced name wins where it does). */
export const lineDefinedData = z.object({ number: e164, name: z.string().min(1).max(200), by: z.string().min(1).max(200) });

export const invoiceStatusChangedData = z.object({
  invoiceKey: id,
  status: z.enum(['ready', 'void']),
  by: z.string().min(1).max(200),
});

// ---- QuickBooks facts (relay or bookkeeper console) ---------------------------

export const quickbooksConnectionChangedData = z.object({
  state: z.enum(['connected', 'disconnected', 'needs_reconnect']),
  realmId: z.string().max(100).nullable(),
  companyName: z.string().max(300).nullable(),
  environment: z.enum(['sandbox', 'production']),
  reason: z.string().max(500).nullable(),
});

/** A QuickBooks webhook carries ids only; a bookkeeper console fetches the entities. */
export const quickbooksEntitiesChangedData = z.object({
  realmId: z.string().max(100),
  entities: z
    .array(z.object({ name: z.string().max(100), id: z.string().max(100), operation: z.string().max(50), lastUpdated: z.string().max(100) }))
    .max(1000),
});

export const invoiceSyncedData = z.object({
  invoiceKey: id,
  quickbooksId: z.string().max(100),
  docNumber: z.string().max(21),
  link: z.string().max(2000).nullable(),
  syncedAt: isoInstant,
  /**
   * Issue 11: QuickBooks' own TotalAmt for the invoice as pushed (automated sales tax or a
   * region's tax codes may make it differ from Ringside's total); null: not read (events
   * written before). A difference is shown on the invoice and in Sync.
   */
  quickbooksTotalMinor: z.number().int().nullable().default(null),
});

export const invoiceSyncFailedData = z.object({
  invoiceKey: id,
  /** Validation faults stop the invoice until someone fixes and retries it. */
  retryable: z.boolean(),
  code: z.string().max(50).nullable(),
  message: z.string().max(2000),
  intuitTid: z.string().max(200).nullable(),
});

export const invoiceBalanceChangedData = z.object({
  invoiceKey: id.nullable(),
  quickbooksId: z.string().max(100),
  totalMinor: z.number().int(),
  balanceMinor: z.number().int(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  dueDate: isoDate.nullable(),
});

export const paymentRecordedData = z.object({
  paymentId: id,
  quickbooksId: z.string().max(100).nullable(),
  customerId: id,
  amountMinor: z.number().int().min(0),
  currency: z.string().regex(/^[A-Z]{3}$/),
  receivedOn: isoDate,
  appliedTo: z.array(z.object({ invoiceKey: id.nullable(), quickbooksInvoiceId: z.string().max(100).nullable(), amountMinor: z.number().int() })).max(500),
});

/**
 * Issue 11: which of the QuickBooks company's own TaxCode ids each Ringside tax rate is
 * pushed with (US pseudo-codes TAX/NON exist only for US companies; UK, CA and AU
 * companies need real ids). Chosen by the bookkeeper in Settings; a later definition for
 * the same realm replaces it, so every bookkeeper console pushes the same codes.
 */
export const quickbooksTaxMappingDefinedData = z.object({
  realmId: z.string().min(1).max(100),
  codes: z.array(z.object({ taxBasisPoints: z.number().int().min(0).max(10_000), taxCodeId: z.string().min(1).max(100) })).max(50),
  by: z.string().min(1).max(200),
});

/**
 * The connected QuickBooks company as the syncing console last read it (issue 11): posted when
 * it differs from the last one in the log, so every console (admin included) knows the country,
 * the numbering preference and the tax codes to choose from, not only the one holding the sync.
 */
export const quickbooksCompanyReadData = z.object({
  realmId: z.string().min(1).max(100),
  country: z.string().max(100),
  usingSalesTax: z.boolean().default(false),
  automatedSalesTax: z.boolean(),
  customTxnNumbers: z.boolean(),
  defaultTermsId: z.string().max(100).nullable().default(null),
  taxCodes: z
    .array(z.object({ id: z.string().min(1).max(100), name: z.string().max(200), active: z.boolean(), taxable: z.boolean().default(false), salesRateBasisPoints: z.number().int().min(0).max(100_000).nullable() }))
    .max(300),
  readAt: z.string().datetime(),
});

// ---- alerts and customer suggestions (issue 12) ---------------------------------

/** Someone saw a relay alert: every console stops showing it until it is raised again. */
export const alertAcknowledgedData = z.object({ alertId: id, by: z.string().min(1).max(200) });

/**
 * A suggestion for a customer's record (a name, email or address found in their texts or
 * transcripts) was turned down; `suggestionKey` is the suggestion's stable key, so it is
 * not proposed again. Accepting one is a customer.upserted.
 */
export const customerSuggestionDismissedData = z.object({ customerId: id, suggestionKey: z.string().min(1).max(500), by: z.string().min(1).max(200) });

// ---- issue 13: the AI voice agent's answers and payments ----------------------

/**
 * Why the relay answered a Vapi `assistant-request` as it did, decided from its own accounts
 * (relay/src/accounts) within Vapi's ~5 s budget. Recorded for every answer, so the call's
 * history says plainly why the AI agent served or refused the caller.
 */
export const assistantDecisionReasons = [
  /** Served: the caller's plan has included time left this period. */
  'included_time_left',
  /** Served: the caller's wallet has money left. */
  'wallet_balance_left',
  /** Served although nothing is left: the plan is exempt from the balance check (an enterprise plan). */
  'exempt_plan',
  /** Refused (or forwarded to a person): nothing left and the plan is not exempt. */
  'no_balance',
  /** The number belongs to no customer: the configured default for unknown callers. */
  'unknown_caller',
] as const;

export const callAssistantDecidedData = z.object({
  /** `vapi:<call.id>` (namespacedCallId): the same id as the call's later events. */
  callId: id,
  businessNumber: e164,
  /** The caller; null when the number was withheld. */
  externalNumber: e164.nullable(),
  /** `assistant`: the AI agent takes the call; `refused`: the payment-required message is spoken; `forwarded`: sent to a person's number. */
  decision: z.enum(['assistant', 'refused', 'forwarded']),
  reason: z.enum(assistantDecisionReasons),
  customerId: id.nullable(),
  /** What the caller had left when the call came in (null: no plan / no wallet). */
  includedSecondsRemaining: z.number().int().nullable(),
  walletBalanceMinor: z.number().int().nullable(),
  currency: z.string().regex(/^[A-Z]{3}$/).nullable(),
  /** Time from the request's arrival to the answer being ready, as the relay measured it. */
  answeredInMs: z.number().min(0),
});

export const paymentProviders = ['flutterwave'] as const;
export const paymentPurposes = ['top_up', 'subscription'] as const;

/**
 * A payment the provider confirmed, appended only after the relay verified it with the
 * provider's own transaction-verification endpoint (status, amount, currency and reference
 * all match what was asked). Event id and fact key are per transaction, so a replayed
 * webhook gives nothing twice. The billing fold credits a top-up to the wallet
 * (entry `paymentId`); a subscription payment starts the subscription (`subscriptionId`)
 * when the customer has none active on that plan, and otherwise records the renewal.
 */
export const paymentReceivedData = z.object({
  /** `<provider>:<transaction id>`. */
  paymentId: id,
  provider: z.enum(paymentProviders),
  transactionId: z.string().min(1).max(100),
  /** The reference Ringside gave the payment link (Flutterwave `tx_ref`): the link's `linkId`. */
  reference: z.string().min(1).max(200),
  customerId: id,
  purpose: z.enum(paymentPurposes),
  /** For `subscription`: the plan paid for and the Ringside subscription it starts or renews. */
  planId: id.nullable().default(null),
  subscriptionId: id.nullable().default(null),
  amountMinor: z.number().int().min(1),
  currency: z.string().regex(/^[A-Z]{3}$/),
  paidAt: isoInstant,
  verifiedAt: isoInstant,
});

/** A charge that failed or that verification refused (amount, currency or reference not as asked): shown, never credited. */
export const paymentFailedData = z.object({
  paymentId: id,
  provider: z.enum(paymentProviders),
  transactionId: z.string().min(1).max(100),
  reference: z.string().max(200).nullable(),
  customerId: id.nullable(),
  purpose: z.enum(paymentPurposes).nullable(),
  amountMinor: z.number().int().min(0),
  currency: z.string().regex(/^[A-Z]{3}$/).nullable(),
  /** Plain words for a receptionist ("The card was declined"). */
  reason: z.string().min(1).max(500),
});

/**
 * A payment link the relay created with the provider (the secret key never leaves the relay)
 * at a console's request, for the agent to send by text or email. `linkId` is the reference
 * the payment will carry back.
 */
export const paymentLinkCreatedData = z.object({
  linkId: id,
  provider: z.enum(paymentProviders),
  customerId: id,
  purpose: z.enum(paymentPurposes),
  planId: id.nullable().default(null),
  amountMinor: z.number().int().min(1),
  currency: z.string().regex(/^[A-Z]{3}$/),
  url: z.string().min(1).max(2000),
  /** Who asked for it (the device's name). */
  by: z.string().min(1).max(200),
});

// ---- issue 15: calls become jobs; privacy ------------------------------------

/** The fields an extraction proposes for a job, each reviewed on its own (accepted, edited or rejected). */
export const jobFieldNames = ['customerName', 'phone', 'address', 'preferredTime', 'description', 'price', 'urgency', 'notes'] as const;
export type JobFieldName = (typeof jobFieldNames)[number];
export const jobUrgencies = ['emergency', 'soon', 'routine'] as const;

/**
 * One proposed value with how sure the extractor is and the words it came from. `value` is
 * in the field's normal form: `phone` E.164; `preferredTime` an ISO instant or an ISO
 * interval `<start>/<end>` in the business time zone's offset; `price` `<minor units> <ISO
 * currency>` (e.g. `45000 USD`); `urgency` one of jobUrgencies; the rest plain text.
 */
export const extractedField = z.object({
  value: z.string().min(1).max(2000),
  confidence: z.number().min(0).max(1),
  evidence: z.string().max(2000),
});
export const appointmentProposal = z.object({
  customerName: extractedField.nullable(),
  phone: extractedField.nullable(),
  address: extractedField.nullable(),
  preferredTime: extractedField.nullable(),
  description: extractedField.nullable(),
  price: extractedField.nullable(),
  urgency: extractedField.nullable(),
  notes: extractedField.nullable(),
});
export const extractionSubjectKinds = ['call', 'voicemail', 'conversation'] as const;

/**
 * Issue 15 §2: what the relay's extractors found in a transcript, a voicemail or a message
 * thread. `extractionId` is `<subject kind>:<subject id>` so a later extraction of the same
 * subject (a thread with new texts, the model's answer after the offline one) replaces the
 * earlier one. Every projection turns appointment `i` into the job `<extractionId>:<i>` in the
 * first stage; fields a person already reviewed are kept as they chose.
 */
export const extractionRecordedData = z.object({
  extractionId: id,
  subject: z.object({ kind: z.enum(extractionSubjectKinds), id }),
  /** The call the words came from (for calls and voicemails), or the thread's latest call; null for a thread without one. */
  callId: id.nullable(),
  /** The thread (conversation id) for message threads; null otherwise. */
  conversationId: id.nullable(),
  customerId: id.nullable(),
  extractor: z.enum(['offline', 'offline+model']),
  /** `dropped_call`: the words stop before anything could be agreed (a call cut off); once the caller said where the job is, what they said (who, where, what) is kept as an appointment to call back about, with no time. */
  outcome: z.enum(['appointments', 'no_appointment', 'dropped_call']),
  appointments: z.array(appointmentProposal).max(10),
  /** Photos the customer sent in the thread (MMS media ids), linked to the jobs. */
  mediaIds: z.array(id).max(200).default([]),
});

/** Stage keys are fixed (billing and the calendar read them); the names people see are configurable (job_stages.named). */
export const jobStages = ['quote_requested', 'quote_sent', 'confirmed', 'in_progress', 'completed'] as const;
export type JobStage = (typeof jobStages)[number];

/** What a person may set on a job; each omitted key is left as it is, null clears it. */
export const jobDetails = z.object({
  title: z.string().min(1).max(200),
  customerId: id.nullable(),
  customerName: z.string().max(200).nullable(),
  phone: e164.nullable(),
  address: z.string().max(500).nullable(),
  scheduledStart: isoInstant.nullable(),
  scheduledEnd: isoInstant.nullable(),
  description: z.string().max(5000).nullable(),
  priceMinor: z.number().int().min(0).nullable(),
  currency: z.string().regex(/^[A-Z]{3}$/).nullable(),
  urgency: z.enum(jobUrgencies).nullable(),
});
const by = z.string().min(1).max(200);
export const jobCreatedData = z.object({ jobId, callId: id.nullable().default(null), conversationId: id.nullable().default(null), details: jobDetails.partial().extend({ title: z.string().min(1).max(200) }), by });
/** Moved to a stage, placed before `beforeJobId` in that column (null: at its end). */
export const jobMovedData = z.object({ jobId, stage: z.enum(jobStages), beforeJobId: jobId.nullable().default(null), by });
export const jobEditedData = z.object({ jobId, changes: jobDetails.partial(), by });
/** A person's answer to one proposed field; kept with what was proposed, it feeds the extractor's reported accuracy. */
export const jobFieldReviewedData = z.object({
  jobId,
  field: z.enum(jobFieldNames),
  decision: z.enum(['accepted', 'edited', 'rejected']),
  proposed: z.string().max(2000).nullable(),
  chosen: z.string().max(2000).nullable(),
  by,
});
export const jobNoteAddedData = z.object({ noteId: id, jobId, text: z.string().min(1).max(5000), by });
/** A photo uploaded to the relay's media store (POST /v1/jobs/photos) and attached to the job. */
export const jobPhotoAddedData = z.object({
  jobId,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  contentType: z.string().regex(/^image\/[a-z0-9.+-]+$/),
  fileName: z.string().min(1).max(300),
  by,
});
export const jobStagesNamedData = z.object({ names: z.object(Object.fromEntries(jobStages.map((stage) => [stage, z.string().min(1).max(60)])) as Record<JobStage, z.ZodString>), by });

/** Issue 15 §4: how long each kind of personal content is kept, in days; null keeps it. */
export const retentionKinds = ['recordings', 'transcripts', 'message_bodies', 'media'] as const;
export type RetentionKind = (typeof retentionKinds)[number];
export const retentionPolicyDefinedData = z.object({
  days: z.object(Object.fromEntries(retentionKinds.map((kind) => [kind, z.number().int().min(1).max(36_500).nullable()])) as Record<RetentionKind, z.ZodNullable<z.ZodNumber>>),
  by,
});

/**
 * Issue 15 §4, appended by the relay: it rewrote the stored events at `seqs` (their personal
 * content replaced, seq order and every billing figure kept) and deleted the media files named,
 * for an erasure of one customer or a retention run. Every console fetches those seqs again,
 * replaces its local copies and rebuilds what it derived from them. A large redaction is split
 * into parts, each its own event.
 */
export const logRedactedData = z.object({
  redactionId: id,
  reason: z.enum(['erasure', 'retention']),
  customerId: id.nullable(),
  kinds: z.array(z.enum([...retentionKinds, 'customer'])).min(1),
  seqs: z.array(z.number().int().min(1)).max(50_000),
  mediaDeleted: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(50_000),
  part: z.number().int().min(1),
  parts: z.number().int().min(1),
  by,
});

// ---- the union --------------------------------------------------------------

const envelope = {
  v: z.literal(EVENT_MODEL_VERSION),
  /** Stable: the provider's event id when there is one, so a retry is recognized. */
  id,
  source: z.enum(eventSources),
  occurredAt: isoInstant,
  receivedAt: isoInstant,
  /**
   * Business lines (E.164) the event concerns; an agent device sees an event only
   * when one of these is assigned to it. Console events about a conversation or a call
   * get its line from the relay (relay/src/console-events/event-lines.ts); those about
   * no line (customers, billing) have none and every device sees them.
   */
  lines: z.array(e164),
  /** The provider payload exactly as parsed, for provider events. */
  raw: z.unknown().optional(),
  /**
   * Issue 12: a fact the relay fetched from the provider's API rather than received by
   * webhook: by the history import or by the daily reconciliation (which found the
   * webhook missing). `recordOnly`: shown in history but never billed (the import's
   * default, so history is not billed again). Absent: it came by webhook or a console.
   */
  origin: z.object({ by: z.enum(['import', 'reconciliation']), recordOnly: z.boolean() }).optional(),
};

/** Console-originated event types and their data; the relay stamps the envelope. */
const consoleEventData = {
  'customer.upserted': customerUpsertedData,
  'customer.removed': customerRemovedData,
  'plan.defined': planDefinedData,
  'rate_card.defined': rateCardDefinedData,
  'billing_policy.defined': billingPolicyDefinedData,
  'subscription.started': subscriptionStartedData,
  'subscription.changed': subscriptionChangedData,
  'subscription.cancelled': subscriptionCancelledData,
  'wallet.credited': walletCreditedData,
  'wallet.top_up_invoiced': walletTopUpInvoicedData,
  'adjustment.recorded': adjustmentRecordedData,
  'call.corrected': callCorrectedData,
  'invoice.status_changed': invoiceStatusChangedData,
  'conversation.status_changed': conversationStatusChangedData,
  'conversation.assigned': conversationAssignedData,
  'conversation.note_added': conversationNoteAddedData,
  'messaging_policy.defined': messagingPolicyDefinedData,
  'call.note_added': callNoteAddedData,
  'call.disposition_set': callDispositionSetData,
  'callback.claimed': callbackClaimedData,
  'callback.released': callbackReleasedData,
  'callback.completed': callbackCompletedData,
  'customer.merged': customerMergedData,
  'line.defined': lineDefinedData,
  'quickbooks.connection_changed': quickbooksConnectionChangedData,
  'invoice.synced': invoiceSyncedData,
  'invoice.sync_failed': invoiceSyncFailedData,
  'invoice.balance_changed': invoiceBalanceChangedData,
  'payment.recorded': paymentRecordedData,
  'quickbooks.tax_mapping_defined': quickbooksTaxMappingDefinedData,
  'quickbooks.company_read': quickbooksCompanyReadData,
  'alert.acknowledged': alertAcknowledgedData,
  'customer.suggestion_dismissed': customerSuggestionDismissedData,
  'job.created': jobCreatedData,
  'job.moved': jobMovedData,
  'job.edited': jobEditedData,
  'job.field_reviewed': jobFieldReviewedData,
  'job.note_added': jobNoteAddedData,
  'job.photo_added': jobPhotoAddedData,
  'job_stages.named': jobStagesNamedData,
  'retention_policy.defined': retentionPolicyDefinedData,
} as const;

type ConsoleEventData = typeof consoleEventData;

// One call per type keeps each variant's literal type, so the union narrows on `type`.
function stored<T extends keyof ConsoleEventData>(type: T) {
  return z.object({ ...envelope, type: z.literal(type), data: consoleEventData[type] });
}
function posted<T extends keyof ConsoleEventData>(type: T) {
  return z.object({ id, occurredAt: isoInstant, type: z.literal(type), data: consoleEventData[type] });
}
export const ringsideEventSchema = z.discriminatedUnion('type', [
  z.object({ ...envelope, type: z.literal('call.ringing'), data: callRingingData }),
  z.object({ ...envelope, type: z.literal('call.answered'), data: callAnsweredData }),
  z.object({ ...envelope, type: z.literal('call.completed'), data: callCompletedData }),
  z.object({ ...envelope, type: z.literal('call.missed'), data: callMissedData }),
  z.object({ ...envelope, type: z.literal('call.forwarded'), data: callForwardedData }),
  z.object({ ...envelope, type: z.literal('call.recording_ready'), data: callRecordingReadyData }),
  z.object({ ...envelope, type: z.literal('call.voicemail_ready'), data: callVoicemailReadyData }),
  z.object({ ...envelope, type: z.literal('call.transcript_ready'), data: callTranscriptReadyData }),
  z.object({ ...envelope, type: z.literal('call.summary_ready'), data: callSummaryReadyData }),
  /** Recorded from a provider webhook, or by the relay when a console sent it (POST /v1/messages). */
  z.object({ ...envelope, type: z.literal('message.recorded'), data: messageRecordedData }),
  z.object({ ...envelope, type: z.literal('contact.changed'), data: contactChangedData }),
  z.object({ ...envelope, type: z.literal('media.captured'), data: mediaCapturedData }),
  z.object({ ...envelope, type: z.literal('relay.alert'), data: relayAlertData }),
  z.object({ ...envelope, type: z.literal('provider.directory_synced'), data: directorySyncedData }),
  z.object({ ...envelope, type: z.literal('provider.unnormalized'), data: providerUnnormalizedData }),
  z.object({ ...envelope, type: z.literal('quickbooks.entities_changed'), data: quickbooksEntitiesChangedData }),
  z.object({ ...envelope, type: z.literal('call.assistant_decided'), data: callAssistantDecidedData }),
  z.object({ ...envelope, type: z.literal('payment.received'), data: paymentReceivedData }),
  z.object({ ...envelope, type: z.literal('payment.failed'), data: paymentFailedData }),
  z.object({ ...envelope, type: z.literal('payment_link.created'), data: paymentLinkCreatedData }),
  z.object({ ...envelope, type: z.literal('call.transcription_failed'), data: callTranscriptionFailedData }),
  z.object({ ...envelope, type: z.literal('extraction.recorded'), data: extractionRecordedData }),
  z.object({ ...envelope, type: z.literal('log.redacted'), data: logRedactedData }),
  stored('customer.upserted'),
  stored('customer.removed'),
  stored('plan.defined'),
  stored('rate_card.defined'),
  stored('billing_policy.defined'),
  stored('subscription.started'),
  stored('subscription.changed'),
  stored('subscription.cancelled'),
  stored('wallet.credited'),
  stored('wallet.top_up_invoiced'),
  stored('adjustment.recorded'),
  stored('call.corrected'),
  stored('invoice.status_changed'),
  stored('conversation.status_changed'),
  stored('conversation.assigned'),
  stored('conversation.note_added'),
  stored('messaging_policy.defined'),
  stored('call.note_added'),
  stored('call.disposition_set'),
  stored('callback.claimed'),
  stored('callback.released'),
  stored('callback.completed'),
  stored('customer.merged'),
  stored('line.defined'),
  stored('quickbooks.connection_changed'),
  stored('invoice.synced'),
  stored('invoice.sync_failed'),
  stored('invoice.balance_changed'),
  stored('payment.recorded'),
  stored('quickbooks.tax_mapping_defined'),
  stored('quickbooks.company_read'),
  stored('alert.acknowledged'),
  stored('customer.suggestion_dismissed'),
  stored('job.created'),
  stored('job.moved'),
  stored('job.edited'),
  stored('job.field_reviewed'),
  stored('job.note_added'),
  stored('job.photo_added'),
  stored('job_stages.named'),
  stored('retention_policy.defined'),
]);

export type RingsideEvent = z.infer<typeof ringsideEventSchema>;
export type RingsideEventType = RingsideEvent['type'];
export type EventOf<T extends RingsideEventType> = Extract<RingsideEvent, { type: T }>;
export type CallRingingData = z.infer<typeof callRingingData>;
export type CallAnsweredData = z.infer<typeof callAnsweredData>;
export type CallCompletedData = z.infer<typeof callCompletedData>;
export type RecordedCallData = z.infer<typeof recordedCallData>;
export type MediaItem = z.infer<typeof mediaItem>;
export type MessageRecordedData = z.infer<typeof messageRecordedData>;
export type TranscriptLine = z.infer<typeof transcriptLine>;
export type CustomerUpsertedData = z.infer<typeof customerUpsertedData>;
export type PlanDefinedData = z.infer<typeof planDefinedData>;
export type SubscriptionStartedData = z.infer<typeof subscriptionStartedData>;
export type WalletCreditedData = z.infer<typeof walletCreditedData>;
export type WalletTopUpInvoicedData = z.infer<typeof walletTopUpInvoicedData>;
export type AdjustmentRecordedData = z.infer<typeof adjustmentRecordedData>;
export type CallCorrectedData = z.infer<typeof callCorrectedData>;
export type CallAssistantDecidedData = z.infer<typeof callAssistantDecidedData>;
export type PaymentReceivedData = z.infer<typeof paymentReceivedData>;
export type PaymentFailedData = z.infer<typeof paymentFailedData>;
export type PaymentLinkCreatedData = z.infer<typeof paymentLinkCreatedData>;
export type ExtractedField = z.infer<typeof extractedField>;
export type AppointmentProposal = z.infer<typeof appointmentProposal>;
export type ExtractionRecordedData = z.infer<typeof extractionRecordedData>;
export type JobDetails = z.infer<typeof jobDetails>;
export type RetentionPolicyDefinedData = z.infer<typeof retentionPolicyDefinedData>;
export type LogRedactedData = z.infer<typeof logRedactedData>;

/** An event as stored in the relay's log. */
export interface SequencedEvent {
  seq: number;
  event: RingsideEvent;
}

// ---- console events posted to POST /v1/events --------------------------------

/** Console event types, with the device roles allowed to post each (the relay enforces it). */
export const consoleEventRoles = {
  'customer.upserted': ['admin', 'bookkeeper'],
  'customer.removed': ['admin', 'bookkeeper'],
  'plan.defined': ['admin'],
  'rate_card.defined': ['admin'],
  'billing_policy.defined': ['admin'],
  'subscription.started': ['admin'],
  'subscription.changed': ['admin'],
  'subscription.cancelled': ['admin'],
  'wallet.credited': ['admin', 'bookkeeper'],
  'wallet.top_up_invoiced': ['admin', 'bookkeeper'],
  'adjustment.recorded': ['admin'],
  'call.corrected': ['admin'],
  'invoice.status_changed': ['admin', 'bookkeeper'],
  // The shared inbox is everyone's work.
  'conversation.status_changed': ['admin', 'bookkeeper', 'agent'],
  'conversation.assigned': ['admin', 'bookkeeper', 'agent'],
  'conversation.note_added': ['admin', 'bookkeeper', 'agent'],
  'messaging_policy.defined': ['admin'],
  'call.note_added': ['admin', 'bookkeeper', 'agent'],
  'call.disposition_set': ['admin', 'bookkeeper', 'agent'],
  'callback.claimed': ['admin', 'bookkeeper', 'agent'],
  'callback.released': ['admin', 'bookkeeper', 'agent'],
  'callback.completed': ['admin', 'bookkeeper', 'agent'],
  'customer.merged': ['admin', 'bookkeeper'],
  'line.defined': ['admin'],
  'quickbooks.connection_changed': ['admin'],
  'invoice.synced': ['bookkeeper'],
  'invoice.sync_failed': ['bookkeeper'],
  'invoice.balance_changed': ['bookkeeper'],
  'payment.recorded': ['bookkeeper'],
  'quickbooks.tax_mapping_defined': ['admin', 'bookkeeper'],
  'quickbooks.company_read': ['admin', 'bookkeeper'],
  'alert.acknowledged': ['admin', 'bookkeeper', 'agent'],
  'customer.suggestion_dismissed': ['admin', 'bookkeeper'],
  // Jobs are everyone's work; naming the stages and the retention policy are the admin's.
  'job.created': ['admin', 'bookkeeper', 'agent'],
  'job.moved': ['admin', 'bookkeeper', 'agent'],
  'job.edited': ['admin', 'bookkeeper', 'agent'],
  'job.field_reviewed': ['admin', 'bookkeeper', 'agent'],
  'job.note_added': ['admin', 'bookkeeper', 'agent'],
  'job.photo_added': ['admin', 'bookkeeper', 'agent'],
  'job_stages.named': ['admin'],
  'retention_policy.defined': ['admin'],
} as const satisfies Record<keyof ConsoleEventData, readonly DeviceRole[]>;

export type ConsoleEventType = keyof typeof consoleEventRoles;


/**
 * What a console posts: the relay fills in `v`, `source: 'console'`, `receivedAt`
 * and `lines`. `id` is chosen by the console (a UUID, or a key derived from the
 * fact) so a retried post is not appended twice. Defaults in the data schemas are
 * filled in by the relay, so every console reads the same stored event.
 */
export const consoleEventInputSchema = z.discriminatedUnion('type', [
  posted('customer.upserted'),
  posted('customer.removed'),
  posted('plan.defined'),
  posted('rate_card.defined'),
  posted('billing_policy.defined'),
  posted('subscription.started'),
  posted('subscription.changed'),
  posted('subscription.cancelled'),
  posted('wallet.credited'),
  posted('wallet.top_up_invoiced'),
  posted('adjustment.recorded'),
  posted('call.corrected'),
  posted('invoice.status_changed'),
  posted('conversation.status_changed'),
  posted('conversation.assigned'),
  posted('conversation.note_added'),
  posted('messaging_policy.defined'),
  posted('call.note_added'),
  posted('call.disposition_set'),
  posted('callback.claimed'),
  posted('callback.released'),
  posted('callback.completed'),
  posted('customer.merged'),
  posted('line.defined'),
  posted('quickbooks.connection_changed'),
  posted('invoice.synced'),
  posted('invoice.sync_failed'),
  posted('invoice.balance_changed'),
  posted('payment.recorded'),
  posted('quickbooks.tax_mapping_defined'),
  posted('quickbooks.company_read'),
  posted('alert.acknowledged'),
  posted('customer.suggestion_dismissed'),
  posted('job.created'),
  posted('job.moved'),
  posted('job.edited'),
  posted('job.field_reviewed'),
  posted('job.note_added'),
  posted('job.photo_added'),
  posted('job_stages.named'),
  posted('retention_policy.defined'),
]);
/** What a caller writes (defaults may be left out). */
// Every console type must be in both lists above; this fails to compile otherwise.
type _EveryConsoleTypeStored = [Exclude<keyof ConsoleEventData, RingsideEventType>] extends [never] ? true : never;
const _everyConsoleTypeStored: _EveryConsoleTypeStored = true;
void _everyConsoleTypeStored;
export type ConsoleEventInput = { [T in ConsoleEventType]: { id: string; occurredAt: string; type: T; data: z.input<ConsoleEventData[T]> } }[ConsoleEventType];

export const deviceRoles = ['admin', 'bookkeeper', 'agent'] as const;
export type DeviceRole = (typeof deviceRoles)[number];
