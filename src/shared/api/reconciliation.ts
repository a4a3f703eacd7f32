import { z } from 'zod';
import type { ReconcileRangeAnswer, ReconciliationOverview } from '../relay-rest/reconciliation';

export type { HealthCheckStatus, ReconciliationOverview, ReconciliationRun } from '../relay-rest/reconciliation';

/**
 * The Operations page's reconciliation panel (merged into apiInputSchemas in contract.ts):
 * the relay's recent checks of its log against OpenPhone, its health check, and an admin's
 * "check a date range". Read from the relay each time; nothing is kept on the console.
 */

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'pick a day');

export const reconciliationApiInputSchemas = {
  'operations.reconciliation': z.object({}).strict(),
  'operations.reconcileRange': z
    .object({ from: localDate, to: localDate })
    .strict()
    .refine((range) => range.from <= range.to, { message: 'the first day must not be after the last', path: ['to'] }),
} as const;

export interface ReconciliationApiOutputs {
  'operations.reconciliation': ReconciliationOverview;
  'operations.reconcileRange': ReconcileRangeAnswer;
}
