import { z } from 'zod';
import type { TranscriptLine } from '../events/model';
import type { Page } from './page';

/**
 * The communications part of the renderer API (merged into apiInputSchemas in
 * contract.ts): calls with their recordings, voicemail, transcripts and summaries;
 * message threads with the shared inbox (open/done, snooze, assignment, internal
 * notes, unread per console); campaigns; media; the relay's alerts. Reads come from
 * the console's projection; inbox changes become console events; sending goes through
 * the relay (POST /v1/messages), which holds the provider's API key.
 */

const id = z.string().min(1).max(200);
const conversationKey = z.string().min(1).max(2000);
const isoInstant = z.iso.datetime({ offset: true });
const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number like +16175550100');
const pageLimit = z.number().int().min(1).max(500);

/**
 * What a receptionist reads about a call: never "missed" while it is still going on.
 * ended_unknown: it rang or went on past any plausible bound and its end never arrived
 * (call-status.ts); it is not live and has no talk time.
 */
export const callActivityStatuses = ['ringing', 'in_progress', 'completed', 'missed', 'voicemail', 'forwarded', 'ended_unknown'] as const;
export type CallActivityStatus = (typeof callActivityStatuses)[number];

export interface CallActivityRow {
  callId: string;
  status: CallActivityStatus;
  direction: 'incoming' | 'outgoing';
  /** The other party. */
  number: string;
  businessNumber: string;
  /** The line's name (the provider's, else the one an admin gave it), null when it has none. */
  lineName: string | null;
  customerId: string | null;
  customerName: string | null;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  durationSeconds: number;
  /** Who picked up, as the team knows them (a name), else null. */
  answeredBy: string | null;
  /** Where a forwarded call went (a number or the provider's name for it), when the provider said. */
  forwardedTo: string | null;
  hasRecording: boolean;
  hasVoicemail: boolean;
  hasTranscript: boolean;
  /** The summary's first point, for the list. */
  summaryHeadline: string | null;
}

/** A piece of media as the console shows it; fetched with `media.fetch` by mediaId. */
export interface MediaRef {
  mediaId: string;
  contentType: string | null;
  durationSeconds: number | null;
  /** captured: the relay holds a copy; pending: not yet; provider_only: the relay gave up and only the provider's (expiring) link is left. */
  state: 'captured' | 'pending' | 'provider_only';
  bytes: number | null;
}

/** A transcript line with its speaker's name when the speaker is a workspace user the directory names. */
export interface CallTranscriptLine extends TranscriptLine {
  speakerName: string | null;
}

export interface CallDetail {
  call: CallActivityRow;
  recordings: MediaRef[];
  voicemail: (MediaRef & { transcript: string | null }) | null;
  transcript: CallTranscriptLine[];
  summary: string[];
  nextSteps: string[];
  /** Issue 13: why the AI voice agent (Vapi) took or refused the call, in plain words; null when none answered it. */
  aiAgent: string | null;
  /**
   * Issue 15: about the transcript held: who made it (`ringside`: the relay's transcription backend; `provider`:
   * OpenPhone, Vapi, Twilio, MightyCall), how it reads (`poor`: parts may be wrong; `empty`: no speech found; null
   * when not said), its language. Null when the call has no transcript. Lines carry their confidence (0–1) when known.
   */
  transcriptInfo?: { by: 'ringside' | 'provider'; quality: 'clear' | 'poor' | 'empty' | null; language: string | null } | null;
  /** Issue 15: why no transcript could be made, in plain words; null when one is held or none was tried. */
  transcriptionFailure?: string | null;
}

export type ConversationStatus = 'open' | 'done' | 'snoozed';

export interface ConversationRow {
  conversationKey: string;
  businessNumber: string;
  /** The line's name (the provider's, else the one an admin gave it), null when it has none. */
  lineName: string | null;
  /** The other participants; two or more make a group thread. */
  participants: string[];
  /** Customers linked through any of their numbers (a group thread may link several). */
  customers: { id: string; name: string }[];
  status: ConversationStatus;
  snoozedUntil: string | null;
  assignee: string | null;
  unreadCount: number;
  /** The newest message is incoming and nobody has replied since. */
  needsReply: boolean;
  lastMessageAt: string;
  lastMessagePreview: string;
  lastMessageDirection: 'incoming' | 'outgoing';
  /** A customer in it answered one of our campaigns. */
  campaignReply: boolean;
}

