import { z } from 'zod';
import {
  noticePreviewRequestSchema,
  noticeSettingsSchema,
  noticeTemplateSchema,
  type NoticeEntry,
  type NoticeListAnswer,
  type NoticeSetup,
} from '../relay-rest/notices';

/**
 * The notices part of the renderer API (issue 14 §2, merged into apiInputSchemas in
 * contract.ts): the admin's Notices page (schedule, channels, templates with a preview, what
 * failed) and the customer page's log of what was sent. The relay keeps and sends them; the
 * console reads and edits through its REST (src/shared/relay-rest/notices.ts).
 */

export const noticesApiInputSchemas = {
  'notices.setup': z.object({}).strict(),
  'notices.saveSettings': z.object({ settings: noticeSettingsSchema }).strict(),
  'notices.saveTemplate': z.object({ template: noticeTemplateSchema }).strict(),
  'notices.preview': noticePreviewRequestSchema,
  'notices.ofCustomer': z.object({ customerId: z.string().min(1).max(200) }).strict(),
  'notices.failed': z.object({}).strict(),
  'notices.retry': z.object({ noticeId: z.number().int().min(1) }).strict(),
} as const;

export interface NoticesApiOutputs {
  'notices.setup': NoticeSetup;
  'notices.saveSettings': NoticeSetup;
  'notices.saveTemplate': NoticeSetup;
  'notices.preview': { subject: string; body: string };
  'notices.ofCustomer': NoticeListAnswer;
  'notices.failed': NoticeListAnswer;
  'notices.retry': NoticeEntry;
}
