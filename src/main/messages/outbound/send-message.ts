import { sendMessageAnswerSchema, sendMessageRefusalSchema, type SendMessageRequest } from '../../../shared/relay-rest/messages';
import { callRelay, RelayRequestError, type RelayAccess } from '../../http/relay-rest-client';
import { jsonOf } from '../../http/outbound-client';

/**
 * Sends one text through the relay (POST /v1/messages; the relay holds the OpenPhone API
 * key, checks this device's role and lines, and records the sent message in the log).
 *
 * For `messages.send`: pass the conversation's line as `from` and its other participant
 * as `to` (a group thread's several participants are refused by the relay in plain
 * words), and a `requestId` made once per press of Send (`randomUUID()`) and reused if
 * that same send is tried again: the relay never sends one requestId twice. Resolves with
 * the messageId (`openphone:<id>`) the message.recorded events of the thread carry; the
 * delivery status arrives later through the stream.
 *
 * Throws MessageNotSent with the relay's words for the receptionist (A2P registration
 * not approved, out of credits, not this console's line, …) and its code, or
 * RelayRequestError when the relay cannot be reached.
 */
export async function sendMessage(relay: RelayAccess, request: SendMessageRequest): Promise<{ messageId: string }> {
  const answer = await callRelay(relay, 'POST', '/v1/messages', request);
  const body = jsonOf(answer);
  if (answer.status === 200) {
    const sent = sendMessageAnswerSchema.safeParse(body);
    if (!sent.success) throw new RelayRequestError('The relay answered the send in a way this console does not read; the message may have gone out.', answer.status);
    return { messageId: sent.data.messageId };
  }
  const refusal = sendMessageRefusalSchema.safeParse(body);
  if (refusal.success) throw new MessageNotSent(refusal.data.error, refusal.data.code, answer.status);
  throw new MessageNotSent(`The relay could not send the message (HTTP ${answer.status}).`, null, answer.status);
}

/** The relay refused or failed the send; `message` is for the receptionist as it is. */
export class MessageNotSent extends Error {
  constructor(
    message: string,
    /** OpenPhone's 7-digit code (`0206400`…) or the relay's own (src/shared/relay-rest/messages.ts sendRefusalCodes). */
    readonly code: string | null,
    readonly status: number,
  ) {
    super(message);
    this.name = 'MessageNotSent';
  }
}