export interface MessageRow {
  messageId: string;
  conversationKey: string;
  direction: 'incoming' | 'outgoing';
  from: string;
  /** The sender's name when known (a customer; for ours the provider user who sent it, else the line's name). */
  fromName: string | null;
  /** This console sent it: the only texts a thread shows as "You". */
  sentHere: boolean;
  body: string;
  media: MediaRef[];
  status: 'received' | 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed';
  /** Plain words when delivery failed ("The recipient's carrier rejected the message."). */
  failure: string | null;
  sentAt: string;
  /** Set on bulk outgoing messages: the campaign they belong to. */
  campaignId: string | null;
  /** An incoming message answering a campaign. */
  campaignResponse: boolean;
}

export interface ConversationNote {
  noteId: string;
  text: string;
  by: string;
  at: string;
}

export interface ConversationDetail {
  conversation: ConversationRow;
  /** Oldest first, the newest `limit` (or those before `before`). */
  messages: MessageRow[];
  notes: ConversationNote[];
  /** More messages exist before the first one returned. */
  hasEarlier: boolean;
}

export interface CampaignRow {
  campaignId: string;
  /** The text sent (first 200 characters). */
  text: string;
  businessNumber: string;
  recipients: number;
  responses: number;
  firstSentAt: string;
  lastSentAt: string;
}

export interface MessageTemplate {
  templateId: string;
  title: string;
  /** Already filled in for the conversation's customer (name, balance, oldest unpaid invoice). */
  body: string;
}

/** `numbers`: the other party (several for a group thread), shown when no customer has the number. */
export type SearchHit =
  | { kind: 'message'; messageId: string; conversationKey: string; snippet: string; at: string; customerName: string | null; numbers: string[] }
  | { kind: 'transcript'; callId: string; snippet: string; at: string; customerName: string | null; numbers: string[] };

export interface MessagingPolicy {
  campaignMinRecipients: number;
  campaignWindowMinutes: number;
  /** No admin has defined one: these are the defaults. */
  isDefault: boolean;
  definedAt: string | null;
}

export interface Assignees {
  /** This console's name on the team, null when the relay has not said. */
  me: string | null;
  /** Everyone else the console knows of (consoles on the team, the provider's users, names already assigned), by name. */
  others: string[];
}

/** Alerts with the same words (the same kind of media from the same caller, the same trouble), as one banner line. */
export interface RelayAlertGroup {
  /** The alerts' own words: the same in every console, so a line keeps its key. */
  key: string;
  /** "3 photos from +1 617 555 0177 could not be saved yet; Ringside keeps trying." */
  text: string;
  count: number;
  /** When the oldest of them was raised. */
  since: string;
}

export interface RelayAlerts {
  /** Newest first, at most the `limit` asked for. */
  groups: RelayAlertGroup[];
  totalGroups: number;
  totalAlerts: number;
  /** The newest raise: a console that acknowledged the banner shows it again once a newer one comes. */
  latestRaisedAt: string | null;
  /** The seq of the newest alert shown: Acknowledge acknowledges every shown alert up to it (alerts.acknowledge). */
  latestSeq: number | null;
}

/** One line of the Operations page's recent alerts: raised, cleared, or acknowledged by someone. */
export interface AlertHistoryRow {
  seq: number;
  alertId: string;
  kind: 'raised' | 'cleared' | 'acknowledged';
  severity: 'warning' | 'critical';
  /** The alert's words (for an acknowledgement, those of the raising it acknowledged). */
  message: string;
  /** Where the relay sent it besides the banner. */
  channels: ('email' | 'sms')[];
  /** Who acknowledged it (the console's name), for an acknowledgement. */
  by: string | null;
  at: string;
}

export type MediaContent =
  | { available: true; contentType: string; /** base64 */ data: string; bytes: number }
  | { available: false; reason: string };

/** Which messages the activity feed shows: campaign messages are hidden unless asked for. */
const campaignFilter = z.enum(['hide', 'show', 'responses_only', 'non_campaign_only']);

const messageFeedFilter = z
  .object({
    campaigns: campaignFilter.default('hide'),
    /**
     * Texts sent at or after this instant: the start of the receptionist's local day
     * (the renderer turns its date picker's day into an instant, so the days are the
     * receptionist's, not UTC's). A conversation matches when it had a text in the range.
     */
    from: isoInstant.optional(),
    /** Texts sent before this instant (exclusive): the start of the day after the last day picked. */
    to: isoInstant.optional(),
    unreadOnly: z.boolean().default(false),
    needsReplyOnly: z.boolean().default(false),
    line: e164.optional(),
    customerId: id.optional(),
  })
  .strict();

/** Paged newest first on (lastMessageAt, conversationKey) of the previous page's last row. */
const conversationCursor = z.object({ lastMessageAt: z.string().max(40), conversationKey }).strict();
/** Paged newest first on (sentAt, messageId). */
const messageCursor = z.object({ sentAt: z.string().max(40), messageId: id }).strict();
/** Paged newest first on (startedAt, callId). */
const callCursor = z.object({ startedAt: z.string().max(40), callId: id }).strict();

