import { sendPaymentLinkAnswerSchema, type SendPaymentLinkAnswer, type SendPaymentLinkRequest } from '../../shared/relay-rest/payments';
import { jsonOf } from '../http/outbound-client';
import { callRelay, refusalOf, RelayRequestError, type RelayAccess } from '../http/relay-rest-client';

/**
 * Asks the relay to mail a payment link (POST /v1/payments/links/send): the relay sends it
 * through its mail server, to an address on the customer's record only. Its refusals are
 * plain words (an address not on file, mail not set up on the relay, the mail server's own
 * answer) and are thrown as they are, for the dialog to show.
 */
export async function sendLinkByEmail(relay: RelayAccess, request: SendPaymentLinkRequest): Promise<SendPaymentLinkAnswer> {
  const answer = await callRelay(relay, 'POST', '/v1/payments/links/send', request);
  if (answer.status === 200) {
    const sent = sendPaymentLinkAnswerSchema.safeParse(jsonOf(answer));
    if (sent.success) return sent.data;
    throw new RelayRequestError('The relay answered in a way this console does not read: update Ringside and the relay to the same version.', answer.status);
  }
  if (answer.status === 404 && refusalOf(answer).startsWith('no such endpoint')) {
    throw new RelayRequestError('This relay cannot send links by email yet: whoever runs it needs to update it to the same version as Ringside. Copy the link and send it yourself meanwhile.', answer.status);
  }
  throw new RelayRequestError(refusalOf(answer), answer.status);
}
