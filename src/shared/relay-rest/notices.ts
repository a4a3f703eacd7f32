import { z } from 'zod';
import type { DeviceRole } from '../events/model';
import { noticeChannels, noticeKinds, noticeStates, unsubscribableKinds } from '../notices/notice-kinds';

/**
 * Automatic notices (issue 14 §2): the relay decides them by a pure rule over its accounts,
 * keeps them in an outbox (one stable key per notice, sent once, retried with backoff) and
 * sends them by email (SMTP), SMS (the business's phone provider) or QuickBooks' own
 * send-invoice. Admins edit the schedule and the templates; anyone at the desk reads what a
 * customer was sent.
 *   GET  /v1/notices/settings                admin, bookkeeper → 200 NoticeSetup
 *   PUT  /v1/notices/settings  {settings}    admin             → 200 NoticeSetup
 *   PUT  /v1/notices/templates {template}    admin             → 200 NoticeSetup
 *   POST /v1/notices/preview   PreviewRequest admin, bookkeeper → 200 {subject, body}
 *   GET  /v1/notices/log?customerId=…        every role        → 200 {notices}
 *   GET  /v1/notices/failed                  admin, bookkeeper → 200 {notices}
 *   POST /v1/notices/retry     {noticeId}    admin, bookkeeper → 200 {notice}
 * Customers unsubscribe at GET/POST /notices/unsubscribe/<token> (a link in each reminder;
 * List-Unsubscribe and List-Unsubscribe-Post in its mail).
 */

export const noticeSetupReadRoles = ['admin', 'bookkeeper'] as const satisfies readonly DeviceRole[];
export const noticeSetupWriteRoles = ['admin'] as const satisfies readonly DeviceRole[];
export const UNSUBSCRIBE_PATH_PREFIX = '/notices/unsubscribe/';

const channels = z.array(z.enum(noticeChannels)).max(3);
const kindSettings = z.object({ enabled: z.boolean(), channels });

export const noticeSettingsSchema = z
  .object({
    invoiceIssued: kindSettings.extend({
      /** Invoices of zero do not go out. Only invoices issued after notices were turned on are sent. */
      attachPdf: z.boolean(),
    }),
    paymentReminder: kindSettings.extend({
      /** The first reminder this many days after the due date… */
      firstAfterDueDays: z.number().int().min(0).max(365),
      /** …then every this many days… */
      everyDays: z.number().int().min(1).max(365),
      /** …at most this many in all, until paid. */
      maxCount: z.number().int().min(1).max(50),
      /** An invoice without a due date (QuickBooks has not given one yet) counts as due this many days after it was issued; absent: 30. */
      dueAfterIssueDays: z.number().int().min(0).max(365).optional(),
    }),
    renewal: kindSettings.extend({
      /** This many days before a subscription renews or ends. */
      daysBefore: z.number().int().min(1).max(90),
    }),
    lowBalance: kindSettings.extend({
      /** The wallet under this (minor units of its currency); null: wallets not watched. */
      walletBelowMinor: z.number().int().min(0).max(100_000_000).nullable(),
      /** Included hours under this many seconds; null: hours not watched. */
      hoursBelowSeconds: z.number().int().min(0).max(10_000 * 3600).nullable(),
    }),
    subscriptionExpired: kindSettings,
    /** The line SMS notices go from (E.164); null: the relay's first configured line (OPENPHONE_PHONE_NUMBER_IDS, else the first OpenPhone lists). */
    smsFromLine: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be a phone number such as +16175550100').nullable(),
  })
  .strict();
export type NoticeSettings = z.infer<typeof noticeSettingsSchema>;

export const noticeTemplateSchema = z
  .object({
    kind: z.enum(noticeKinds),
    subject: z.string().trim().min(1, 'the subject must not be empty').max(200),
    body: z.string().trim().min(1, 'the message must not be empty').max(5000),
  })
  .strict();

/** Which ways of sending the relay can use now, each with why not when it cannot. */
export const noticeChannelAvailabilitySchema = z.object({
  email: z.object({ available: z.boolean(), reason: z.string().nullable() }),
  sms: z.object({ available: z.boolean(), reason: z.string().nullable() }),
  quickbooks: z.object({ available: z.boolean(), reason: z.string().nullable() }),
});

export const noticeSetupSchema = z.object({
  settings: noticeSettingsSchema,
  templates: z.array(noticeTemplateSchema),
  channels: noticeChannelAvailabilitySchema,
  /** The business's name as notices and the portal show it. */
  businessName: z.string(),
});
export type NoticeSetup = z.infer<typeof noticeSetupSchema>;

export const putNoticeSettingsRequestSchema = z.object({ settings: noticeSettingsSchema }).strict();
export const putNoticeTemplateRequestSchema = z.object({ template: noticeTemplateSchema }).strict();

export const noticePreviewRequestSchema = z
  .object({
    kind: z.enum(noticeKinds),
    subject: z.string().max(200),
    body: z.string().max(5000),
    /** Filled with this customer's figures; null: with sample figures. */
    customerId: z.string().min(1).max(200).nullable(),
  })
  .strict();
export const noticePreviewAnswerSchema = z.object({ subject: z.string(), body: z.string() });

export const noticeEntrySchema = z.object({
  noticeId: z.number().int(),
  customerId: z.string(),
  customerName: z.string(),
  kind: z.enum(noticeKinds),
  channel: z.enum(noticeChannels),
  /** The address or number it went (or goes) to. */
  recipient: z.string(),
  subject: z.string(),
  state: z.enum(noticeStates),
  attempts: z.number().int(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  /** When it is tried next (pending after a failure); null otherwise. */
  nextAttemptAt: z.string().nullable(),
  /** The last failure in plain words; null when none. */
  error: z.string().nullable(),
});
export type NoticeEntry = z.infer<typeof noticeEntrySchema>;

export const noticeListAnswerSchema = z.object({
  notices: z.array(noticeEntrySchema),
  /** The customer's unsubscribed kinds (for the log of one customer; empty otherwise). */
  unsubscribed: z.array(z.enum(noticeKinds)).default([]),
});
export type NoticeListAnswer = z.infer<typeof noticeListAnswerSchema>;

export const retryNoticeRequestSchema = z.object({ noticeId: z.number().int().min(1) }).strict();
export const retryNoticeAnswerSchema = z.object({ notice: noticeEntrySchema });

/**
 * POST /v1/notices/resubscribe (admin, bookkeeper): turns a kind a customer unsubscribed from
 * back on, when the customer asks the business to (the unsubscribed page tells them to). It
 * lifts the unsubscribe of the customer and of every customer merged into it. 200 with
 * `unsubscribed` (the kinds still off), 404 for a customer the relay does not know.
 */
export const resubscribeRequestSchema = z.object({ customerId: z.string().min(1).max(200), kind: z.enum(unsubscribableKinds) }).strict();
export type ResubscribeRequest = z.infer<typeof resubscribeRequestSchema>;
export const resubscribeAnswerSchema = z.object({ unsubscribed: z.array(z.enum(noticeKinds)) });
export type ResubscribeAnswer = z.infer<typeof resubscribeAnswerSchema>;
