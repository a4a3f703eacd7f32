import type { EventOf, MediaItem, RingsideEvent } from '../../shared/events/model';
import { conversationKey } from '../../shared/messages/conversation-key';
import { callActivityStatus } from '../communications/call-status';
import type { ConsoleDatabase } from '../db/open-console-database';
import type { ChangedCall } from './apply-event';
import type { MediaKind, MediaOwnerKind } from '../db/schema';
import { campaignFor, campaignRuleOf, type CampaignRule } from '../messages/campaign-rule';
import { mergedMessageStatus } from '../messages/message-status';
import { communicationsStatements, type CommunicationsStatements } from './communications-statements';
import { isImportedHistory, readMarkAfterImportedText } from './imported-history';

/**
 * The communications part of the projection (issue 9): call artifacts merged onto their
 * call whatever the order, messages merged by id into conversations, campaigns, the
 * shared inbox, provider contacts, media captures and the relay's alerts. Runs in the
 * projection's transaction, after the calls row (projection-statements.ts) is written.
 *
 * Conversations changed by a batch are refreshed once at its end (finishCommunicationsBatch):
 * a catch-up of a thousand messages in one thread reads its newest message once.
 */

/** A message applied in this batch that was new and incoming: the core notifies about it. */
export interface ArrivedMessage {
  messageId: string;
  conversationKey: string;
}

interface BatchState {
  dirty: Set<string>;
  arrived: ArrivedMessage[];
  /** The campaign rule in force, read once per batch (undefined: not read yet). */
  rule?: CampaignRule;
}

const batches = new WeakMap<ConsoleDatabase, BatchState>();

function batchOf(db: ConsoleDatabase): BatchState {
  let state = batches.get(db);
  if (!state) {
    state = { dirty: new Set(), arrived: [] };
    batches.set(db, state);
  }
  return state;
}

