import { randomUUID } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiHandlers } from '../../shared/api/contract';
import type { PrivacyApiOutputs, ExportProgress, RetentionView } from '../../shared/api/privacy';
import type { Clock } from '../../shared/clock';
import { retentionKinds, type RetentionKind } from '../../shared/events/model';
import { ERASURES_PATH, erasureAnswerSchema, erasureListSchema } from '../../shared/relay-rest/privacy';
import type { ConsoleDatabase } from '../db/open-console-database';
import { postConsoleEvent, relayJson } from '../http/relay-rest-client';
import type { MediaCache } from '../media/media-cache';
import { fetchDeviceInfo } from '../quickbooks/relay-quickbooks-client';
import { sameTypedName } from '../../shared/privacy/same-typed-name';
import { exportFileName } from './export-file-name';
import { writeCustomerExport } from './write-customer-export';

export interface PrivacyHandlersDeps {
  database: () => ConsoleDatabase;
  clock: Clock;
  relay: () => { url: string; token: string };
  whoAmI: () => Promise<string>;
  mediaCache: MediaCache;
  /** Where exports are written (the console's data folder + /exports). */
  exportDirectory: () => string;
  progress: (progress: ExportProgress) => void;
}

type PrivacyHandlers = Pick<ApiHandlers, keyof PrivacyApiOutputs>;

const KEEP_FOREVER: Record<RetentionKind, number | null> = Object.fromEntries(retentionKinds.map((kind) => [kind, null])) as Record<RetentionKind, number | null>;

/** The retention policy as last defined here; every kind kept until one is defined. */
export function retentionView(db: ConsoleDatabase): RetentionView {
  const row = db.sqlite.prepare('SELECT days_json, defined_by, defined_at_ms FROM retention_policy WHERE id = 1').get() as { days_json: string; defined_by: string; defined_at_ms: number } | undefined;
  if (!row) return { days: { ...KEEP_FOREVER }, definedBy: null, definedAtMs: null };
  const days = JSON.parse(row.days_json) as Partial<Record<RetentionKind, number | null>>;
  return { days: Object.fromEntries(retentionKinds.map((kind) => [kind, days[kind] ?? null])) as Record<RetentionKind, number | null>, definedBy: row.defined_by, definedAtMs: row.defined_at_ms };
}

/**
 * Issue 15 §4 on this console: the retention policy (read by all, set by an admin), export of
 * one customer as a zip (admin or bookkeeper), and erasure of one customer (admin, the relay
 * does it; every console follows the log.redacted it appends, redaction-follower.ts).
 */
export function createPrivacyHandlers(deps: PrivacyHandlersDeps): PrivacyHandlers {
  const role = async (): Promise<string> => (await fetchDeviceInfo(deps.relay())).role;
  return {
    'privacy.retention': async () => retentionView(deps.database()),
    'privacy.setRetention': async ({ days }) => {
      if ((await role()) !== 'admin') throw new Error('Only an admin console can change how long personal data is kept.');
      const by = await deps.whoAmI();
      const relay = deps.relay();
      const at = deps.clock();
      await postConsoleEvent(relay.url, relay.token, { id: `retention:${randomUUID()}`, type: 'retention_policy.defined', occurredAt: new Date(at).toISOString(), data: { days, by } });
      return { days: { ...KEEP_FOREVER, ...days }, definedBy: by, definedAtMs: at };
    },
    'privacy.exportCustomer': async ({ customerId }) => {
      const mine = await role();
      if (mine !== 'admin' && mine !== 'bookkeeper') throw new Error('Only an admin or bookkeeper console can export a customer’s data.');
      return writeCustomerExport(deps, customerId);
    },
    'privacy.eraseCustomer': async ({ requestId, customerId, confirmName }) => {
      const customer = deps.database().sqlite.prepare('SELECT name FROM customers WHERE customer_id = ?').get(customerId) as { name: string } | undefined;
      if (!customer) throw new Error('This customer is not on this computer any more.');
      if (!sameTypedName(confirmName, customer.name)) throw new Error(`Type the customer’s name exactly as shown (${customer.name}) to erase them.`);
      if ((await role()) !== 'admin') throw new Error('Only an admin console can erase a customer.');
      const answer = await relayJson(deps.relay(), 'POST', ERASURES_PATH, erasureAnswerSchema, { requestId, customerId });
      forgetExports(deps.exportDirectory(), customer.name);
      return answer.erasure;
    },
    'privacy.erasures': async () => (await relayJson(deps.relay(), 'GET', ERASURES_PATH, erasureListSchema)).erasures,
  };
}

/** Exports of an erased customer made on this console go too: they hold what was erased. */
function forgetExports(folder: string, customerName: string): void {
  const stem = exportFileName(customerName, new Date(0)).replace(/-\d{4}-\d{2}-\d{2}\.zip$/, '');
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  const pattern = new RegExp(`^${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d{4}-\\d{2}-\\d{2}(-\\d+)?\\.zip(\\.partial)?$`);
  for (const name of names) if (pattern.test(name)) rmSync(join(folder, name), { force: true });
}
