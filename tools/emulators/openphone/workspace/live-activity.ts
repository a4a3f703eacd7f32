import { randomBytes } from 'node:crypto';
import { phoneNumberIdFor } from '../payloads';
import type { CallArtifacts, Workspace, WorkspaceCall, WorkspaceMessage } from './workspace';

/**
 * New activity in a workspace while a test runs (a call that rang a moment ago, a text
 * just received), so the REST API lists it as OpenPhone would. Pass the same `id` as the
 * webhook a script sends for it (or that a test chooses to drop), and the two are one fact.
 */

export interface LiveCallInput {
  id?: string;
  line: string;
  customer: string;
  direction?: 'incoming' | 'outgoing';
  createdAt: Date;
  /** Seconds talked; null: not answered. Default 60. */
  answeredSeconds?: number | null;
  userId?: string | null;
  artifacts?: Partial<CallArtifacts>;
}

export function recordLiveCall(workspace: Workspace, input: LiveCallInput): WorkspaceCall {
  const phoneNumberId = phoneNumberIdFor(input.line);
  const line = workspace.lineById(phoneNumberId);
  if (line === undefined) throw new Error(`${input.line} is not a line of this workspace`);
  const talked = input.answeredSeconds === undefined ? 60 : input.answeredSeconds;
  const userId = input.userId === undefined ? (line.users[0]?.id ?? null) : input.userId;
  const startMs = input.createdAt.getTime();
  const answeredMs = startMs + 5_000;
  const endMs = talked === null ? startMs + 20_000 : answeredMs + talked * 1000;
  const direction = input.direction ?? 'incoming';
  const call: WorkspaceCall = {
    id: input.id ?? `AC${randomBytes(16).toString('hex')}`,
    object: 'call',
    phoneNumberId,
    userId,
    direction,
    status: talked === null ? 'no-answer' : 'completed',
    participants: [input.customer],
    answeredAt: talked === null ? null : new Date(answeredMs).toISOString(),
    answeredBy: talked === null ? null : userId,
    initiatedBy: direction === 'outgoing' ? userId : null,
    completedAt: new Date(endMs).toISOString(),
    createdAt: input.createdAt.toISOString(),
    updatedAt: new Date(endMs).toISOString(),
    duration: talked ?? 0,
    forwardedFrom: null,
    forwardedTo: null,
  };
  workspace.addCall(call, input.artifacts);
  return call;
}

export interface LiveMessageInput {
  id?: string;
  line: string;
  /** The other participants (one for a 1:1 thread). */
  customers: readonly string[];
  direction?: 'incoming' | 'outgoing';
  text: string;
  createdAt: Date;
  userId?: string | null;
  photoUrls?: readonly string[];
  /** An outgoing text's status as the API lists it (default delivered; sent: its delivery not reported yet). */
  status?: 'sent' | 'delivered';
}

export function recordLiveMessage(workspace: Workspace, input: LiveMessageInput): WorkspaceMessage {
  const phoneNumberId = phoneNumberIdFor(input.line);
  const line = workspace.lineById(phoneNumberId);
  if (line === undefined) throw new Error(`${input.line} is not a line of this workspace`);
  const incoming = (input.direction ?? 'incoming') === 'incoming';
  const message: WorkspaceMessage = {
    id: input.id ?? `AC${randomBytes(16).toString('hex')}`,
    object: 'message',
    from: incoming ? input.customers[0]! : input.line,
    to: incoming ? [input.line, ...input.customers.slice(1)] : [...input.customers],
    text: input.text,
    phoneNumberId,
    direction: incoming ? 'incoming' : 'outgoing',
    userId: incoming ? null : input.userId === undefined ? (line.users[0]?.id ?? null) : input.userId,
    status: incoming ? 'received' : (input.status ?? 'delivered'),
    createdAt: input.createdAt.toISOString(),
    updatedAt: input.createdAt.toISOString(),
    media: (input.photoUrls ?? []).map((url) => ({ url, type: 'image/jpeg' })),
  };
  workspace.addMessage(message);
  return message;
}