/** Projects one event; answers the call whose calls row it ended (a missed call), for its card. */
export function projectCommunications(db: ConsoleDatabase, seq: number, event: RingsideEvent): ChangedCall | null {
  const s = communicationsStatements(db);
  switch (event.type) {
    // A plain call (rung, answered, completed, nothing else known) has no artifacts row: its
    // status is read from the calls row (call-reads.ts), so catch-up writes nothing more for it.
    case 'call.ringing':
      touchCall(s, event.data.callId, seq);
      return null;
    case 'call.answered':
      if (event.data.answeredBy !== null) {
        s.ensureArtifacts.run({ call_id: event.data.callId, updated_seq: seq });
        s.setAnsweredBy.run({ call_id: event.data.callId, answered_by: event.data.answeredBy });
      }
      touchCall(s, event.data.callId, seq);
      return null;
    case 'call.completed': {
      const d = event.data;
      if (d.answeredBy !== null || d.voicemail || d.voicemailUrl) s.ensureArtifacts.run({ call_id: d.callId, updated_seq: seq });
      if (d.answeredBy !== null) s.setAnsweredBy.run({ call_id: d.callId, answered_by: d.answeredBy });
      if (d.voicemail) writeMedia(s, 'call', d.callId, 'voicemail', [d.voicemail]);
      if (d.voicemail || d.voicemailUrl) s.setVoicemail.run({ call_id: d.callId, voicemail_transcript: null });
      touchCall(s, d.callId, seq);
      return null;
    }
    case 'call.missed': {
      const d = event.data;
      const { changes } = s.completeMissedCall.run({
        call_id: d.callId,
        direction: d.direction,
        external_e164: d.externalNumber,
        business_e164: d.businessNumber,
        started_at_ms: Date.parse(d.startedAt),
        missed_at_ms: Date.parse(d.missedAt),
        updated_seq: seq,
      });
      s.ensureArtifacts.run({ call_id: d.callId, updated_seq: seq });
      s.setMissed.run({ call_id: d.callId, missed_at_ms: Date.parse(d.missedAt) });
      touchCall(s, d.callId, seq);
      return changes > 0 ? { callId: d.callId, startedAtMs: Date.parse(d.startedAt), completedAtMs: Date.parse(d.missedAt) } : null;
    }
    case 'call.forwarded': {
      const d = event.data;
      s.ensureArtifacts.run({ call_id: d.callId, updated_seq: seq });
      s.setForwarded.run({ call_id: d.callId, forwarded_at_ms: Date.parse(d.forwardedAt), forwarded_to: d.forwardedTo });
      touchCall(s, d.callId, seq);
      return null;
    }
    case 'call.recording_ready':
      insertRecordedCall(s, event.data.callId, event.data.call, seq);
      s.ensureArtifacts.run({ call_id: event.data.callId, updated_seq: seq });
      writeMedia(s, 'call', event.data.callId, 'recording', event.data.recordings);
      // A new artifacts row of a call already projected takes the call's status.
      touchCall(s, event.data.callId, seq);
      return null;
    case 'call.voicemail_ready': {
      const d = event.data;
      s.ensureArtifacts.run({ call_id: d.callId, updated_seq: seq });
      writeMedia(s, 'call', d.callId, 'voicemail', [d.voicemail]);
      s.setVoicemail.run({ call_id: d.callId, voicemail_transcript: d.transcript });
      touchCall(s, d.callId, seq);
      return null;
    }
    case 'call.transcript_ready': {
      const d = event.data;
      s.ensureArtifacts.run({ call_id: d.callId, updated_seq: seq });
      // A transcript delivered again replaces the one held.
      s.deleteTranscript.run({ call_id: d.callId });
      d.dialogue.forEach((line, lineNo) =>
        s.insertTranscriptLine.run({
          call_id: d.callId,
          line_no: lineNo,
          speaker_e164: line.speakerNumber,
          speaker_user_id: line.speakerUserId,
          text: line.text,
          start_seconds: line.startSeconds,
          end_seconds: line.endSeconds,
          confidence: line.confidence ?? null,
        }),
      );
      s.setTranscriptDuration.run({ call_id: d.callId, transcript_duration_seconds: d.durationSeconds });
      // Issue 15: absent on provider transcripts from before, which so project as they did (no version change).
      s.setTranscriptFacts.run({ call_id: d.callId, transcribed_by: d.transcribedBy ?? null, transcript_quality: d.quality ?? null, transcript_language: d.language ?? null });
      touchCall(s, d.callId, seq);
      return null;
    }
    case 'call.transcription_failed': {
      const d = event.data;
      s.ensureArtifacts.run({ call_id: d.callId, updated_seq: seq });
      // Shown on the call only while it has no transcript (call-reads.ts): a provider's arriving later wins.
      s.setTranscriptionFailure.run({ call_id: d.callId, transcription_failure_reason: d.reason, transcription_failure_detail: d.detail });
      touchCall(s, d.callId, seq);
      return null;
    }
    case 'call.summary_ready':
      s.ensureArtifacts.run({ call_id: event.data.callId, updated_seq: seq });
      s.setSummary.run({ call_id: event.data.callId, summary_json: JSON.stringify(event.data.summary), next_steps_json: JSON.stringify(event.data.nextSteps) });
      touchCall(s, event.data.callId, seq);
      return null;
    case 'message.recorded':
      // The relay's health-check texts stay in the log as proof its webhooks arrive, never in the feed or the unread counts.
      if (!event.data.healthCheck) projectMessage(db, s, seq, event);
      return null;
    case 'media.captured':
      s.upsertMediaCapture.run({ media_id: event.data.mediaId, sha256: event.data.sha256, content_type: event.data.contentType, bytes: event.data.bytes });
      return null;
    case 'contact.changed': {
      const d = event.data;
      s.deleteContactPhones.run({ contact_id: d.contactId });
      if (d.deleted) {
        s.deleteContact.run({ contact_id: d.contactId });
        return null;
      }
      s.upsertContact.run({ contact_id: d.contactId, name: d.name, company: d.company, emails_json: JSON.stringify(d.emails), updated_seq: seq });
      for (const phone of d.phones) s.insertContactPhone.run({ contact_id: d.contactId, phone_e164: phone });
      return null;
    }
    case 'relay.alert':
      if (event.data.state === 'cleared') s.clearAlert.run({ alert_id: event.data.alertId });
      else s.raiseAlert.run({ alert_id: event.data.alertId, message: event.data.message, raised_at_ms: Date.parse(event.occurredAt), seq });
      return null;
    case 'provider.directory_synced': {
      const d = event.data;
      // Users are kept when a later sync no longer lists them: calls they answered still name them.
      for (const user of d.users) s.insertProviderUser.run({ provider: d.provider, provider_user_id: user.providerUserId, name: user.name, email: user.email, updated_seq: seq });
      s.unsyncLines.run({ provider: d.provider, updated_seq: seq });
      for (const line of d.lines) {
        s.upsertSyncedLine.run({
          number_e164: line.number,
          provider: d.provider,
          provider_line_id: line.providerLineId,
          synced_name: line.name,
          user_ids_json: JSON.stringify(line.userIds),
          updated_seq: seq,
        });
      }
      s.deleteNamelessLines.run();
      return null;
    }
    case 'line.defined':
      s.upsertDefinedLine.run({ number_e164: event.data.number, defined_name: event.data.name, updated_seq: seq });
      return null;
    case 'conversation.status_changed': {
      const d = event.data;
      s.upsertInboxStatus.run({
        conversation_key: d.conversationKey,
        status: d.status,
        status_at_ms: Date.parse(event.occurredAt),
        snoozed_until_ms: d.snoozedUntil === null ? null : Date.parse(d.snoozedUntil),
        updated_seq: seq,
      });
      return null;
    }
    case 'messaging_policy.defined': {
      // From here on in the log: texts projected before keep the campaign they were given
      // (campaign-rule.ts says why), and re-projection, reading the same log in the same
      // order, gives every console the same answer.
      s.defineMessagingPolicy.run({
        campaign_min_recipients: event.data.campaignMinRecipients,
        campaign_window_minutes: event.data.campaignWindowMinutes,
        defined_at_ms: Date.parse(event.occurredAt),
        seq,
      });
      delete batchOf(db).rule;
      return null;
    }
    case 'conversation.assigned':
      s.upsertInboxAssignee.run({ conversation_key: event.data.conversationKey, assignee: event.data.assignee, updated_seq: seq });
      return null;
    case 'conversation.note_added': {
      const d = event.data;
      s.insertNote.run({ note_id: d.noteId, conversation_key: d.conversationKey, text: d.text, by_whom: d.by, at_ms: Date.parse(event.occurredAt), seq });
      return null;
    }
    default:
      return null;
  }
}