export const communicationsApiInputSchemas = {
  'communications.callPage': z
    .object({
      limit: pageLimit,
      before: callCursor.optional(),
      status: z.enum(callActivityStatuses).optional(),
      line: e164.optional(),
      customerId: id.optional(),
    })
    .strict(),
  'communications.callDetail': z.object({ callId: id }).strict(),
  'messages.conversations': z
    .object({
      limit: pageLimit,
      after: conversationCursor.optional(),
      status: z.enum(['open', 'done', 'snoozed', 'all']).default('open'),
      filter: messageFeedFilter.default({ campaigns: 'hide', unreadOnly: false, needsReplyOnly: false }),
      assignee: z.string().max(200).optional(),
    })
    .strict(),
  'messages.conversation': z.object({ conversationKey, limit: pageLimit, before: messageCursor.optional(), campaigns: campaignFilter.default('show') }).strict(),
  /** The activity feed: every message, newest first, campaign messages hidden by default. */
  'messages.feed': z.object({ limit: pageLimit, before: messageCursor.optional(), filter: messageFeedFilter.default({ campaigns: 'hide', unreadOnly: false, needsReplyOnly: false }) }).strict(),
  'messages.search': z.object({ query: z.string().min(1).max(200), limit: pageLimit }).strict(),
  'messages.campaigns': z.object({ limit: pageLimit }).strict(),
  'messages.unreadCount': z.object({}).strict(),
  'messages.markRead': z.object({ conversationKey }).strict(),
  'messages.setStatus': z.object({ conversationKey, status: z.enum(['open', 'done']), snoozedUntil: isoInstant.nullable().default(null) }).strict(),
  'messages.assign': z.object({ conversationKey, assignee: z.string().min(1).max(200).nullable() }).strict(),
  'messages.addNote': z.object({ conversationKey, text: z.string().trim().min(1).max(5000) }).strict(),
  'messages.templates': z.object({ conversationKey }).strict(),
  /** Sends through the relay; fails with plain words (not approved for texting, out of credits…). */
  'messages.send': z.object({ conversationKey, body: z.string().trim().min(1).max(1600) }).strict(),
  /** The campaign rule in force (an admin's messaging_policy.defined, else the defaults). */
  'messages.policy': z.object({}).strict(),
  /** Admin only (the relay refuses other roles): posts messaging_policy.defined. */
  'messages.definePolicy': z
    .object({
      campaignMinRecipients: z.number().int().min(2, 'at least 2 people').max(10_000, 'at most 10,000 people'),
      campaignWindowMinutes: z.number().int().min(1, 'at least 1 minute').max(7 * 24 * 60, 'at most a week (10,080 minutes)'),
    })
    .strict(),
  /** Who a conversation can be assigned to: this console first, then the team's names. */
  'messages.assignees': z.object({}).strict(),
  'media.fetch': z.object({ mediaId: id }).strict(),
  'alerts.active': z.object({ limit: pageLimit.default(100) }).strict(),
  /** Team-wide: posts alert.acknowledged for every open alert shown up to `throughSeq`, so no console shows them until raised again. */
  'alerts.acknowledge': z.object({ throughSeq: z.number().int().min(0) }).strict(),
  'alerts.recent': z.object({ limit: pageLimit.default(100) }).strict(),
} as const;

export interface CommunicationsApiOutputs {
  'communications.callPage': Page<CallActivityRow>;
  'communications.callDetail': CallDetail | null;
  'messages.conversations': Page<ConversationRow>;
  'messages.conversation': ConversationDetail | null;
  'messages.feed': Page<MessageRow>;
  'messages.search': SearchHit[];
  'messages.campaigns': CampaignRow[];
  /** Conversations in the default list with incoming texts this console has not read (the tab's badge). */
  'messages.unreadCount': { unread: number };
  'messages.markRead': null;
  'messages.setStatus': null;
  'messages.assign': null;
  'messages.addNote': null;
  'messages.templates': MessageTemplate[];
  'messages.send': { messageId: string };
  'messages.policy': MessagingPolicy;
  'messages.definePolicy': null;
  'messages.assignees': Assignees;
  'media.fetch': MediaContent;
  'alerts.active': RelayAlerts;
  'alerts.acknowledge': { acknowledged: number };
  'alerts.recent': AlertHistoryRow[];
}

export interface CommunicationsApiPushes {
  /** A new incoming message was applied: the shell raises an OS notification, the tab shows a badge. */
  'messages.arrived': { conversationKey: string; fromName: string | null; from: string; preview: string; unread: number };
  // Pushed once per conversation per applied batch (its newest new text), only for texts sent in the last 15 minutes
  // (a catch-up after a night offline updates the lists without a burst of notifications); `unread` as messages.unreadCount.
}
