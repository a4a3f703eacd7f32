import type { z } from 'zod';
import type { ApiHandlers } from '../../shared/api/contract';
import type { noticesApiInputSchemas } from '../../shared/api/notices';
import {
  noticeListAnswerSchema,
  noticePreviewAnswerSchema,
  noticeSetupSchema,
  retryNoticeAnswerSchema,
} from '../../shared/relay-rest/notices';
import { jsonOf, type OutboundAnswer } from '../http/outbound-client';
import { callRelay, refusalOf, RelayRequestError, type RelayAccess } from '../http/relay-rest-client';

export type NoticesHandlers = Pick<ApiHandlers, keyof typeof noticesApiInputSchemas>;

export interface NoticesHandlerDeps {
  /** Where to ask; throws when the console has no device token. */
  relay: () => RelayAccess;
}

/** Said when the relay has no notices endpoints at all (its router answers "no such endpoint"). */
export const OLDER_RELAY_WORDS = 'This relay is older than the console: update it to send notices.';
export const UNREADABLE_ANSWER_WORDS = 'The relay answered something this console does not read: update Ringside and the relay to the same version.';

/**
 * The Notices page and the customer page's "Notices sent" (issue 14 §2): every call goes to
 * the relay's notices REST (src/shared/relay-rest/notices.ts), which keeps the settings,
 * templates and outbox. Refusals come back in the relay's own words; a relay without the
 * endpoints is told apart from a 404 about one notice or customer.
 */
export function createNoticesHandlers(deps: NoticesHandlerDeps): NoticesHandlers {
  async function ask<S extends z.ZodType>(method: 'GET' | 'POST' | 'PUT', path: string, schema: S, body?: unknown, query?: Record<string, string>): Promise<z.output<S>> {
    const answer = await callRelay(deps.relay(), method, path, body, query === undefined ? {} : { query });
    if (answer.status < 200 || answer.status >= 300) throw new RelayRequestError(refusalWords(answer), answer.status);
    const parsed = schema.safeParse(jsonOf(answer));
    if (!parsed.success) throw new RelayRequestError(UNREADABLE_ANSWER_WORDS, answer.status);
    return parsed.data;
  }

  return {
    'notices.setup': async () => ask('GET', '/v1/notices/settings', noticeSetupSchema),
    'notices.saveSettings': async ({ settings }) => ask('PUT', '/v1/notices/settings', noticeSetupSchema, { settings }),
    'notices.saveTemplate': async ({ template }) => ask('PUT', '/v1/notices/templates', noticeSetupSchema, { template }),
    'notices.preview': async (request) => ask('POST', '/v1/notices/preview', noticePreviewAnswerSchema, request),
    'notices.ofCustomer': async ({ customerId }) => ask('GET', '/v1/notices/log', noticeListAnswerSchema, undefined, { customerId }),
    'notices.failed': async () => ask('GET', '/v1/notices/failed', noticeListAnswerSchema),
    'notices.retry': async ({ noticeId }) => (await ask('POST', '/v1/notices/retry', retryNoticeAnswerSchema, { noticeId })).notice,
  };
}

/** The relay's words; its router's "no such endpoint" means a relay from before notices. */
function refusalWords(answer: OutboundAnswer): string {
  const words = refusalOf(answer);
  if (answer.status === 404 && /^no such endpoint/i.test(words)) return OLDER_RELAY_WORDS;
  return words;
}