/**
 * Shows a call whose ringing and completion never reached us, from the call its
 * recording's payload describes. Never billed: the billing engine rates call.completed
 * events only, and a later completion of the same call replaces this row.
 */
function insertRecordedCall(s: CommunicationsStatements, callId: string, call: EventOf<'call.recording_ready'>['data']['call'], seq: number): void {
  if (!call || call.direction === null || call.businessNumber === null || call.externalNumber === null || call.startedAt === null) return;
  const answeredAtMs = call.answeredAt === null ? null : Date.parse(call.answeredAt);
  const completedAtMs = call.completedAt === null ? null : Date.parse(call.completedAt);
  const talk = answeredAtMs !== null && completedAtMs !== null ? Math.max(0, Math.round((completedAtMs - answeredAtMs) / 1000)) : 0;
  s.insertRecordedCall.run({
    call_id: callId,
    direction: call.direction,
    external_e164: call.externalNumber,
    business_e164: call.businessNumber,
    started_at_ms: Date.parse(call.startedAt),
    answered_at_ms: answeredAtMs,
    completed_at_ms: completedAtMs,
    duration_seconds: call.durationSeconds ?? talk,
    updated_seq: seq,
  });
  if (call.answeredBy !== null) {
    s.ensureArtifacts.run({ call_id: callId, updated_seq: seq });
    s.setAnsweredBy.run({ call_id: callId, answered_by: call.answeredBy });
  }
}

/** Re-derives the status a receptionist reads from everything known of the call, when it has artifacts. */
function touchCall(s: CommunicationsStatements, callId: string, seq: number): void {
  const facts = s.callFacts.get(callId);
  if (!facts) return;
  const status = callActivityStatus({
    completed: facts.call_status === 'completed',
    answered: facts.answered_at_ms !== null,
    missed: facts.missed_at_ms !== null,
    forwarded: facts.forwarded_at_ms !== null,
    voicemail: facts.has_voicemail === 1,
  });
  s.setStatus.run({ call_id: callId, status, updated_seq: seq });
}

