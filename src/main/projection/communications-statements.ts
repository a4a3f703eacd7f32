import type BetterSqlite3 from 'better-sqlite3';
import type { ConsoleDatabase } from '../db/open-console-database';
import type {
  BusinessLinesTable,
  CallArtifactsTable,
  CampaignsTable,
  ConversationInboxTable,
  ConversationNotesTable,
  ConversationsTable,
  MediaCapturesTable,
  MediaItemsTable,
  MessagesTable,
  ProviderUsersTable,
  RelayAlertsTable,
  TranscriptLinesTable,
} from '../db/schema';

/**
 * The communications projection's reads and writes as prepared statements
 * (projection-statements.ts explains why): every one a key or index seek, none a scan.
 */
export interface CommunicationsStatements {
  ensureArtifacts: BetterSqlite3.Statement<{ call_id: string; updated_seq: number }>;
  setAnsweredBy: BetterSqlite3.Statement<{ call_id: string; answered_by: string | null }>;
  setMissed: BetterSqlite3.Statement<{ call_id: string; missed_at_ms: number }>;
  setForwarded: BetterSqlite3.Statement<{ call_id: string; forwarded_at_ms: number; forwarded_to: string | null }>;
  setVoicemail: BetterSqlite3.Statement<{ call_id: string; voicemail_transcript: string | null }>;
  setSummary: BetterSqlite3.Statement<Pick<CallArtifactsTable, 'call_id' | 'summary_json' | 'next_steps_json'>>;
  setTranscriptDuration: BetterSqlite3.Statement<Pick<CallArtifactsTable, 'call_id' | 'transcript_duration_seconds'>>;
  /** Issue 15: who made the transcript held, how it reads, its language. */
  setTranscriptFacts: BetterSqlite3.Statement<Pick<CallArtifactsTable, 'call_id' | 'transcribed_by' | 'transcript_quality' | 'transcript_language'>>;
  setTranscriptionFailure: BetterSqlite3.Statement<Pick<CallArtifactsTable, 'call_id' | 'transcription_failure_reason' | 'transcription_failure_detail'>>;
  callFacts: BetterSqlite3.Statement<
    [string],
    Pick<CallArtifactsTable, 'missed_at_ms' | 'forwarded_at_ms' | 'has_voicemail'> & { call_status: string | null; answered_at_ms: number | null }
  >;
  setStatus: BetterSqlite3.Statement<Pick<CallArtifactsTable, 'call_id' | 'status' | 'updated_seq'>>;
  /** A missed call ends it, when nothing else has (its completion, when it comes, is the provider's word). */
  readMessagingPolicy: BetterSqlite3.Statement<[], { campaign_min_recipients: number; campaign_window_minutes: number }>;
  defineMessagingPolicy: BetterSqlite3.Statement<{ campaign_min_recipients: number; campaign_window_minutes: number; defined_at_ms: number; seq: number }>;
  insertRecordedCall: BetterSqlite3.Statement<{
    call_id: string;
    direction: string;
    external_e164: string;
    business_e164: string;
    started_at_ms: number;
    answered_at_ms: number | null;
    completed_at_ms: number | null;
    duration_seconds: number;
    updated_seq: number;
  }>;
  completeMissedCall: BetterSqlite3.Statement<{ call_id: string; direction: string; external_e164: string; business_e164: string; started_at_ms: number; missed_at_ms: number; updated_seq: number }>;
  deleteTranscript: BetterSqlite3.Statement<{ call_id: string }>;
  insertTranscriptLine: BetterSqlite3.Statement<Omit<TranscriptLinesTable, 'line_rowid'>>;
  upsertMediaItem: BetterSqlite3.Statement<MediaItemsTable>;
  upsertMediaCapture: BetterSqlite3.Statement<MediaCapturesTable>;
  readMessage: BetterSqlite3.Statement<[string], Pick<MessagesTable, 'status' | 'body' | 'campaign_id' | 'conversation_key' | 'error_code'>>;
  insertMessage: BetterSqlite3.Statement<Omit<MessagesTable, 'message_rowid'>>;
  updateMessage: BetterSqlite3.Statement<Pick<MessagesTable, 'message_id' | 'status' | 'body' | 'error_code' | 'user_id' | 'updated_seq'>>;
  sameText: BetterSqlite3.Statement<[string, string, number, number], { message_id: string; conversation_key: string; sent_at_ms: number; campaign_id: string | null }>;
  /** One message of a rule campaign nearby with the same text, if any: then nothing more need be read. */
  sameTextInRuleCampaign: BetterSqlite3.Statement<[string, string, number, number], { message_id: string; conversation_key: string; sent_at_ms: number; campaign_id: string | null }>;
  setCampaign: BetterSqlite3.Statement<{ message_id: string; campaign_id: string }>;
  campaignMessagesInConversation: BetterSqlite3.Statement<[string, string], { n: number }>;
  readCampaign: BetterSqlite3.Statement<[string], Pick<CampaignsTable, 'campaign_id'>>;
  insertCampaign: BetterSqlite3.Statement<CampaignsTable>;
  growCampaign: BetterSqlite3.Statement<{ campaign_id: string; recipients: number; sent_at_ms: number }>;
  addResponses: BetterSqlite3.Statement<{ campaign_id: string; responses: number }>;
  /** The newest outgoing message before an instant in a conversation: a reply answers it. */
  previousOutgoing: BetterSqlite3.Statement<[string, number], { campaign_id: string | null }>;
  nextOutgoingAfter: BetterSqlite3.Statement<[string, number], { sent_at_ms: number }>;
  markResponses: BetterSqlite3.Statement<{ conversation_key: string; after_ms: number; before_ms: number }>;
  newestMessage: BetterSqlite3.Statement<[string], Pick<MessagesTable, 'message_id' | 'sent_at_ms' | 'body' | 'direction' | 'business_e164'>>;
  newestIncomingAt: BetterSqlite3.Statement<[string], { at: number | null }>;
  readMarkOf: BetterSqlite3.Statement<[string], { read_through_ms: number }>;
  /** Whether an incoming text other than the one named lies after a read mark and before an instant. */
  incomingBetween: BetterSqlite3.Statement<{ conversation_key: string; after_ms: number; before_ms: number; message_id: string }, { found: number }>;
  markReadThrough: BetterSqlite3.Statement<{ conversation_key: string; read_through_ms: number }>;
  hasVisible: BetterSqlite3.Statement<[string], { found: number }>;
  hasCampaign: BetterSqlite3.Statement<[string], { found: number }>;
  hasResponse: BetterSqlite3.Statement<[string], { found: number }>;
  mediaCountOf: BetterSqlite3.Statement<[string], { n: number }>;
  upsertConversation: BetterSqlite3.Statement<ConversationsTable>;
  insertParticipant: BetterSqlite3.Statement<{ conversation_key: string; phone_e164: string }>;
  upsertInboxStatus: BetterSqlite3.Statement<Omit<ConversationInboxTable, 'assignee'>>;
  upsertInboxAssignee: BetterSqlite3.Statement<Pick<ConversationInboxTable, 'conversation_key' | 'assignee' | 'updated_seq'>>;
  insertNote: BetterSqlite3.Statement<ConversationNotesTable>;
  upsertContact: BetterSqlite3.Statement<{ contact_id: string; name: string | null; company: string | null; emails_json: string; updated_seq: number }>;
  deleteContact: BetterSqlite3.Statement<{ contact_id: string }>;
  deleteContactPhones: BetterSqlite3.Statement<{ contact_id: string }>;
  insertContactPhone: BetterSqlite3.Statement<{ contact_id: string; phone_e164: string }>;
  raiseAlert: BetterSqlite3.Statement<RelayAlertsTable>;
  clearAlert: BetterSqlite3.Statement<{ alert_id: string }>;
  insertProviderUser: BetterSqlite3.Statement<ProviderUsersTable>;
  /** A sync replaces its provider's lines: those it no longer lists keep only an admin's name. */
  unsyncLines: BetterSqlite3.Statement<{ provider: string; updated_seq: number }>;
  upsertSyncedLine: BetterSqlite3.Statement<Omit<BusinessLinesTable, 'defined_name'>>;
  upsertDefinedLine: BetterSqlite3.Statement<{ number_e164: string; defined_name: string; updated_seq: number }>;
  deleteNamelessLines: BetterSqlite3.Statement<[]>;
}

