import type { SendMessageAnswer, SendMessageRequest } from '../../../src/shared/relay-rest/messages';
import type { Device } from '../devices/device-store';
import type { EventLog } from '../log/event-log';
import type { Logger } from '../logger';
import type { OpenPhoneRestClient } from '../providers/openphone/rest/openphone-rest-client';
import type { PhoneNumberDirectory } from '../providers/openphone/rest/phone-number-directory';
import { messageSentEvent } from './message-sent-event';
import { outboundFingerprint, type OutboundMessages, type OutboundRow } from './outbound-messages';
import { refusalForFailure, refuse, type SendRefusal } from './send-refusal';

/** What POST /v1/messages answers. */
export type SendOutcome = { ok: true; answer: SendMessageAnswer } | ({ ok: false } & SendRefusal);

export interface MessageSenderDeps {
  outbound: OutboundMessages;
  /** null while OPENPHONE_API_KEY is unset. */
  openPhone: { client: OpenPhoneRestClient; directory: PhoneNumberDirectory } | null;
  log: EventLog;
  logger: Logger;
  now: () => string;
}

/**
 * Sends one text per requestId, however often a console posts it: a send under way is
 * joined, a sent one answered from the table (its event appended again if that had
 * failed), a refused one tried again, and one whose fate is unknown (no answer, or the
 * relay stopped mid-send) refused rather than risking a second copy at the customer.
 */
export class MessageSender {
  private readonly inFlight = new Map<string, Promise<SendOutcome>>();

  constructor(private readonly deps: MessageSenderDeps) {}

  async send(device: Device, request: SendMessageRequest): Promise<SendOutcome> {
    const running = this.inFlight.get(request.requestId);
    if (running !== undefined) return asRepeat(await running, outboundFingerprint(device.id, request), this.deps.outbound.find(request.requestId), device.id);
    const fingerprint = outboundFingerprint(device.id, request);
    const existing = this.deps.outbound.find(request.requestId);
    if (existing !== null && existing.fingerprint !== fingerprint) return reused(existing, device.id);
    if (existing?.state === 'sent') return this.answerSent(existing);
    if (existing?.state === 'sending' || existing?.state === 'unknown') {
      return { ok: false, ...refuse(409, 'send_interrupted', 'The relay lost track of this message while sending it, so it may have gone out. Look in the conversation in OpenPhone before sending it again.') };
    }
    const openPhone = this.deps.openPhone;
    if (openPhone === null) return { ok: false, ...refuse(503, 'not_configured', 'Sending texts is not set up on the relay: whoever runs it needs to set OPENPHONE_API_KEY.') };
    // Nothing awaited since find(): the row is absent or failed with this fingerprint, so the claim holds.
    if (!this.deps.outbound.claim(request.requestId, device.id, fingerprint)) throw new Error(`requestId ${request.requestId} could not be claimed`);
    const sending = this.sendClaimed(device, request, openPhone).finally(() => this.inFlight.delete(request.requestId));
    this.inFlight.set(request.requestId, sending);
    return sending;
  }

  private async sendClaimed(device: Device, request: SendMessageRequest, openPhone: NonNullable<MessageSenderDeps['openPhone']>): Promise<SendOutcome> {
    const { requestId, from, content } = request;
    const to = request.to[0]!;
    const line = await openPhone.directory.lookup(from);
    if (line.found === false) {
      this.deps.outbound.markFailed(requestId, 'unknown_line');
      return { ok: false, ...refuse(422, 'unknown_line', `${from} is not a phone number of the relay's OpenPhone workspace, so it cannot text from it. The message was not sent.`) };
    }
    // The list could not be read: a refused key is final, anything else leaves `from` as the number itself (OpenPhone takes either).
    if (line.found === null && line.failure.kind === 'refused') return this.failed(device, requestId, refusalForFailure(line.failure, { from }));
    const result = await openPhone.client.sendMessage({ from: line.found ? line.phoneNumberId : from, to, content });
    if (!result.ok) {
      const refusal = refusalForFailure(result, { from });
      if (result.kind === 'no_answer') {
        this.deps.outbound.markUnknown(requestId, refusal.body.code);
        this.deps.logger.warn('message send got no answer from OpenPhone', { device: device.name, requestId, reason: result.message });
        return { ok: false, ...refusal };
      }
      return this.failed(device, requestId, refusal);
    }
    const event = messageSentEvent({ from, to, content, message: result.value, receivedAt: this.deps.now() });
    this.deps.outbound.markSent(requestId, event.data.messageId, JSON.stringify(event));
    this.deps.logger.info('message sent', { device: device.name, requestId, messageId: event.data.messageId, status: event.data.status });
    return this.record(requestId, event.data.messageId, JSON.stringify(event), false);
  }

  private failed(device: Device, requestId: string, refusal: SendRefusal): SendOutcome {
    this.deps.outbound.markFailed(requestId, refusal.body.code);
    this.deps.logger.warn('message not sent', { device: device.name, requestId, code: refusal.body.code, status: refusal.status });
    return { ok: false, ...refusal };
  }

  private answerSent(row: OutboundRow): Promise<SendOutcome> | SendOutcome {
    const event = JSON.parse(row.event!) as { data: { status: SendMessageAnswer['status'] } };
    if (row.seq !== null) return { ok: true, answer: { messageId: row.messageId!, seq: row.seq, status: event.data.status, duplicate: true } };
    return this.record(row.requestId, row.messageId!, row.event!, true);
  }

  /** Appends the sent fact (again, after a failed commit: its id makes it a duplicate then). */
  private async record(requestId: string, messageId: string, eventJson: string, duplicate: boolean): Promise<SendOutcome> {
    const event = JSON.parse(eventJson) as Parameters<EventLog['append']>[0] & { data: { status: SendMessageAnswer['status'] } };
    try {
      const { seq } = await this.deps.log.append(event);
      this.deps.outbound.markRecorded(requestId, seq);
      return { ok: true, answer: { messageId, seq, status: event.data.status, duplicate } };
    } catch (error) {
      this.deps.logger.error('a sent message could not be recorded', { requestId, messageId, error: error instanceof Error ? error.message : String(error) });
      return {
        ok: false,
        ...refuse(503, 'not_recorded', 'The message went out, but the relay could not record it just now. Press Send again in a moment to record it; it will not be sent twice.'),
        retryAfterSeconds: 1,
      };
    }
  }
}

/** A requestId names one message from one console: the same id from another console, or for another text, is refused. */
function reused(row: OutboundRow, deviceId: string): SendOutcome {
  const words =
    row.deviceId === deviceId
      ? 'This requestId was already used for a different message, so this one was not sent; every new message needs a new requestId.'
      : 'Another console already used this requestId for its own message, so this one was not sent, even with the same text; every new message needs a new requestId.';
  return { ok: false, ...refuse(409, 'request_id_reused', words) };
}

/** A post that joined a send under way gets its answer, marked as a repeat. */
function asRepeat(outcome: SendOutcome, fingerprint: string, row: OutboundRow | null, deviceId: string): SendOutcome {
  if (row !== null && row.fingerprint !== fingerprint) return reused(row, deviceId);
  return outcome.ok ? { ok: true, answer: { ...outcome.answer, duplicate: true } } : outcome;
}