function writeMedia(s: CommunicationsStatements, ownerKind: MediaOwnerKind, ownerId: string, kind: MediaKind, items: readonly MediaItem[]): void {
  items.forEach((item, position) =>
    s.upsertMediaItem.run({
      media_id: item.mediaId,
      owner_kind: ownerKind,
      owner_id: ownerId,
      kind,
      position,
      // The provider's signed link is a capability and the console never fetches from it
      // (media comes from the relay by its hash): it is not kept.
      url: '',
      content_type: item.contentType,
      duration_seconds: item.durationSeconds,
    }),
  );
}

function projectMessage(db: ConsoleDatabase, s: CommunicationsStatements, seq: number, event: EventOf<'message.recorded'>): void {
  const d = event.data;
  const batch = batchOf(db);
  const existing = s.readMessage.get(d.messageId);
  if (existing) {
    const status = mergedMessageStatus(existing.status, d.status);
    s.updateMessage.run({
      message_id: d.messageId,
      status,
      // Content is kept from whichever record has it; the error code goes with the status kept.
      body: existing.body !== '' ? existing.body : d.body,
      error_code: status === existing.status ? (existing.error_code ?? d.errorCode) : d.errorCode,
      user_id: d.userId,
      updated_seq: seq,
    });
    writeMedia(s, 'message', d.messageId, 'media', d.media);
    if (existing.body === '' && d.body !== '' && d.direction === 'outgoing' && existing.campaign_id === null) {
      assignCampaign(s, batch, { ...d, conversationKey: existing.conversation_key });
    }
    batch.dirty.add(existing.conversation_key);
    return;
  }
  const key = conversationKey(d.businessNumber, d.participants);
  const sentAtMs = Date.parse(d.sentAt);
  const previous = d.direction === 'incoming' ? s.previousOutgoing.get(key, sentAtMs) : undefined;
  const response = previous?.campaign_id != null;
  s.insertMessage.run({
    message_id: d.messageId,
    conversation_key: key,
    direction: d.direction,
    business_e164: d.businessNumber,
    from_e164: d.from,
    body: d.body,
    status: d.status,
    error_code: d.errorCode,
    sent_at_ms: sentAtMs,
    user_id: d.userId,
    provider_campaign_id: d.campaignId,
    campaign_id: null,
    campaign_response: response ? 1 : 0,
    updated_seq: seq,
  });
  if (response) s.addResponses.run({ campaign_id: previous!.campaign_id!, responses: 1 });
  writeMedia(s, 'message', d.messageId, 'media', d.media);
  for (const phone of key.slice(key.indexOf('|') + 1).split(',')) s.insertParticipant.run({ conversation_key: key, phone_e164: phone });
  if (d.direction === 'outgoing') assignCampaign(s, batch, { ...d, conversationKey: key });
  else if (isImportedHistory(event)) markImportedTextRead(s, key, d.messageId, sentAtMs);
  else batch.arrived.push({ messageId: d.messageId, conversationKey: key });
  batch.dirty.add(key);
}

/** An imported incoming text is history: read already (on every console, as each projects the same log), and no notification. */
function markImportedTextRead(s: CommunicationsStatements, key: string, messageId: string, sentAtMs: number): void {
  const markMs = s.readMarkOf.get(key)?.read_through_ms ?? null;
  const unreadBefore = s.incomingBetween.get({ conversation_key: key, after_ms: markMs ?? -1, before_ms: sentAtMs, message_id: messageId })!.found === 1;
  const mark = readMarkAfterImportedText(markMs, sentAtMs, unreadBefore);
  if (mark !== null) s.markReadThrough.run({ conversation_key: key, read_through_ms: mark });
}

type Recorded = EventOf<'message.recorded'>['data'] & { conversationKey: string };

