import type { EmulatedLine, EmulatedUser } from '../rest-api';

/**
 * An OpenPhone workspace as its REST API v1 shows it (spec telephony-providers §1.9):
 * lines with their users, conversations, calls with their recordings, voicemails,
 * transcripts and summaries, messages (MMS photos included) and contacts. Objects are
 * kept in the REST shapes, so serving one is writing it out. Threads are indexed by line
 * and participants, the only way the API lists calls and messages (§1.11). Live activity
 * (a test's new call or text) goes through `addCall` / `addMessage` into the same indexes.
 */

export interface WorkspaceLine extends EmulatedLine {
  id: string;
  users: EmulatedUser[];
}

export interface WorkspaceCall {
  id: string;
  object: 'call';
  phoneNumberId: string;
  userId: string | null;
  direction: 'incoming' | 'outgoing';
  status: 'completed' | 'no-answer' | 'missed' | 'busy' | 'canceled';
  participants: [string];
  answeredAt: string | null;
  answeredBy: string | null;
  initiatedBy: string | null;
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
  duration: number;
  forwardedFrom: string | null;
  forwardedTo: string | null;
}

export interface WorkspaceRecording {
  id: string;
  url: string | null;
  type: 'audio/mpeg';
  duration: number;
  startTime: string;
  status: 'completed' | 'deleted';
}

export interface WorkspaceVoicemail {
  id: string;
  status: 'completed' | 'in-progress';
  duration: number;
  recordingUrl: string | null;
  transcript: string | null;
}

export interface WorkspaceTranscript {
  callId: string;
  createdAt: string;
  duration: number;
  status: 'completed';
  dialogue: { content: string; start: number; end: number; identifier: string; userId: string | null }[];
}

export interface WorkspaceSummary {
  callId: string;
  status: 'completed';
  summary: string[];
  nextSteps: string[];
}

export interface CallArtifacts {
  recordings: WorkspaceRecording[];
  voicemail: WorkspaceVoicemail | null;
  transcript: WorkspaceTranscript | null;
  /** Null: never summarized (GET answers 404, §1.11). */
  summary: WorkspaceSummary | null;
}

export interface WorkspaceMessage {
  id: string;
  object: 'message';
  from: string;
  to: string[];
  text: string;
  phoneNumberId: string;
  direction: 'incoming' | 'outgoing';
  userId: string | null;
  status: 'received' | 'delivered' | 'sent' | 'undelivered';
  createdAt: string;
  updatedAt: string;
  /** MMS photos; `url` null once older than the API keeps media. */
  media: { url: string | null; type: string }[];
}

export interface WorkspaceConversation {
  id: string;
  phoneNumberId: string;
  participants: string[];
  name: string | null;
  assignedTo: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: null;
  lastActivityAt: string;
  lastActivityId: string | null;
  mutedUntil: null;
  snoozedUntil: null;
}

export interface WorkspaceContact {
  id: string;
  externalId: string | null;
  /** 'openphone-app': made in the Quo app, which API v1 cannot list (§1.11). */
  source: string;
  sourceUrl: string | null;
  defaultFields: {
    firstName: string;
    lastName: string | null;
    company: string | null;
    role: string | null;
    emails: { name: string; value: string }[];
    phoneNumbers: { name: string; value: string }[];
  };
  customFields: { name: string; key: string; id: string; type: string; value: unknown }[];
  createdAt: string;
  updatedAt: string;
  createdByUserId: string | null;
}

export interface CustomFieldDefinition {
  name: string;
  key: string;
  type: 'string' | 'number' | 'boolean' | 'date' | 'multi-select' | 'address' | 'url';
}

/** One thread: a line and its other participants (one number, or a group's). */
interface Thread {
  calls: WorkspaceCall[];
  messages: WorkspaceMessage[];
}

export const APP_CONTACT_SOURCE = 'openphone-app';

export function threadKey(phoneNumberId: string, participants: readonly string[]): string {
  return `${phoneNumberId}|${[...participants].sort().join(',')}`;
}

export class Workspace {
  readonly lines: WorkspaceLine[];
  readonly conversations: WorkspaceConversation[] = [];
  readonly contacts: WorkspaceContact[] = [];
  readonly customFields: CustomFieldDefinition[];
  private readonly threads = new Map<string, Thread>();
  private readonly artifacts = new Map<string, CallArtifacts>();
  private readonly conversationOf = new Map<string, WorkspaceConversation>();
  private conversationsSorted = true;

  constructor(lines: readonly WorkspaceLine[], customFields: readonly CustomFieldDefinition[] = []) {
    this.lines = lines.map((line) => ({ ...line, users: line.users.map((user) => ({ ...user })) }));
    this.customFields = [...customFields];
  }

  lineById(phoneNumberId: string): WorkspaceLine | undefined {
    return this.lines.find((line) => line.id === phoneNumberId);
  }

