import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { DeviceRole } from '../../../src/shared/events/model';
import { noticeChannels } from '../../../src/shared/notices/notice-kinds';
import { renderNotice, unknownVariables, type NoticeValues } from '../../../src/shared/notices/notice-template';
import {
  noticePreviewRequestSchema,
  noticeSetupReadRoles,
  noticeSetupWriteRoles,
  putNoticeSettingsRequestSchema,
  putNoticeTemplateRequestSchema,
  resubscribeRequestSchema,
  retryNoticeRequestSchema,
  type NoticeListAnswer,
  type NoticeSetup,
} from '../../../src/shared/relay-rest/notices';
import type { CustomerAccountsReader } from '../accounts/customer-accounts';
import type { DeviceRegistry } from '../devices/device-registry';
import type { Device } from '../devices/device-store';
import { bearerToken } from '../devices/device-token';
import { readBody } from '../http/body';
import { parseJsonBody } from '../http/parse-body';
import type { Handler } from '../http/request-context';
import { sendJson, sendTooLarge } from '../http/respond';
import { noticeEntryOf, type NoticeOutbox } from './notice-outbox';
import type { NoticeRunner } from './notice-runner';
import { settingsProblems, type NoticeSetupStore } from './notice-setup-store';
import { noticeValues, SAMPLE_VALUES } from './notice-values';
import type { Unsubscribes } from './unsubscribes';

export interface NoticeRoutesDeps {
  devices: DeviceRegistry;
  setup: NoticeSetupStore;
  outbox: NoticeOutbox;
  unsubscribes: Unsubscribes;
  runner: NoticeRunner;
  accounts: CustomerAccountsReader;
  headSeq: () => number;
  clock: () => number;
  business: string;
  portalUrl: string;
  publicUrl: string | null;
  maxBodyBytes: number;
  maxJsonDepth: number;
}

const LIST_LIMIT = 200;
const EVERY_ROLE = ['admin', 'bookkeeper', 'agent'] as const satisfies readonly DeviceRole[];