/** Applies the campaign rule to an outgoing message, marking what it finds and the replies that answer it. */
function assignCampaign(s: CommunicationsStatements, batch: BatchState, d: Recorded): void {
  const sentAtMs = Date.parse(d.sentAt);
  batch.rule ??= campaignRuleOf(s.readMessagingPolicy.get());
  const rule = batch.rule;
  const windowMs = rule.windowMinutes * 60_000;
  const range = [d.businessNumber, d.body, sentAtMs - windowMs, sentAtMs + windowMs] as const;
  let rows: ReturnType<typeof s.sameText.all> = [];
  if (d.campaignId === null && d.body.trim() !== '') {
    // Once a campaign is found, each further text of it reads one row, not every earlier one.
    const inCampaign = s.sameTextInRuleCampaign.get(...range);
    rows = inCampaign ? [inCampaign] : s.sameText.all(...range);
  }
  const sameText = rows.map((m) => ({ messageId: m.message_id, conversationKey: m.conversation_key, sentAtMs: m.sent_at_ms, campaignId: m.campaign_id }));
  const decision = campaignFor({ messageId: d.messageId, conversationKey: d.conversationKey, sentAtMs, campaignId: null, businessNumber: d.businessNumber, body: d.body, providerCampaignId: d.campaignId }, sameText, rule);
  if (!decision) return;
  const byId = new Map(sameText.map((m) => [m.messageId, m]));
  byId.set(d.messageId, { messageId: d.messageId, conversationKey: d.conversationKey, sentAtMs, campaignId: null });
  const known = s.readCampaign.get(decision.campaignId) !== undefined;
  if (!known) {
    s.insertCampaign.run({ campaign_id: decision.campaignId, business_e164: d.businessNumber, text: d.body.slice(0, 200), recipients: 0, responses: 0, first_sent_at_ms: sentAtMs, last_sent_at_ms: sentAtMs });
  }
  for (const messageId of decision.members) {
    const member = byId.get(messageId);
    if (!member) continue;
    // A recipient counts once however many of the campaign's texts it got.
    const newRecipient = s.campaignMessagesInConversation.get(member.conversationKey, decision.campaignId)!.n === 0;
    s.setCampaign.run({ message_id: messageId, campaign_id: decision.campaignId });
    s.growCampaign.run({ campaign_id: decision.campaignId, recipients: newRecipient ? 1 : 0, sent_at_ms: member.sentAtMs });
    // Replies already applied that answer this message (until our next own text) are responses to it.
    const before = s.nextOutgoingAfter.get(member.conversationKey, member.sentAtMs)?.sent_at_ms ?? Number.MAX_SAFE_INTEGER;
    const { changes } = s.markResponses.run({ conversation_key: member.conversationKey, after_ms: member.sentAtMs, before_ms: before });
    if (changes > 0) s.addResponses.run({ campaign_id: decision.campaignId, responses: changes });
    batch.dirty.add(member.conversationKey);
  }
}

/** Refreshes the conversations a batch changed; returns the incoming messages it brought. */
export function finishCommunicationsBatch(db: ConsoleDatabase): ArrivedMessage[] {
  const batch = batches.get(db);
  if (!batch) return [];
  batches.delete(db);
  const s = communicationsStatements(db);
  for (const key of batch.dirty) refreshConversation(s, key);
  return batch.arrived;
}

/** Forgets what a failed batch noted (its transaction rolled back). */
export function forgetCommunicationsBatch(db: ConsoleDatabase): void {
  batches.delete(db);
}

function refreshConversation(s: CommunicationsStatements, key: string): void {
  const newest = s.newestMessage.get(key);
  if (!newest) return;
  const participants = key.slice(key.indexOf('|') + 1).split(',');
  const preview = newest.body !== '' ? newest.body.slice(0, 200) : s.mediaCountOf.get(newest.message_id)!.n > 0 ? 'Photo or attachment' : '';
  s.upsertConversation.run({
    conversation_key: key,
    business_e164: newest.business_e164,
    participants_json: JSON.stringify(participants),
    last_message_id: newest.message_id,
    last_message_at_ms: newest.sent_at_ms,
    last_preview: preview,
    last_direction: newest.direction,
    last_incoming_at_ms: s.newestIncomingAt.get(key)?.at ?? null,
    has_visible: s.hasVisible.get(key)!.found,
    has_campaign: s.hasCampaign.get(key)!.found,
    has_response: s.hasResponse.get(key)!.found,
  });
}
