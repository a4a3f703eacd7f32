import type { SendMessageRefusal, SendRefusalCode } from '../../../src/shared/relay-rest/messages';
import { OPENPHONE_CODES, openPhoneWords } from '../providers/openphone/rest/openphone-error';
import type { RestFailure } from '../providers/openphone/rest/openphone-rest-client';

/**
 * Why a text was not sent, in words a receptionist reads on the console, with the HTTP
 * status the relay answers. Pure. OpenPhone's own codes (spec telephony-providers §1.9,
 * §1.11) come first; its status decides the rest.
 */
export interface SendRefusal {
  status: number;
  body: SendMessageRefusal;
  /** Seconds, for a Retry-After header, when trying later may work. */
  retryAfterSeconds?: number;
}

const NOT_SENT = 'The message was not sent.';

export function refusalForFailure(failure: RestFailure, context: { from: string }): SendRefusal {
  switch (failure.kind) {
    case 'refused': {
      const code = openPhoneCode(failure.body.code);
      if (code === OPENPHONE_CODES.a2pNotApproved) return refuse(422, code, `Texting to US numbers needs an approved A2P 10DLC registration in OpenPhone. ${NOT_SENT} Whoever manages the OpenPhone account needs to complete that registration.`);
      if (code === OPENPHONE_CODES.notEnoughCredits) return refuse(402, code, `The OpenPhone workspace is out of prepaid credits. ${NOT_SENT} Whoever manages the OpenPhone account needs to add credits.`);
      if (code === OPENPHONE_CODES.notPhoneNumberUser) return refuse(422, code, `The OpenPhone user behind the relay's API key is not a user of ${context.from} in OpenPhone, so it cannot text from that line. ${NOT_SENT} Add that user to the number in OpenPhone, or send from another line.`);
      if (failure.httpStatus === 401) return refuse(502, 'api_key_refused', `OpenPhone refused the relay's OpenPhone API key. ${NOT_SENT} Whoever runs the relay should check OPENPHONE_API_KEY.`);
      const words = openPhoneWords(failure.body);
      return refuse(422, code ?? 'provider_error', `OpenPhone refused the message${words === null ? ` (HTTP ${failure.httpStatus})` : `: ${words}`}. ${NOT_SENT}`);
    }
    case 'rate_limited':
      return { ...refuse(503, 'rate_limited', `OpenPhone is busy with too many requests right now. ${NOT_SENT} Try again in a minute.`), retryAfterSeconds: 60 };
    case 'server_error': {
      const words = openPhoneWords(failure.body);
      return { ...refuse(502, openPhoneCode(failure.body.code) ?? 'provider_error', `OpenPhone had a problem of its own (HTTP ${failure.httpStatus}${words === null ? '' : `: ${words}`}). ${NOT_SENT} Try again in a few minutes.`), retryAfterSeconds: 60 };
    }
    case 'unreachable':
      return { ...refuse(502, 'unreachable', `The relay could not reach OpenPhone. ${NOT_SENT} Try again in a few minutes.`), retryAfterSeconds: 60 };
    case 'no_answer':
      return refuse(502, 'no_answer', "OpenPhone did not answer in time, so the message may or may not have gone out. Look in the conversation in OpenPhone before sending it again.");
  }
}

/** `code` is one of the relay's own words, or OpenPhone's 7-digit code. */
export function refuse(status: number, code: SendRefusalCode, error: string): SendRefusal {
  return { status, body: { error, code } };
}

/** OpenPhone's code when the body carries one (a proxy's error page carries none). */
function openPhoneCode(code: string | undefined): SendRefusalCode | null {
  return code !== undefined && /^\d{7}$/.test(code) ? (code as SendRefusalCode) : null;
}
