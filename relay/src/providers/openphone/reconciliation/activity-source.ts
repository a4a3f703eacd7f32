import type { RestFailure, RestResult } from '../rest/openphone-rest-client';
import type { ListedActivity } from './missing-facts';

/**
 * What the reconciliation reads from OpenPhone's API (§1.9, §1.11): the lines, the
 * conversations active since an instant, and per line and participant(s) the calls and
 * texts created in a range, every page of each. The relay's one REST client (with its
 * shared limiter) provides it; tests may give the emulator's.
 */
export interface ActivitySource {
  listPhoneNumbers(): Promise<RestResult<readonly { id: string; number: string }[]>>;
  /** Conversations whose activity is at or after `updatedAfter` (ISO), every page. */
  listConversations(query: { updatedAfter: string }): Promise<RestResult<readonly unknown[]>>;
  /** Calls of one line with one participant (the API takes exactly one), created in [createdAfter, createdBefore). */
  listCalls(query: { phoneNumberId: string; participant: string; createdAfter: string; createdBefore: string }): Promise<RestResult<readonly unknown[]>>;
  /** Texts of one line with a thread's participants, created in [createdAfter, createdBefore). */
  listMessages(query: { phoneNumberId: string; participants: readonly string[]; createdAfter: string; createdBefore: string }): Promise<RestResult<readonly unknown[]>>;
}

export type ListingOutcome = { ok: true; activity: ListedActivity; phoneNumberIds: Record<string, string> } | { ok: false; failure: RestFailure; step: string };

/**
 * Everything OpenPhone lists for [fromMs, toMs): conversations active since fromMs (a
 * conversation active in the range may have been active again since), then each one's
 * calls and texts in the range. `configured` (OPENPHONE_PHONE_NUMBER_IDS) is merged with
 * the listed lines, so payloads naming only a PN… id still find their line.
 */
export async function listActivity(source: ActivitySource, range: { fromMs: number; toMs: number }, configured: Readonly<Record<string, string>>): Promise<ListingOutcome> {
  const createdAfter = new Date(range.fromMs).toISOString();
  const createdBefore = new Date(range.toMs).toISOString();
  const numbers = await source.listPhoneNumbers();
  if (!numbers.ok) return { ok: false, failure: numbers, step: 'the lines' };
  const phoneNumberIds: Record<string, string> = { ...configured };
  for (const line of numbers.value) phoneNumberIds[line.id] = line.number;
  const conversations = await source.listConversations({ updatedAfter: createdAfter });
  if (!conversations.ok) return { ok: false, failure: conversations, step: 'the conversations' };
  const calls: unknown[] = [];
  const messages: unknown[] = [];
  for (const entry of conversations.value) {
    const conversation = threadOf(entry);
    if (conversation === null || conversation.lastActivityMs < range.fromMs) continue;
    const { phoneNumberId, participants } = conversation;
    if (participants.length === 1) {
      const listed = await source.listCalls({ phoneNumberId, participant: participants[0]!, createdAfter, createdBefore });
      if (!listed.ok) return { ok: false, failure: listed, step: 'the calls' };
      calls.push(...listed.value);
    }
    const listed = await source.listMessages({ phoneNumberId, participants, createdAfter, createdBefore });
    if (!listed.ok) return { ok: false, failure: listed, step: 'the texts' };
    messages.push(...listed.value);
  }
  return { ok: true, activity: { calls, messages }, phoneNumberIds };
}

function threadOf(entry: unknown): { phoneNumberId: string; participants: string[]; lastActivityMs: number } | null {
  if (typeof entry !== 'object' || entry === null) return null;
  const { phoneNumberId, participants, lastActivityAt, updatedAt } = entry as Record<string, unknown>;
  if (typeof phoneNumberId !== 'string' || !Array.isArray(participants) || participants.length === 0) return null;
  const numbers = participants.filter((participant): participant is string => typeof participant === 'string');
  const activity = typeof lastActivityAt === 'string' ? Date.parse(lastActivityAt) : typeof updatedAt === 'string' ? Date.parse(updatedAt) : Number.NaN;
  // A conversation without a readable activity time is listed anyway: skipping it could hide a missed webhook.
  return { phoneNumberId, participants: numbers, lastActivityMs: Number.isNaN(activity) ? Number.POSITIVE_INFINITY : activity };
}
