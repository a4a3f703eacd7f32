import { assistantRequest, endOfCallReport, newVapiCall, statusUpdate, type VapiCall } from './messages';
import { requestAssistant, sendVapiMessage, type AssistantOutcome } from './server-url';
import type { VapiAuth } from './signature';

/**
 * One inbound call to a Vapi number without a fixed assistant, as Vapi plays it:
 * assistant-request → what the answer says:
 * - an assistant: status-update in-progress, the conversation (`talkSeconds`), ended,
 *   the end-of-call report (transcript, summary, recording);
 * - a forward: status-update forwarding, then the report (`assistant-forwarded-call`);
 * - an error, or a failed request: the call ends there, reported with that endedReason.
 * A refused or forwarded call connected (Vapi spoke to the caller), so its report carries
 * startedAt by default; the spec (§3.3) does not say, hence `connectedWhenNotServed`.
 * Messages after the assistant-request are sent whatever they are answered (Vapi does not
 * retry informational messages); the script stops at a non-2xx and says so.
 */

export interface VapiCallPlan {
  serverUrl: string;
  auth: VapiAuth;
  phoneNumber: string;
  caller: string | null;
  /** Seconds the conversation lasts once the assistant takes it. */
  talkSeconds?: number;
  /** When the call comes in (the report's times follow from it); default now. */
  at?: Date;
  summary?: string;
  recordingUrl?: (callId: string) => string;
  budgetMs?: number;
  /** Reuse a call (a retried assistant-request). */
  call?: VapiCall;
  /**
   * Whether the report of a refused or forwarded call carries startedAt (the line was
   * answered to speak the refusal or the forward message); default true. A failed
   * request never connects.
   */
  connectedWhenNotServed?: boolean;
  /** Seconds the caller talks with the person a forwarded call goes to; default 60. */
  forwardedTalkSeconds?: number;
}

export interface PlayedVapiCall {
  call: VapiCall;
  outcome: AssistantOutcome;
  /** Status of every message after the assistant-request, in order. */
  statuses: number[];
}

export async function playVapiCall(plan: VapiCallPlan): Promise<PlayedVapiCall> {
  const call = plan.call ?? newVapiCall(plan.phoneNumber, plan.caller);
  const at = plan.at ?? new Date();
  const outcome = await requestAssistant(plan.serverUrl, assistantRequest(call, at), plan.auth, plan.budgetMs);
  const statuses: number[] = [];
  const send = async (message: unknown): Promise<boolean> => {
    const { status, text } = await sendVapiMessage(plan.serverUrl, message, plan.auth);
    statuses.push(status);
    if (status < 200 || status > 299) throw new Error(`the server URL answered ${status}: ${text.slice(0, 300)}`);
    return true;
  };
  const ms = (offset: number) => new Date(at.getTime() + offset);
  if (outcome.kind === 'assistant') {
    const startedAt = ms(1500);
    const endedAt = new Date(startedAt.getTime() + (plan.talkSeconds ?? 95) * 1000);
    await send(statusUpdate(call, 'in-progress', startedAt, { createdAt: at, startedAt }));
    await send(statusUpdate(call, 'ended', endedAt, { createdAt: at, startedAt }));
    const name = typeof outcome.variables.customerName === 'string' && outcome.variables.customerName !== '' ? outcome.variables.customerName : 'there';
    await send(
      endOfCallReport(call, {
        endedReason: 'customer-ended-call',
        startedAt,
        endedAt,
        turns: [
          ['bot', `Hello ${name}, thanks for calling. How can I help?`, 0.4],
          ['user', 'Hi, I have a question about my last invoice.', 4.2],
          ['bot', 'Of course. I can see it here; it was paid in full last week.', 8.9],
          ['user', 'Great, thank you. Bye.', 14.1],
        ],
        summary: plan.summary ?? 'The caller asked about their last invoice; the assistant confirmed it was paid.',
        recordingUrl: plan.recordingUrl?.(call.id) ?? null,
      }),
    );
  } else if (outcome.kind === 'forward') {
    const connected = plan.connectedWhenNotServed ?? true;
    await send(statusUpdate(call, 'forwarding', ms(2000), { createdAt: at, forwardedTo: outcome.number ?? undefined }));
    await send(endOfCallReport(call, { endedReason: 'assistant-forwarded-call', startedAt: connected ? ms(500) : null, endedAt: connected ? ms(2000 + (plan.forwardedTalkSeconds ?? 60) * 1000) : ms(4000) }));
  } else {
    const connected = outcome.kind === 'rejected' && (plan.connectedWhenNotServed ?? true);
    await send(endOfCallReport(call, { endedReason: outcome.endedReason, startedAt: connected ? ms(500) : null, endedAt: ms(outcome.kind === 'rejected' ? 6000 : 500) }));
  }
  return { call, outcome, statuses };
}
