import { z } from 'zod';
import { importBillingChoices, type OpenPhoneImportAnswer } from '../relay-rest/openphone-import';

export type { OpenPhoneImportProgress } from '../relay-rest/openphone-import';

/**
 * The Operations page's history import panel (merged into apiInputSchemas in contract.ts):
 * the relay imports OpenPhone's history and reports its progress; an admin starts it (a
 * date range, record only or bill), pauses and resumes it. Read from the relay each time.
 */

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'pick a day');

export const historyImportApiInputSchemas = {
  'operations.historyImport': z.object({}).strict(),
  'operations.historyImportCommand': z.discriminatedUnion('action', [
    z
      .object({ action: z.literal('start'), fromDate: day.nullable(), toDate: day.nullable(), billing: z.enum(importBillingChoices) })
      .strict()
      .refine((start) => start.fromDate === null || start.toDate === null || start.fromDate <= start.toDate, { message: 'the first day must not be after the last', path: ['toDate'] }),
    z.object({ action: z.literal('pause') }).strict(),
    z.object({ action: z.literal('resume') }).strict(),
  ]),
} as const;

export interface HistoryImportApiOutputs {
  'operations.historyImport': OpenPhoneImportAnswer;
  'operations.historyImportCommand': OpenPhoneImportAnswer;
}
