import { performance } from 'node:perf_hooks';
import { EVENT_MODEL_VERSION, type CallAssistantDecidedData, type RingsideEvent } from '../../../../src/shared/events/model';
import type { AccountStanding } from '../../accounts/account-standing';
import { CALL_EVENT_TYPES, CallLines } from '../../calls/call-lines';
import { defaultWebhookAnswer, defineWebhookProvider, type WebhookAnswer } from '../webhook-provider';
import { assistantAnswerBody, callerVariables, decideAssistant } from './assistant-decision';
import { readVapiDelivery, type ImplausibleCall } from './normalize';
import { readVapiSettings, VAPI_SETTING_DESCRIPTIONS } from './settings';
import { verifyVapiHmac, verifyVapiSecret } from './verify';

/**
 * POST /webhooks/vapi (spec telephony-providers §3): Vapi's server messages. An
 * assistant-request is answered synchronously, within Vapi's ~5 s, from the relay's own
 * accounts (never waiting on a console), and the answer is recorded as
 * call.assistant_decided before it is sent; a retry is answered from that stored record,
 * so it gets the same answer. Status updates and end-of-call reports join the call model.
 */
export const vapiProvider = defineWebhookProvider({
  name: 'vapi',
  title: 'Vapi',
  settings: VAPI_SETTING_DESCRIPTIONS,
  readSettings: readVapiSettings,
  create: (settings, context) => {
    const { secret, answer } = settings;
    const key = secret === null ? null : settings.hmac.secretIsBase64 ? Buffer.from(secret, 'base64') : Buffer.from(secret, 'utf8');
    const callLines = new CallLines(context.db);
    // The standing each new decision was made from, so its answer does not read the accounts twice.
    const decidedFrom = new Map<string, AccountStanding | null>();
    const raiseImplausible = (call: ImplausibleCall, nowMs: number): void => {
      const name = context.accounts.standingOfNumber(call.externalNumber, nowMs)?.name ?? null;
      const caller = name === null ? call.externalNumber : `${name} (${call.externalNumber})`;
      const message = `Vapi reported a call from ${caller} on line ${call.businessNumber} whose length cannot be right: ${call.why}. The call was recorded but not billed. Check it in Vapi's call logs (call ${call.callId.replace(/^vapi:/, '')}) and, if it should be charged, add the charge to the customer by hand.`;
      context.alerts?.raise({ alertId: `vapi:implausible-call:${call.callId}`, message, lines: [call.businessNumber] }).catch(() => undefined);
    };
    const json = (status: number, body: unknown): WebhookAnswer => ({ status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(body) });
    return {
      unconfigured: secret === null ? 'Vapi webhooks are not configured: set VAPI_SECRET on the relay' : null,
      summary: settings.mode === 'hmac' ? `HMAC ${settings.hmac.algorithm}` : 'X-Vapi-Secret',
      bodyFormat: 'json',
      verify: (request) => {
        const verified =
          settings.mode === 'secret'
            ? verifyVapiSecret(request.headers, secret ?? '')
            : verifyVapiHmac({ headers: request.headers, rawBody: request.rawBody, publicUrl: request.publicUrl, nowMs: request.nowMs, toleranceMs: context.signatureToleranceMs, key: key!, settings: settings.hmac });
        return verified.ok ? { ok: true, deliveryId: null } : verified;
      },
      normalize: (payload, { receivedAt, arrivedAt }) => {
        const read = readVapiDelivery(payload, { receivedAt, linesOfCall: (callId) => callLines.linesOf(callId), futureToleranceMs: context.futureToleranceMs });
        if (!read.ok) return read;
        const { delivery } = read;
        if (delivery.kind === 'events') {
          if (delivery.implausible !== undefined) raiseImplausible(delivery.implausible, Date.parse(receivedAt));
          for (const event of delivery.events) {
            if (CALL_EVENT_TYPES.has(event.type) && 'callId' in event.data && event.data.callId !== null) callLines.saw(event.data.callId, event.lines);
          }
          return { ok: true, events: delivery.events };
        }
        if (answer.assistantId === null) return { ok: false, error: 'an assistant-request cannot be answered: set VAPI_ASSISTANT_ID on the relay' };
        const { request } = delivery;
        const standing = request.externalNumber === null ? null : context.accounts.standingOfNumber(request.externalNumber, Date.parse(receivedAt));
        const decided: CallAssistantDecidedData = {
          callId: request.callId,
          businessNumber: request.businessNumber,
          externalNumber: request.externalNumber,
          ...decideAssistant(standing, answer),
          customerId: standing?.customerId ?? null,
          includedSecondsRemaining: standing?.includedSecondsRemaining ?? null,
          walletBalanceMinor: standing?.walletBalanceMinor ?? null,
          currency: standing?.currency ?? null,
          answeredInMs: arrivedAt === undefined ? 0 : Math.round((performance.now() - arrivedAt) * 1000) / 1000,
        };
        const event: RingsideEvent = {
          v: EVENT_MODEL_VERSION,
          id: request.eventId,
          source: 'vapi',
          occurredAt: request.occurredAt,
          receivedAt: request.receivedAt,
          lines: [request.businessNumber],
          raw: request.raw,
          type: 'call.assistant_decided',
          data: decided,
        };
        // Bounded: a decision whose append failed is never answered from here.
        if (decidedFrom.size >= 1000) decidedFrom.clear();
        decidedFrom.set(event.id, standing);
        return { ok: true, events: [event] };
      },
      answer: (stored, events) => {
        const decided = events.find((event) => event.type === 'call.assistant_decided');
        if (decided === undefined) return defaultWebhookAnswer(stored);
        // A retry's stored decision is answered again; the caller's name and plan are read as they are now.
        const fresh = decidedFrom.get(decided.id);
        decidedFrom.delete(decided.id);
        const standing = fresh !== undefined && !stored[0]!.duplicate ? fresh : decided.data.customerId === null ? null : context.accounts.standingOfCustomer(decided.data.customerId, Date.parse(decided.receivedAt));
        const variables = callerVariables(decided.data, { name: standing?.name ?? null, planName: standing?.planName ?? null });
        return json(200, assistantAnswerBody(decided.data, variables, answer));
      },
    };
  },
});
