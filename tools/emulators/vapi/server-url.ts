import { performance } from 'node:perf_hooks';
import { postKeptAlive } from '../delivery/kept-alive-post';
import { vapiAuthHeaders, type VapiAuth } from './signature';

/**
 * Vapi calling a server URL (spec telephony-providers §3.1, §3.2): POST JSON with the
 * credential's headers. An assistant-request is judged as Vapi judges it: an answer later
 * than the budget (Vapi's ~5 s; §3.2 says 7.5 s on one page, 5 s on another) is a failed
 * request, and so is a non-2xx or an answer that is not one of the shapes of §3.2.
 */

export const ASSISTANT_REQUEST_BUDGET_MS = 5000;

export interface Delivered {
  status: number;
  text: string;
  elapsedMs: number;
}

/** POSTs one message to `serverUrl` (the full URL, e.g. http://127.0.0.1:8787/webhooks/vapi). Rejects when `timeoutMs` passes first. */
export function sendVapiMessage(serverUrl: string, message: unknown, auth: VapiAuth, opts: { timeoutMs?: number; nowMs?: number; body?: string } = {}): Promise<Delivered> {
  const url = new URL(serverUrl);
  const body = Buffer.from(opts.body ?? JSON.stringify(message), 'utf8');
  const headers = { 'content-type': 'application/json', 'content-length': String(body.length), ...vapiAuthHeaders(body, auth, opts.nowMs, serverUrl) };
  const started = performance.now();
  return postKeptAlive(url, headers, body, opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }).then((answer) => ({ ...answer, elapsedMs: performance.now() - started }));
}

/** What Vapi does with the call after its assistant-request (§3.2), with its endedReason when it ends there. */
export type AssistantOutcome =
  | { kind: 'assistant'; assistantId: string | null; inline: boolean; variables: Record<string, unknown>; elapsedMs: number }
  | { kind: 'forward'; number: string | null; sipUri: string | null; message: string | null; elapsedMs: number }
  | { kind: 'rejected'; spoken: string; endedReason: 'assistant-request-returned-error'; elapsedMs: number }
  | {
      kind: 'failed';
      endedReason: 'assistant-request-failed' | 'assistant-request-returned-no-assistant' | 'assistant-request-returned-invalid-assistant' | 'assistant-request-returned-unspeakable-error';
      detail: string;
      elapsedMs: number;
    };

export async function requestAssistant(serverUrl: string, message: unknown, auth: VapiAuth, budgetMs = ASSISTANT_REQUEST_BUDGET_MS): Promise<AssistantOutcome> {
  const started = performance.now();
  let delivered: Delivered;
  try {
    delivered = await sendVapiMessage(serverUrl, message, auth, { timeoutMs: budgetMs });
  } catch (error) {
    return { kind: 'failed', endedReason: 'assistant-request-failed', detail: error instanceof Error ? error.message : String(error), elapsedMs: performance.now() - started };
  }
  return judgeAssistantAnswer(delivered, budgetMs);
}

/** Vapi's reading of an answer: exactly one of destination (wins), assistant/assistantId, error (§3.2). */
export function judgeAssistantAnswer(delivered: Delivered, budgetMs = ASSISTANT_REQUEST_BUDGET_MS): AssistantOutcome {
  const { elapsedMs } = delivered;
  const failed = (endedReason: Extract<AssistantOutcome, { kind: 'failed' }>['endedReason'], detail: string): AssistantOutcome => ({ kind: 'failed', endedReason, detail, elapsedMs });
  if (elapsedMs > budgetMs) return failed('assistant-request-failed', `answered after ${Math.round(elapsedMs)} ms, over the ${budgetMs} ms budget`);
  if (delivered.status < 200 || delivered.status > 299) return failed('assistant-request-failed', `answered ${delivered.status}: ${delivered.text.slice(0, 200)}`);
  let body: unknown;
  try {
    body = JSON.parse(delivered.text);
  } catch {
    return failed('assistant-request-returned-invalid-assistant', 'the answer is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return failed('assistant-request-returned-invalid-assistant', 'the answer is not a JSON object');
  const answer = body as Record<string, unknown>;
  const destination = answer.destination;
  if (typeof destination === 'object' && destination !== null) {
    const d = destination as Record<string, unknown>;
    if (d.type === 'number' && typeof d.number === 'string') return { kind: 'forward', number: d.number, sipUri: null, message: typeof d.message === 'string' ? d.message : null, elapsedMs };
    if (d.type === 'sip' && typeof d.sipUri === 'string') return { kind: 'forward', number: null, sipUri: d.sipUri, message: typeof d.message === 'string' ? d.message : null, elapsedMs };
    return failed('assistant-request-returned-invalid-assistant', 'destination needs type number with number, or type sip with sipUri');
  }
  if (typeof answer.error === 'string') {
    if (answer.error.trim() === '') return failed('assistant-request-returned-unspeakable-error', 'the error is empty');
    return { kind: 'rejected', spoken: answer.error, endedReason: 'assistant-request-returned-error', elapsedMs };
  }
  const overrides = answer.assistantOverrides as Record<string, unknown> | undefined;
  const variables = (overrides?.variableValues ?? overrides?.variables ?? {}) as Record<string, unknown>;
  if (typeof answer.assistantId === 'string' && answer.assistantId !== '') return { kind: 'assistant', assistantId: answer.assistantId, inline: false, variables, elapsedMs };
  if (typeof answer.assistant === 'object' && answer.assistant !== null) return { kind: 'assistant', assistantId: null, inline: true, variables, elapsedMs };
  return failed('assistant-request-returned-no-assistant', 'neither assistantId, assistant, destination nor error');
}