  /** A call (in time order with its thread's others), its artifacts, and its conversation's activity. */
  addCall(call: WorkspaceCall, artifacts: Partial<CallArtifacts> = {}): void {
    this.insertInOrder(this.thread(call.phoneNumberId, call.participants).calls, call);
    this.artifacts.set(call.id, { recordings: [], voicemail: null, transcript: null, summary: null, ...artifacts });
    this.touch(call.phoneNumberId, call.participants, call.createdAt, call.id);
  }

  addMessage(message: WorkspaceMessage): void {
    const line = this.lineById(message.phoneNumberId);
    const others = [message.from, ...message.to].filter((number) => number !== line?.number);
    this.insertInOrder(this.thread(message.phoneNumberId, others).messages, message);
    this.touch(message.phoneNumberId, others, message.createdAt, message.id);
  }

  addContact(contact: WorkspaceContact): void {
    this.contacts.push(contact);
  }

  callsOf(phoneNumberId: string, participant: string): readonly WorkspaceCall[] {
    return this.threads.get(threadKey(phoneNumberId, [participant]))?.calls ?? [];
  }

  messagesOf(phoneNumberId: string, participants: readonly string[]): readonly WorkspaceMessage[] {
    return this.threads.get(threadKey(phoneNumberId, participants))?.messages ?? [];
  }

  artifactsOf(callId: string): CallArtifacts | undefined {
    return this.artifacts.get(callId);
  }

  /** Newest activity first, as GET /v1/conversations lists them. */
  conversationsNewestFirst(): readonly WorkspaceConversation[] {
    if (!this.conversationsSorted) {
      this.conversations.sort((a, b) => (a.lastActivityAt < b.lastActivityAt ? 1 : a.lastActivityAt > b.lastActivityAt ? -1 : a.id < b.id ? 1 : -1));
      this.conversationsSorted = true;
    }
    return this.conversations;
  }

  /** Counts of what the workspace holds, for tests and the bench to compare an import with. */
  totals(): { conversations: number; calls: number; messages: number; recordings: number; voicemails: number; transcripts: number; summaries: number; photos: number; contacts: number } {
    let calls = 0;
    let messages = 0;
    let photos = 0;
    for (const thread of this.threads.values()) {
      calls += thread.calls.length;
      messages += thread.messages.length;
      for (const message of thread.messages) photos += message.media.length;
    }
    let recordings = 0;
    let voicemails = 0;
    let transcripts = 0;
    let summaries = 0;
    for (const artifacts of this.artifacts.values()) {
      recordings += artifacts.recordings.length;
      if (artifacts.voicemail !== null) voicemails++;
      if (artifacts.transcript !== null) transcripts++;
      if (artifacts.summary !== null) summaries++;
    }
    return { conversations: this.conversations.length, calls, messages, recordings, voicemails, transcripts, summaries, photos, contacts: this.contacts.length };
  }

  private thread(phoneNumberId: string, participants: readonly string[]): Thread {
    const key = threadKey(phoneNumberId, participants);
    let thread = this.threads.get(key);
    if (thread === undefined) {
      thread = { calls: [], messages: [] };
      this.threads.set(key, thread);
    }
    return thread;
  }

  private touch(phoneNumberId: string, participants: readonly string[], at: string, activityId: string): void {
    const key = threadKey(phoneNumberId, participants);
    let conversation = this.conversationOf.get(key);
    if (conversation === undefined) {
      conversation = {
        id: `CN${hash32(key)}`,
        phoneNumberId,
        participants: [...participants].sort(),
        name: null,
        assignedTo: null,
        createdAt: at,
        updatedAt: at,
        deletedAt: null,
        lastActivityAt: at,
        lastActivityId: activityId,
        mutedUntil: null,
        snoozedUntil: null,
      };
      this.conversationOf.set(key, conversation);
      this.conversations.push(conversation);
    } else {
      if (at < conversation.createdAt) conversation.createdAt = at;
      if (at >= conversation.lastActivityAt) {
        conversation.lastActivityAt = at;
        conversation.lastActivityId = activityId;
        conversation.updatedAt = at;
      }
    }
    this.conversationsSorted = false;
  }

  private insertInOrder<T extends { createdAt: string }>(list: T[], item: T): void {
    // Seeded activity arrives in time order; live activity is newest. Both append.
    let at = list.length;
    while (at > 0 && list[at - 1]!.createdAt > item.createdAt) at--;
    list.splice(at, 0, item);
  }
}

/** 32 hex characters from a string (FNV-1a, four lanes): stable ids without crypto. */
export function hash32(input: string): string {
  let out = '';
  for (let lane = 0; lane < 4; lane++) {
    let h = 0x811c9dc5 ^ (lane * 0x9e3779b1);
    for (let i = 0; i < input.length; i++) {
      h ^= input.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    out += (h >>> 0).toString(16).padStart(8, '0');
  }
  return out;
}