const cache = new WeakMap<ConsoleDatabase, CommunicationsStatements>();

export function communicationsStatements(db: ConsoleDatabase): CommunicationsStatements {
  const cached = cache.get(db);
  if (cached) return cached;
  const s = db.sqlite;
  const statements: CommunicationsStatements = {
    ensureArtifacts: s.prepare(
      `INSERT INTO call_artifacts (call_id, status, answered_by, missed_at_ms, forwarded_at_ms, forwarded_to, has_voicemail, voicemail_transcript, summary_json, next_steps_json, transcript_duration_seconds, updated_seq)
       VALUES (@call_id, 'ringing', NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, @updated_seq) ON CONFLICT (call_id) DO NOTHING`,
    ),
    // The first who-answered a provider names is kept; a later null does not erase it.
    setAnsweredBy: s.prepare('UPDATE call_artifacts SET answered_by = COALESCE(answered_by, @answered_by) WHERE call_id = @call_id'),
    setMissed: s.prepare('UPDATE call_artifacts SET missed_at_ms = COALESCE(missed_at_ms, @missed_at_ms) WHERE call_id = @call_id'),
    setForwarded: s.prepare('UPDATE call_artifacts SET forwarded_at_ms = @forwarded_at_ms, forwarded_to = COALESCE(@forwarded_to, forwarded_to) WHERE call_id = @call_id'),
    setVoicemail: s.prepare('UPDATE call_artifacts SET has_voicemail = 1, voicemail_transcript = COALESCE(@voicemail_transcript, voicemail_transcript) WHERE call_id = @call_id'),
    setSummary: s.prepare('UPDATE call_artifacts SET summary_json = @summary_json, next_steps_json = @next_steps_json WHERE call_id = @call_id'),
    setTranscriptDuration: s.prepare('UPDATE call_artifacts SET transcript_duration_seconds = @transcript_duration_seconds WHERE call_id = @call_id'),
    setTranscriptFacts: s.prepare(
      'UPDATE call_artifacts SET transcribed_by = @transcribed_by, transcript_quality = @transcript_quality, transcript_language = @transcript_language WHERE call_id = @call_id',
    ),
    setTranscriptionFailure: s.prepare(
      'UPDATE call_artifacts SET transcription_failure_reason = @transcription_failure_reason, transcription_failure_detail = @transcription_failure_detail WHERE call_id = @call_id',
    ),
    callFacts: s.prepare(
      `SELECT a.missed_at_ms, a.forwarded_at_ms, a.has_voicemail, c.status AS call_status, c.answered_at_ms
       FROM call_artifacts a LEFT JOIN calls c ON c.call_id = a.call_id WHERE a.call_id = ?`,
    ),
    setStatus: s.prepare('UPDATE call_artifacts SET status = @status, updated_seq = @updated_seq WHERE call_id = @call_id'),
    readMessagingPolicy: s.prepare('SELECT campaign_min_recipients, campaign_window_minutes FROM messaging_policy WHERE id = 1'),
    defineMessagingPolicy: s.prepare(
      `INSERT INTO messaging_policy (id, campaign_min_recipients, campaign_window_minutes, defined_at_ms, seq)
       VALUES (1, @campaign_min_recipients, @campaign_window_minutes, @defined_at_ms, @seq)
       ON CONFLICT (id) DO UPDATE SET campaign_min_recipients = excluded.campaign_min_recipients,
         campaign_window_minutes = excluded.campaign_window_minutes, defined_at_ms = excluded.defined_at_ms, seq = excluded.seq`,
    ),
    // A call known only from its recording's payload (its other events lost): shown, ended
    // (a recording exists once a call is over). Its own events, if they come, win.
    insertRecordedCall: s.prepare(
      `INSERT INTO calls (call_id, direction, external_e164, business_e164, started_at_ms, answered_at_ms, completed_at_ms, duration_seconds, status, updated_seq)
       VALUES (@call_id, @direction, @external_e164, @business_e164, @started_at_ms, @answered_at_ms, @completed_at_ms, @duration_seconds, 'completed', @updated_seq)
       ON CONFLICT (call_id) DO NOTHING`,
    ),
    completeMissedCall: s.prepare(
      `INSERT INTO calls (call_id, direction, external_e164, business_e164, started_at_ms, answered_at_ms, completed_at_ms, duration_seconds, status, updated_seq)
       VALUES (@call_id, @direction, @external_e164, @business_e164, @started_at_ms, NULL, @missed_at_ms, 0, 'completed', @updated_seq)
       ON CONFLICT (call_id) DO UPDATE SET completed_at_ms = excluded.completed_at_ms, duration_seconds = 0, status = 'completed', updated_seq = excluded.updated_seq
       WHERE calls.status = 'ringing' AND calls.answered_at_ms IS NULL`,
    ),
    deleteTranscript: s.prepare('DELETE FROM transcript_lines WHERE call_id = @call_id'),
    insertTranscriptLine: s.prepare(
      `INSERT INTO transcript_lines (call_id, line_no, speaker_e164, speaker_user_id, text, start_seconds, end_seconds, confidence)
       VALUES (@call_id, @line_no, @speaker_e164, @speaker_user_id, @text, @start_seconds, @end_seconds, @confidence)`,
    ),
    // The link may change between deliveries (it expires); what it belongs to does not.
    upsertMediaItem: s.prepare(
      `INSERT INTO media_items (media_id, owner_kind, owner_id, kind, position, url, content_type, duration_seconds)
       VALUES (@media_id, @owner_kind, @owner_id, @kind, @position, @url, @content_type, @duration_seconds)
       ON CONFLICT (media_id) DO UPDATE SET url = excluded.url, content_type = COALESCE(excluded.content_type, media_items.content_type),
         duration_seconds = COALESCE(excluded.duration_seconds, media_items.duration_seconds)`,
    ),
    upsertMediaCapture: s.prepare(
      `INSERT INTO media_captures (media_id, sha256, content_type, bytes) VALUES (@media_id, @sha256, @content_type, @bytes)
       ON CONFLICT (media_id) DO UPDATE SET sha256 = excluded.sha256, content_type = excluded.content_type, bytes = excluded.bytes`,
    ),
    readMessage: s.prepare('SELECT status, body, campaign_id, conversation_key, error_code FROM messages WHERE message_id = ?'),
    insertMessage: s.prepare(
      `INSERT INTO messages (message_id, conversation_key, direction, business_e164, from_e164, body, status, error_code, sent_at_ms, user_id, provider_campaign_id, campaign_id, campaign_response, updated_seq)
       VALUES (@message_id, @conversation_key, @direction, @business_e164, @from_e164, @body, @status, @error_code, @sent_at_ms, @user_id, @provider_campaign_id, @campaign_id, @campaign_response, @updated_seq)`,
    ),
    updateMessage: s.prepare(
      `UPDATE messages SET status = @status, body = @body, error_code = @error_code, user_id = COALESCE(@user_id, user_id), updated_seq = @updated_seq WHERE message_id = @message_id`,
    ),
    sameText: s.prepare(
      `SELECT message_id, conversation_key, sent_at_ms, campaign_id FROM messages
       WHERE direction = 'outgoing' AND business_e164 = ? AND body = ? AND sent_at_ms BETWEEN ? AND ?`,
    ),
    sameTextInRuleCampaign: s.prepare(
      `SELECT message_id, conversation_key, sent_at_ms, campaign_id FROM messages
       WHERE direction = 'outgoing' AND business_e164 = ? AND body = ? AND sent_at_ms BETWEEN ? AND ? AND campaign_id LIKE 'rule:%' LIMIT 1`,
    ),
    setCampaign: s.prepare('UPDATE messages SET campaign_id = @campaign_id WHERE message_id = @message_id'),
    // By the conversation's messages (a few), never the campaign's (thousands): SQLite would pick the campaign index.
    campaignMessagesInConversation: s.prepare(`SELECT count(*) AS n FROM messages INDEXED BY messages_by_conversation WHERE conversation_key = ? AND campaign_id = ?`),
    readCampaign: s.prepare('SELECT campaign_id FROM campaigns WHERE campaign_id = ?'),
    insertCampaign: s.prepare(
      `INSERT INTO campaigns (campaign_id, business_e164, text, recipients, responses, first_sent_at_ms, last_sent_at_ms)
       VALUES (@campaign_id, @business_e164, @text, @recipients, @responses, @first_sent_at_ms, @last_sent_at_ms)`,
    ),
    growCampaign: s.prepare(
      `UPDATE campaigns SET recipients = recipients + @recipients, first_sent_at_ms = min(first_sent_at_ms, @sent_at_ms), last_sent_at_ms = max(last_sent_at_ms, @sent_at_ms)
       WHERE campaign_id = @campaign_id`,
    ),
    addResponses: s.prepare('UPDATE campaigns SET responses = responses + @responses WHERE campaign_id = @campaign_id'),
    previousOutgoing: s.prepare(
      `SELECT campaign_id FROM messages WHERE conversation_key = ? AND sent_at_ms < ? AND direction = 'outgoing' ORDER BY sent_at_ms DESC, message_id DESC LIMIT 1`,
    ),
    nextOutgoingAfter: s.prepare(
      `SELECT sent_at_ms FROM messages WHERE conversation_key = ? AND sent_at_ms > ? AND direction = 'outgoing' AND campaign_id IS NULL ORDER BY sent_at_ms, message_id LIMIT 1`,
    ),
    markResponses: s.prepare(
      `UPDATE messages SET campaign_response = 1 WHERE conversation_key = @conversation_key AND sent_at_ms > @after_ms AND sent_at_ms < @before_ms
         AND direction = 'incoming' AND campaign_response = 0`,
    ),
    newestMessage: s.prepare(
      'SELECT message_id, sent_at_ms, body, direction, business_e164 FROM messages WHERE conversation_key = ? ORDER BY sent_at_ms DESC, message_id DESC LIMIT 1',
    ),
    newestIncomingAt: s.prepare(`SELECT max(sent_at_ms) AS at FROM messages WHERE conversation_key = ? AND direction = 'incoming'`),
    readMarkOf: s.prepare('SELECT read_through_ms FROM conversation_reads WHERE conversation_key = ?'),
    incomingBetween: s.prepare(
      `SELECT EXISTS (SELECT 1 FROM messages WHERE conversation_key = @conversation_key AND direction = 'incoming'
         AND sent_at_ms > @after_ms AND sent_at_ms < @before_ms AND message_id <> @message_id) AS found`,
    ),
    markReadThrough: s.prepare(
      `INSERT INTO conversation_reads (conversation_key, read_through_ms) VALUES (@conversation_key, @read_through_ms)
       ON CONFLICT (conversation_key) DO UPDATE SET read_through_ms = max(read_through_ms, excluded.read_through_ms)`,
    ),
    hasVisible: s.prepare('SELECT EXISTS (SELECT 1 FROM messages WHERE conversation_key = ? AND campaign_id IS NULL) AS found'),
    hasCampaign: s.prepare('SELECT EXISTS (SELECT 1 FROM messages WHERE conversation_key = ? AND campaign_id IS NOT NULL) AS found'),
    hasResponse: s.prepare('SELECT EXISTS (SELECT 1 FROM messages WHERE conversation_key = ? AND campaign_response = 1) AS found'),
    mediaCountOf: s.prepare(`SELECT count(*) AS n FROM media_items WHERE owner_id = ? AND kind = 'media'`),
    upsertConversation: s.prepare(
      `INSERT INTO conversations (conversation_key, business_e164, participants_json, last_message_id, last_message_at_ms, last_preview, last_direction, last_incoming_at_ms, has_visible, has_campaign, has_response)
       VALUES (@conversation_key, @business_e164, @participants_json, @last_message_id, @last_message_at_ms, @last_preview, @last_direction, @last_incoming_at_ms, @has_visible, @has_campaign, @has_response)
       ON CONFLICT (conversation_key) DO UPDATE SET last_message_id = excluded.last_message_id, last_message_at_ms = excluded.last_message_at_ms,
         last_preview = excluded.last_preview, last_direction = excluded.last_direction, last_incoming_at_ms = excluded.last_incoming_at_ms,
         has_visible = excluded.has_visible, has_campaign = excluded.has_campaign, has_response = excluded.has_response`,
    ),
    insertParticipant: s.prepare('INSERT OR IGNORE INTO conversation_participants (conversation_key, phone_e164) VALUES (@conversation_key, @phone_e164)'),
    upsertInboxStatus: s.prepare(
      `INSERT INTO conversation_inbox (conversation_key, status, status_at_ms, snoozed_until_ms, assignee, updated_seq)
       VALUES (@conversation_key, @status, @status_at_ms, @snoozed_until_ms, NULL, @updated_seq)
       ON CONFLICT (conversation_key) DO UPDATE SET status = excluded.status, status_at_ms = excluded.status_at_ms,
         snoozed_until_ms = excluded.snoozed_until_ms, updated_seq = excluded.updated_seq`,
    ),
    upsertInboxAssignee: s.prepare(
      `INSERT INTO conversation_inbox (conversation_key, status, status_at_ms, snoozed_until_ms, assignee, updated_seq)
       VALUES (@conversation_key, 'open', 0, NULL, @assignee, @updated_seq)
       ON CONFLICT (conversation_key) DO UPDATE SET assignee = excluded.assignee, updated_seq = excluded.updated_seq`,
    ),
    insertNote: s.prepare(
      'INSERT OR IGNORE INTO conversation_notes (note_id, conversation_key, text, by_whom, at_ms, seq) VALUES (@note_id, @conversation_key, @text, @by_whom, @at_ms, @seq)',
    ),
    upsertContact: s.prepare(
      `INSERT INTO contacts (contact_id, name, company, emails_json, updated_seq) VALUES (@contact_id, @name, @company, @emails_json, @updated_seq)
       ON CONFLICT (contact_id) DO UPDATE SET name = excluded.name, company = excluded.company, emails_json = excluded.emails_json, updated_seq = excluded.updated_seq`,
    ),
    deleteContact: s.prepare('DELETE FROM contacts WHERE contact_id = @contact_id'),
    deleteContactPhones: s.prepare('DELETE FROM contact_phones WHERE contact_id = @contact_id'),
    insertContactPhone: s.prepare('INSERT OR IGNORE INTO contact_phones (contact_id, phone_e164) VALUES (@contact_id, @phone_e164)'),
    raiseAlert: s.prepare(
      `INSERT INTO relay_alerts (alert_id, message, raised_at_ms, seq) VALUES (@alert_id, @message, @raised_at_ms, @seq)
       ON CONFLICT (alert_id) DO UPDATE SET message = excluded.message, seq = excluded.seq`,
    ),
    clearAlert: s.prepare('DELETE FROM relay_alerts WHERE alert_id = @alert_id'),
    insertProviderUser: s.prepare(
      `INSERT INTO provider_users (provider, provider_user_id, name, email, updated_seq) VALUES (@provider, @provider_user_id, @name, @email, @updated_seq)
       ON CONFLICT (provider, provider_user_id) DO UPDATE SET name = excluded.name, email = excluded.email, updated_seq = excluded.updated_seq`,
    ),
    unsyncLines: s.prepare(
      `UPDATE business_lines SET provider = NULL, provider_line_id = NULL, synced_name = NULL, user_ids_json = '[]', updated_seq = @updated_seq WHERE provider = @provider`,
    ),
    upsertSyncedLine: s.prepare(
      `INSERT INTO business_lines (number_e164, provider, provider_line_id, synced_name, defined_name, user_ids_json, updated_seq)
       VALUES (@number_e164, @provider, @provider_line_id, @synced_name, NULL, @user_ids_json, @updated_seq)
       ON CONFLICT (number_e164) DO UPDATE SET provider = excluded.provider, provider_line_id = excluded.provider_line_id, synced_name = excluded.synced_name,
         user_ids_json = excluded.user_ids_json, updated_seq = excluded.updated_seq`,
    ),
    upsertDefinedLine: s.prepare(
      `INSERT INTO business_lines (number_e164, provider, provider_line_id, synced_name, defined_name, user_ids_json, updated_seq)
       VALUES (@number_e164, NULL, NULL, NULL, @defined_name, '[]', @updated_seq)
       ON CONFLICT (number_e164) DO UPDATE SET defined_name = excluded.defined_name, updated_seq = excluded.updated_seq`,
    ),
    deleteNamelessLines: s.prepare('DELETE FROM business_lines WHERE provider IS NULL AND defined_name IS NULL'),
  };
  cache.set(db, statements);
  return statements;
}
