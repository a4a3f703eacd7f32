import { z } from 'zod';
import { messageStatuses, type DeviceRole } from '../events/model';

/**
 * POST /v1/messages: a console asks the relay to send a text through OpenPhone (the relay
 * holds the API key; relay/README.md "Sending messages"). One schema per request and
 * answer: the relay validates with them and types its answers, the console parses them.
 *   POST /v1/messages   admin, bookkeeper, agent (an agent only from its own lines)
 *     → 200 send answer, or a send refusal (4xx, 502, 503) with plain words in `error`
 */

/** Every console may reply; an agent only from the lines assigned to it. */
export const sendMessageRoles = ['admin', 'bookkeeper', 'agent'] as const satisfies readonly DeviceRole[];

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number like +16175550100');

/** OpenPhone's limit on one text (spec telephony-providers §1.9). */
export const MAX_MESSAGE_CHARS = 1600;

export const sendMessageRequestSchema = z
  .object({
    /**
     * Chosen by the console once per press of Send (a UUID) and reused when that same send
     * is retried: the relay sends one text per requestId, however often it is posted.
     */
    requestId: z.string().min(8).max(200),
    /** Our line, E.164. */
    from: e164,
    /**
     * The recipient, as OpenPhone's API takes it: a list of exactly one. A group thread's
     * other participants are refused (OpenPhone's API cannot reply to a group).
     */
    to: z.array(e164).min(1).max(50),
    content: z
      .string()
      .min(1, 'the message is empty')
      .max(MAX_MESSAGE_CHARS, `a text can be at most ${MAX_MESSAGE_CHARS} characters`)
      .refine((text) => text.trim() !== '', 'the message is only spaces'),
  })
  .strict();
export type SendMessageRequest = z.infer<typeof sendMessageRequestSchema>;

/**
 * The text was accepted by OpenPhone and recorded as `message.recorded` (status queued or
 * sent) at `seq`; delivery follows as OpenPhone's webhooks for the same messageId.
 */
export const sendMessageAnswerSchema = z.object({
  /** `openphone:<OpenPhone's message id>`, the messageId every later record of it carries. */
  messageId: z.string().min(1),
  seq: z.number().int().min(1),
  /** As OpenPhone answered: queued or sent. */
  status: z.enum(messageStatuses),
  /** true when this requestId had already been sent: nothing was sent again. */
  duplicate: z.boolean(),
});
export type SendMessageAnswer = z.infer<typeof sendMessageAnswerSchema>;

/**
 * Why a text was not sent. `code` is OpenPhone's 7-digit error code when OpenPhone gave one
 * (`0206400` A2P registration not approved, `0200402` out of credits, `0101403` not a user
 * of that number), otherwise one of the relay's own below.
 */
export const sendRefusalCodes = [
  'invalid_request',
  'group_thread',
  'role_not_allowed',
  'line_not_assigned',
  'unknown_line',
  'request_id_reused',
  'send_interrupted',
  'not_configured',
  'api_key_refused',
  'rate_limited',
  'unreachable',
  'no_answer',
  'provider_error',
  'not_recorded',
] as const;
/** A relay word above, or OpenPhone's 7-digit code. */
export type SendRefusalCode = (typeof sendRefusalCodes)[number] | `${number}`;
/** Read leniently: a newer relay may have words this console does not know yet. */
export const sendMessageRefusalSchema = z.object({ error: z.string(), code: z.string() });
export type SendMessageRefusal = z.infer<typeof sendMessageRefusalSchema>;
