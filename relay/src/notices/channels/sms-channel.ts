import type { Clock } from '../../../../src/shared/clock';
import { toE164 } from '../../../../src/shared/phone';
import type { RingsideEvent } from '../../../../src/shared/events/model';
import type { Logger } from '../../logger';
import { messageSentEvent } from '../../messages/message-sent-event';
import { openPhoneWords, OPENPHONE_CODES } from '../../providers/openphone/rest/openphone-error';
import type { OpenPhoneRestClient, RestFailure } from '../../providers/openphone/rest/openphone-rest-client';
import { PhoneNumberDirectory } from '../../providers/openphone/rest/phone-number-directory';
import { redactedText } from '../notice-outbox';
import type { NoticeChannel, NoticeSendResult, OutgoingNotice } from '../notice-channel';

/**
 * Notices by text, through OpenPhone (the relay's one client, paced with every other
 * OpenPhone call), from the notice's `from` line, else the first of OPENPHONE_PHONE_NUMBER_IDS,
 * else the workspace's first line. A sent text is recorded in the log as the console's texts
 * are (messageSentEvent: `message.recorded` under OpenPhone's id), so it shows in the
 * customer's conversation on every console and OpenPhone's delivery webhooks merge onto it.
 * Twilio is not a way of sending here: the relay has no Twilio REST client (only its voice webhooks).
 */

const LINES_TTL_MS = 10 * 60_000;
const LINES_REFETCH_MS = 60_000;

export interface SmsChannelDeps {
  /** null while OPENPHONE_API_KEY is unset. */
  openPhone: OpenPhoneRestClient | null;
  /** OPENPHONE_PHONE_NUMBER_IDS: PN… id → E.164, in the order written. */
  configuredLines: Readonly<Record<string, string>>;
  log: { append(event: RingsideEvent): Promise<unknown> };
  logger: Logger;
  clock: Clock;
}

export function smsChannel(deps: SmsChannelDeps): NoticeChannel {
  const client = deps.openPhone;
  const directory = client === null ? null : new PhoneNumberDirectory(client, { configured: deps.configuredLines, clock: deps.clock, ttlMs: LINES_TTL_MS, refetchMs: LINES_REFETCH_MS });
  let firstListedLine: string | null = null;

  /** The line to text from: the notice's, else the first configured, else the first OpenPhone lists. */
  const fromLine = async (notice: OutgoingNotice): Promise<string | RestFailure | null> => {
    if (notice.from) return notice.from;
    const configured = Object.values(deps.configuredLines)[0];
    if (configured !== undefined) return configured;
    if (firstListedLine !== null) return firstListedLine;
    const listed = await client!.listPhoneNumbers();
    if (!listed.ok) return listed;
    firstListedLine = listed.value.map((line) => toE164(line.number)).find((number) => number !== null) ?? null;
    return firstListedLine;
  };

  return {
    name: 'sms',
    unavailable: () => (client === null ? 'Text notices go through OpenPhone, which is not set up on the relay: whoever runs it sets OPENPHONE_API_KEY.' : null),
    async send(notice: OutgoingNotice): Promise<NoticeSendResult> {
      if (client === null || directory === null) return { ok: false, permanent: false, error: 'Text notices need OPENPHONE_API_KEY on the relay.' };
      const to = toE164(notice.recipient);
      if (to === null) return { ok: false, permanent: true, error: `${notice.recipient} is not a phone number a text can be sent to.` };
      const from = await fromLine(notice);
      if (from === null) return { ok: false, permanent: false, error: 'The OpenPhone workspace has no line to text from.' };
      if (typeof from !== 'string') return openPhoneFailure(from);
      const line = await directory.lookup(from);
      if (line.found === false) return { ok: false, permanent: false, error: `${from} is not a line of the relay's OpenPhone workspace, so notices cannot be texted from it: choose another line in the notice settings.` };
      // The list could not be read: OpenPhone takes the number itself as `from` too.
      const result = await client.sendMessage({ from: line.found === true ? line.phoneNumberId : from, to, content: notice.body });
      if (!result.ok) return openPhoneFailure(result);
      // The log is kept for good and copied to every console: a portal link's token goes in neither its text nor OpenPhone's answer kept beside it.
      const message = notice.redact == null ? result.value : (JSON.parse(redactedText(JSON.stringify(result.value), notice.redact)) as typeof result.value);
      const event = messageSentEvent({ from, to, content: redactedText(notice.body, notice.redact), message, receivedAt: new Date(deps.clock()).toISOString() });
      try {
        await deps.log.append(event);
      } catch (error) {
        // Sent: it must not be sent again. OpenPhone's delivery webhook still brings it into the conversation.
        deps.logger.error('a sent notice text could not be recorded', { noticeId: notice.noticeId, messageId: event.data.messageId, error: error instanceof Error ? error.message : String(error) });
      }
      return { ok: true, providerId: event.data.messageId };
    },
    close: () => undefined,
  };
}

/** OpenPhone's own words, and whether trying again could help. */
function openPhoneFailure(failure: RestFailure): NoticeSendResult {
  switch (failure.kind) {
    case 'refused': {
      const words = openPhoneWords(failure.body) ?? 'no reason given';
      // The key, the credits, the line's user or its A2P registration: fixed once for every text, after which the waiting notices should go.
      const businessSide = failure.httpStatus === 401 || failure.httpStatus === 402 || failure.httpStatus === 403 || failure.body.code === OPENPHONE_CODES.a2pNotApproved;
      return { ok: false, permanent: !businessSide, error: `OpenPhone refused the text (${failure.httpStatus}): ${words}` };
    }
    case 'rate_limited':
      return { ok: false, permanent: false, error: 'OpenPhone asked the relay to slow down (429); the text is tried again.' };
    case 'server_error':
      return { ok: false, permanent: false, error: `OpenPhone failed (${failure.httpStatus}); the text is tried again.` };
    case 'unreachable':
      return { ok: false, permanent: false, error: `OpenPhone could not be reached (${failure.message}); the text is tried again.` };
    case 'no_answer':
      // The text may have gone out: OpenPhone has no idempotency key, so a retry can send a second copy.
      // Chosen: tried again, since a reminder or invoice notice that never arrives costs the business
      // more than a rare duplicate (the same choice as alert texts); the words say so for the log.
      return { ok: false, permanent: false, error: `OpenPhone did not answer (${failure.message}); the text may have gone out and is tried again.` };
  }
}
