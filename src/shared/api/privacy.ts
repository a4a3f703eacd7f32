import { z } from 'zod';
import { retentionKinds, type RetentionKind } from '../events/model';
import type { Erasure } from '../relay-rest/privacy';

/**
 * The privacy part of the renderer API (issue 15 §4, merged into apiInputSchemas in
 * contract.ts): the retention policy (admin), export of everything about one customer as a zip
 * of JSON and files, and erasure of one customer (admin, confirmed by typing their name).
 */

const id = z.string().min(1).max(200);

export const privacyApiInputSchemas = {
  'privacy.retention': z.object({}).strict(),
  'privacy.setRetention': z.object({ days: z.object(Object.fromEntries(retentionKinds.map((kind) => [kind, z.number().int().min(1, 'keep it at least one day').max(36_500).nullable()])) as Record<RetentionKind, z.ZodNullable<z.ZodNumber>>) }).strict(),
  'privacy.exportCustomer': z.object({ customerId: id }).strict(),
  'privacy.eraseCustomer': z.object({ requestId: z.string().min(8).max(200), customerId: id, confirmName: z.string().max(200) }).strict(),
  'privacy.erasures': z.object({}).strict(),
} as const;

export interface RetentionView {
  days: Record<RetentionKind, number | null>;
  definedBy: string | null;
  definedAtMs: number | null;
}

export interface CustomerExport {
  /** Where the zip was written on this computer. */
  path: string;
  fileName: string;
  bytes: number;
  counts: { calls: number; messages: number; media: number; transcripts: number; charges: number; invoices: number; jobs: number };
  /** Media the relay could not give (deleted by retention, not captured): named in the zip's README too. */
  missingMedia: number;
}

export interface ExportProgress {
  customerId: string;
  done: number;
  total: number;
  words: string;
}

export interface PrivacyApiOutputs {
  'privacy.retention': RetentionView;
  'privacy.setRetention': RetentionView;
  'privacy.exportCustomer': CustomerExport;
  'privacy.eraseCustomer': Erasure;
  'privacy.erasures': Erasure[];
}

export interface PrivacyApiPushes {
  'privacy.exportProgress': ExportProgress;
}