/** The notices REST of src/shared/relay-rest/notices.ts; every refusal is `{error}` in plain words. */
export function noticeRoutes(deps: NoticeRoutesDeps): Record<string, Partial<Record<string, Handler>>> {
  const allowed = (req: IncomingMessage, res: ServerResponse, roles: readonly DeviceRole[], what: string): Device | null => {
    const device = deps.devices.authenticate(bearerToken(req.headers.authorization));
    if (device === null) {
      sendJson(res, 401, { error: 'a valid device token is required (Authorization: Bearer <token>)' });
      return null;
    }
    if (!roles.includes(device.role)) {
      sendJson(res, 403, { error: `A ${device.role} console may not ${what}.` });
      return null;
    }
    return device;
  };
  const body = async (req: IncomingMessage, res: ServerResponse): Promise<{ ok: true; value: unknown } | { ok: false }> => {
    const read = await readBody(req, deps.maxBodyBytes);
    if (!read.ok) {
      sendTooLarge(res, deps.maxBodyBytes);
      return { ok: false };
    }
    const parsed = parseJsonBody(read.body, deps.maxJsonDepth);
    if (!parsed.ok) {
      sendJson(res, 400, { error: parsed.error });
      return { ok: false };
    }
    return parsed;
  };
  const setupAnswer = (): NoticeSetup => {
    const availability = Object.fromEntries(
      noticeChannels.map((name) => {
        const channel = deps.runner.channel(name);
        const reason = channel === null ? `Sending by ${name === 'sms' ? 'SMS' : name === 'email' ? 'email' : 'QuickBooks'} is not set up on the relay.` : channel.unavailable();
        return [name, { available: reason === null, reason }];
      }),
    ) as NoticeSetup['channels'];
    return { settings: deps.setup.read().settings, templates: deps.setup.templates(), channels: availability, businessName: deps.business };
  };
  const now = (): string => new Date(deps.clock()).toISOString();

  return {
    '/v1/notices/settings': {
      GET: (req, res) => {
        if (allowed(req, res, noticeSetupReadRoles, 'read the notice settings') === null) return;
        sendJson(res, 200, setupAnswer(), { 'cache-control': 'no-store' });
      },
      PUT: async (req, res) => {
        const device = allowed(req, res, noticeSetupWriteRoles, 'change the notice settings');
        if (device === null) return;
        const read = await body(req, res);
        if (!read.ok) return;
        const parsed = putNoticeSettingsRequestSchema.safeParse(read.value);
        if (!parsed.success) return sendJson(res, 400, { error: z.prettifyError(parsed.error) });
        const problems = settingsProblems(parsed.data.settings);
        if (problems.length > 0) return sendJson(res, 400, { error: problems.join('; ') });
        deps.setup.save(parsed.data.settings, deps.headSeq(), device.name, now());
        deps.runner.nudge();
        sendJson(res, 200, setupAnswer());
      },
    },
    '/v1/notices/templates': {
      PUT: async (req, res) => {
        const device = allowed(req, res, noticeSetupWriteRoles, 'change the notice templates');
        if (device === null) return;
        const read = await body(req, res);
        if (!read.ok) return;
        const parsed = putNoticeTemplateRequestSchema.safeParse(read.value);
        if (!parsed.success) return sendJson(res, 400, { error: z.prettifyError(parsed.error) });
        const unknown = unknownVariables(`${parsed.data.template.subject}\n${parsed.data.template.body}`);
        if (unknown.length > 0) return sendJson(res, 400, { error: `No notice fills ${unknown.map((name) => `{{${name}}}`).join(', ')}: check the spelling, or use one of the variables listed beside the template.` });
        deps.setup.saveTemplate(parsed.data.template, device.name, now());
        sendJson(res, 200, setupAnswer());
      },
    },
    '/v1/notices/preview': {
      POST: async (req, res) => {
        if (allowed(req, res, noticeSetupReadRoles, 'preview notices') === null) return;
        const read = await body(req, res);
        if (!read.ok) return;
        const parsed = noticePreviewRequestSchema.safeParse(read.value);
        if (!parsed.success) return sendJson(res, 400, { error: z.prettifyError(parsed.error) });
        const { kind, subject, body: text, customerId } = parsed.data;
        // What would be sent: automatic notices carry RELAY_NOTICES_PORTAL_URL (none when unset), only a portal-link notice a link of its own.
        const portalLink = kind === 'portal_link' ? SAMPLE_VALUES.portalLink! : deps.portalUrl;
        let values: NoticeValues = { ...SAMPLE_VALUES, business: deps.business, portalLink };
        if (customerId !== null) {
          const survivor = deps.accounts.survivorOf(customerId);
          const account = survivor === null ? null : deps.accounts.accountOf(survivor, deps.clock());
          if (account === null) return sendJson(res, 404, { error: 'There is no such customer on the relay.' });
          // The customer's own figures: the invoice they owe most recently (else their latest), their period's end.
          const invoice = account.invoices.filter((candidate) => candidate.balanceMinor > 0).at(-1) ?? account.invoices.at(-1) ?? null;
          values = {
            ...SAMPLE_VALUES,
            ...noticeValues(kind, account, { invoiceKey: invoice?.invoiceKey ?? null, renewalDate: account.view.subscription?.periodEndsOn ?? null }, {
              business: deps.business,
              portalLink,
              unsubscribeLink: deps.unsubscribes.urlOf(deps.publicUrl, account.customerId, kind) ?? SAMPLE_VALUES.unsubscribeLink!,
            }),
          };
        }
        sendJson(res, 200, renderNotice({ kind, subject, body: text }, values));
      },
    },
    '/v1/notices/log': {
      GET: (req, res, context) => {
        if (allowed(req, res, EVERY_ROLE, "read a customer's notices") === null) return;
        const customerId = new URLSearchParams(context.query).get('customerId');
        if (customerId === null || customerId === '' || customerId.length > 200) return sendJson(res, 400, { error: 'customerId must name a customer (?customerId=…)' });
        const survivor = deps.accounts.survivorOf(customerId) ?? customerId;
        const ids = [...new Set([customerId, survivor])];
        const answer: NoticeListAnswer = {
          notices: deps.outbox.ofCustomer(ids, LIST_LIMIT).map(noticeEntryOf),
          unsubscribed: [...new Set(ids.flatMap((id) => deps.unsubscribes.kindsOf(id)))],
        };
        sendJson(res, 200, answer, { 'cache-control': 'no-store' });
      },
    },
    '/v1/notices/failed': {
      GET: (req, res) => {
        if (allowed(req, res, noticeSetupReadRoles, 'read the failed notices') === null) return;
        const answer: NoticeListAnswer = { notices: deps.outbox.failedRows(LIST_LIMIT).map(noticeEntryOf), unsubscribed: [] };
        sendJson(res, 200, answer, { 'cache-control': 'no-store' });
      },
    },
    '/v1/notices/resubscribe': {
      POST: async (req, res) => {
        if (allowed(req, res, noticeSetupReadRoles, 'turn notices back on for a customer') === null) return;
        const read = await body(req, res);
        if (!read.ok) return;
        const parsed = resubscribeRequestSchema.safeParse(read.value);
        if (!parsed.success) return sendJson(res, 400, { error: z.prettifyError(parsed.error) });
        const survivor = deps.accounts.survivorOf(parsed.data.customerId);
        if (survivor === null) return sendJson(res, 404, { error: 'There is no such customer on the relay.' });
        // The customer and every customer merged into it: an unsubscribe made under an old id is lifted too.
        const ids = [...new Set([survivor, ...[...deps.unsubscribes.all()].map((entry) => entry.split('\n')[0]!).filter((id) => deps.accounts.survivorOf(id) === survivor)])];
        deps.unsubscribes.resubscribe(ids, parsed.data.kind);
        deps.runner.nudge();
        const still = [...new Set(ids.flatMap((id) => deps.unsubscribes.kindsOf(id)))].sort();
        sendJson(res, 200, { unsubscribed: still });
      },
    },
    '/v1/notices/retry': {
      POST: async (req, res) => {
        if (allowed(req, res, noticeSetupReadRoles, 'retry notices') === null) return;
        const read = await body(req, res);
        if (!read.ok) return;
        const parsed = retryNoticeRequestSchema.safeParse(read.value);
        if (!parsed.success) return sendJson(res, 400, { error: z.prettifyError(parsed.error) });
        const existing = deps.outbox.byId(parsed.data.noticeId);
        if (existing === null) return sendJson(res, 404, { error: 'There is no such notice.' });
        const row = deps.outbox.retry(parsed.data.noticeId, now());
        if (row === null && existing.kind === 'portal_link' && existing.state === 'failed') return sendJson(res, 409, { error: 'A portal link that was not sent is not tried again (its link is no longer kept): send the link again from the customer page.' });
        if (row === null) return sendJson(res, 409, { error: existing.state === 'sent' ? 'This notice was already sent.' : 'This notice is already waiting to be sent.' });
        deps.runner.nudge();
        sendJson(res, 200, { notice: noticeEntryOf(row) });
      },
    },
  };
}
