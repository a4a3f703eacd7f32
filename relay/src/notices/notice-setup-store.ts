import { NOTICE_KIND_NAMES, noticeKinds, type NoticeKind } from '../../../src/shared/notices/notice-kinds';
import { DEFAULT_NOTICE_TEMPLATES } from '../../../src/shared/notices/default-templates';
import type { NoticeTemplate } from '../../../src/shared/notices/notice-template';
import { noticeSettingsSchema, type NoticeSettings } from '../../../src/shared/relay-rest/notices';
import type { RelayDatabase } from '../database';

/**
 * The admin's notice settings and templates (notice_settings, notice_templates; migration
 * 0022). Until an admin saves them, every kind is off and every template is its default.
 * Turning a kind on records the log's head seq then, so an invoice issued while it was off is
 * never mailed; the first kind turned on also sets enabled_from_seq, from which invoices get
 * payment reminders (turning reminders on does not chase years-old invoices).
 */

export const DEFAULT_NOTICE_SETTINGS: NoticeSettings = {
  invoiceIssued: { enabled: false, channels: ['email'], attachPdf: true },
  paymentReminder: { enabled: false, channels: ['email'], firstAfterDueDays: 3, everyDays: 7, maxCount: 3 },
  renewal: { enabled: false, channels: ['email'], daysBefore: 7 },
  lowBalance: { enabled: false, channels: ['email'], walletBelowMinor: 500, hoursBelowSeconds: 3600 },
  subscriptionExpired: { enabled: false, channels: ['email'] },
  smsFromLine: null,
};

export interface StoredNoticeSettings {
  settings: NoticeSettings;
  enabledFromSeq: number | null;
  /** The head seq each kind was last turned on at; null while it is off. */
  enabledSinceSeq: Record<NoticeKind, number | null>;
}

const SETTINGS_KEY_OF_KIND = {
  invoice_issued: 'invoiceIssued',
  payment_reminder: 'paymentReminder',
  renewal: 'renewal',
  low_balance: 'lowBalance',
  subscription_expired: 'subscriptionExpired',
} as const satisfies Partial<Record<NoticeKind, keyof NoticeSettings>>;

export function isKindEnabled(settings: NoticeSettings, kind: NoticeKind): boolean {
  return kind === 'portal_link' || settings[SETTINGS_KEY_OF_KIND[kind]].enabled;
}

/** What a zod schema cannot say about settings: refusals in plain words, empty when they are fine. */
export function settingsProblems(settings: NoticeSettings): string[] {
  const problems: string[] = [];
  for (const [kind, key] of Object.entries(SETTINGS_KEY_OF_KIND) as [NoticeKind, keyof typeof settings][]) {
    const part = settings[key] as { enabled: boolean; channels: readonly string[] };
    const name = NOTICE_KIND_NAMES[kind];
    if (new Set(part.channels).size !== part.channels.length) problems.push(`${name}: each way of sending may be chosen once`);
    if (part.enabled && part.channels.length === 0) problems.push(`${name} is on but has no way of sending: choose email, SMS or both`);
    if (kind !== 'invoice_issued' && part.channels.includes('quickbooks')) problems.push(`${name} cannot go by QuickBooks: QuickBooks only sends invoices`);
  }
  if (settings.lowBalance.enabled && settings.lowBalance.walletBelowMinor === null && settings.lowBalance.hoursBelowSeconds === null) {
    problems.push('Low balance is on but watches neither the wallet nor the hours: set at least one threshold');
  }
  return problems;
}

export class NoticeSetupStore {
  constructor(private readonly db: RelayDatabase) {}

  read(): StoredNoticeSettings {
    const row = this.db.prepare('SELECT settings_json, enabled_from_seq, kinds_since_json FROM notice_settings WHERE id = 1').get() as
      | { settings_json: string; enabled_from_seq: number; kinds_since_json: string }
      | undefined;
    const none = Object.fromEntries(noticeKinds.map((kind) => [kind, null])) as Record<NoticeKind, number | null>;
    if (row === undefined) return { settings: DEFAULT_NOTICE_SETTINGS, enabledFromSeq: null, enabledSinceSeq: none };
    const settings = noticeSettingsSchema.parse(JSON.parse(row.settings_json));
    const since = JSON.parse(row.kinds_since_json) as Partial<Record<NoticeKind, number>>;
    return {
      settings,
      enabledFromSeq: row.enabled_from_seq < 0 ? null : row.enabled_from_seq,
      enabledSinceSeq: Object.fromEntries(noticeKinds.map((kind) => [kind, isKindEnabled(settings, kind) ? (since[kind] ?? null) : null])) as Record<NoticeKind, number | null>,
    };
  }

  /** Stores the settings; a kind going from off to on starts from `headSeq`. */
  save(settings: NoticeSettings, headSeq: number, by: string, at: string): void {
    this.db.transaction(() => {
      const before = this.read();
      const since: Partial<Record<NoticeKind, number>> = {};
      for (const kind of noticeKinds) {
        if (kind === 'portal_link' || !isKindEnabled(settings, kind)) continue;
        since[kind] = before.enabledSinceSeq[kind] ?? headSeq;
      }
      const anyOn = Object.keys(since).length > 0;
      // -1: never turned on (the column is NOT NULL).
      const enabledFrom = before.enabledFromSeq ?? (anyOn ? headSeq : -1);
      this.db
        .prepare(
          `INSERT INTO notice_settings (id, settings_json, enabled_from_seq, kinds_since_json, updated_at, updated_by) VALUES (1, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET settings_json = excluded.settings_json, enabled_from_seq = excluded.enabled_from_seq, kinds_since_json = excluded.kinds_since_json, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        )
        .run(JSON.stringify(settings), enabledFrom, JSON.stringify(since), at, by);
    })();
  }

  /** Every kind's template: the admin's edit, else the default. */
  templates(): NoticeTemplate[] {
    const stored = new Map((this.db.prepare('SELECT kind, subject, body FROM notice_templates').all() as NoticeTemplate[]).map((row) => [row.kind, row]));
    return noticeKinds.map((kind) => stored.get(kind) ?? DEFAULT_NOTICE_TEMPLATES[kind]);
  }

  template(kind: NoticeKind): NoticeTemplate {
    const row = this.db.prepare('SELECT kind, subject, body FROM notice_templates WHERE kind = ?').get(kind) as NoticeTemplate | undefined;
    return row ?? DEFAULT_NOTICE_TEMPLATES[kind];
  }

  saveTemplate(template: NoticeTemplate, by: string, at: string): void {
    this.db
      .prepare(
        `INSERT INTO notice_templates (kind, subject, body, updated_at, updated_by) VALUES (@kind, @subject, @body, @at, @by)
         ON CONFLICT (kind) DO UPDATE SET subject = excluded.subject, body = excluded.body, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .run({ ...template, at, by });
  }
}
