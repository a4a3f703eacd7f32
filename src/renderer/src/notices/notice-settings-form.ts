import { channelsOfKind, type NoticeChannel, type NoticeKind } from '../../../shared/notices/notice-kinds';
import type { NoticeSettings, NoticeSetup } from '../../../shared/relay-rest/notices';
import { formatMoneyInput, parseMoneyInput } from '../money/money-input';

/**
 * The Notices page's schedule form: kept as the text people typed, turned into the relay's
 * NoticeSettings (exact integers) or errors per field before anything is sent, and back.
 */

/** The kinds the rules decide by themselves, by their key in NoticeSettings (a portal link is only sent when asked). */
export const scheduledKinds = [
  { kind: 'invoice_issued', key: 'invoiceIssued' },
  { kind: 'payment_reminder', key: 'paymentReminder' },
  { kind: 'renewal', key: 'renewal' },
  { kind: 'low_balance', key: 'lowBalance' },
  { kind: 'subscription_expired', key: 'subscriptionExpired' },
] as const satisfies readonly { kind: NoticeKind; key: keyof NoticeSettings }[];
export type ScheduledKindKey = (typeof scheduledKinds)[number]['key'];

export interface KindForm {
  enabled: boolean;
  /** As saved: a channel the relay cannot use now stays as it was (shown off, not changed here). */
  channels: NoticeChannel[];
}

export interface NoticeSettingsForm {
  kinds: Record<ScheduledKindKey, KindForm>;
  attachPdf: boolean;
  firstAfterDueDays: string;
  everyDays: string;
  maxCount: string;
  daysBefore: string;
  /** Blank: wallets not watched. In the wallet currency, e.g. "10.00". */
  walletBelow: string;
  /** Blank: hours not watched. "h:mm", e.g. "2:30". */
  hoursBelow: string;
  /** Blank: the relay's first configured line. */
  smsFromLine: string;
}

export type NoticeSettingsField =
  | 'firstAfterDueDays'
  | 'everyDays'
  | 'maxCount'
  | 'daysBefore'
  | 'walletBelow'
  | 'hoursBelow'
  | 'smsFromLine'
  /** Low balance on with neither the wallet nor the hours watched. */
  | 'lowBalanceWatch'
  | `${ScheduledKindKey}Channels`;
export type NoticeSettingsErrors = Partial<Record<NoticeSettingsField, string>>;
export type NoticeSettingsResult = { ok: true; value: NoticeSettings } | { ok: false; errors: NoticeSettingsErrors };

export type ChannelAvailability = NoticeSetup['channels'];

// ---- from the relay's settings to a form ------------------------------------------

export function noticeSettingsFormOf(settings: NoticeSettings): NoticeSettingsForm {
  const kinds = Object.fromEntries(scheduledKinds.map(({ key }) => [key, { enabled: settings[key].enabled, channels: [...settings[key].channels] }])) as Record<ScheduledKindKey, KindForm>;
  return {
    kinds,
    attachPdf: settings.invoiceIssued.attachPdf,
    firstAfterDueDays: String(settings.paymentReminder.firstAfterDueDays),
    everyDays: String(settings.paymentReminder.everyDays),
    maxCount: String(settings.paymentReminder.maxCount),
    daysBefore: String(settings.renewal.daysBefore),
    walletBelow: settings.lowBalance.walletBelowMinor === null ? '' : formatMoneyInput(settings.lowBalance.walletBelowMinor),
    hoursBelow: settings.lowBalance.hoursBelowSeconds === null ? '' : formatHoursMinutes(settings.lowBalance.hoursBelowSeconds),
    smsFromLine: settings.smsFromLine ?? '',
  };
}

/** 9000 → "2:30"; minutes past the last whole one are dropped (the form asks for h:mm). */
export function formatHoursMinutes(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

// ---- from a form to the relay's settings -------------------------------------------

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** A whole number within the bounds the relay accepts (src/shared/relay-rest/notices.ts). */
export function parseWholeNumber(text: string, min: number, max: number): Parsed<number> {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return { ok: false, error: `must be a whole number from ${min} to ${max}` };
  const value = Number(trimmed);
  if (value < min || value > max) return { ok: false, error: `must be from ${min} to ${max}` };
  return { ok: true, value };
}

export const MAX_HOURS_BELOW = 10_000;
/** Blank means "not watched" (null). "2:30", "2" (whole hours) or "0:45"; minutes 00–59. */
export function parseHoursBelow(text: string): Parsed<number | null> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: null };
  const match = /^(\d{1,5})(?::(\d{2}))?$/.exec(trimmed);
  if (!match) return { ok: false, error: 'must be hours and minutes like 2:30' };
  const hours = Number(match[1]);
  const minutes = match[2] === undefined ? 0 : Number(match[2]);
  if (minutes > 59) return { ok: false, error: 'must have minutes from 00 to 59, like 2:30' };
  const seconds = hours * 3600 + minutes * 60;
  if (seconds > MAX_HOURS_BELOW * 3600) return { ok: false, error: `must be at most ${MAX_HOURS_BELOW.toLocaleString('en-US')}:00` };
  return { ok: true, value: seconds };
}

export const MAX_WALLET_BELOW_MINOR = 100_000_000;
/** Blank means "not watched" (null); else an amount like 10.00 in the wallet currency. */
export function parseWalletBelow(text: string, currency: string): Parsed<number | null> {
  if (text.trim() === '') return { ok: true, value: null };
  const parsed = parseMoneyInput(text);
  if (!parsed.ok) return parsed;
  if (parsed.value > MAX_WALLET_BELOW_MINOR) return { ok: false, error: `must be at most ${formatMoneyInput(MAX_WALLET_BELOW_MINOR)} ${currency}` };
  return parsed;
}

const E164 = /^\+[1-9]\d{6,14}$/;

/** Chosen and usable now: what a kind on can actually be sent by. */
export function usableChannels(channels: readonly NoticeChannel[], availability: ChannelAvailability): NoticeChannel[] {
  return channels.filter((channel) => availability[channel].available);
}

/**
 * The relay's settings from the form, or why not per field. A kind that is on needs a way of
 * sending the relay can use now; low balance needs the wallet, the hours, or both watched.
 */
export function noticeSettingsOf(form: NoticeSettingsForm, availability: ChannelAvailability, currency: string): NoticeSettingsResult {
  const errors: NoticeSettingsErrors = {};
  const take = <T>(field: NoticeSettingsField, parsed: Parsed<T>, fallback: T): T => {
    if (parsed.ok) return parsed.value;
    errors[field] = parsed.error;
    return fallback;
  };
  const only = (key: ScheduledKindKey): NoticeChannel[] => {
    const kind = scheduledKinds.find((entry) => entry.key === key)!.kind;
    // Only the kind's own channels are sent, in their usual order, each once.
    return channelsOfKind[kind].filter((channel) => form.kinds[key].channels.includes(channel));
  };
  for (const { key } of scheduledKinds) {
    if (form.kinds[key].enabled && usableChannels(only(key), availability).length === 0) {
      errors[`${key}Channels`] = 'is on but has no way of sending the relay can use now: choose one, or turn it off.';
    }
  }

  const firstAfterDueDays = take('firstAfterDueDays', parseWholeNumber(form.firstAfterDueDays, 0, 365), 0);
  const everyDays = take('everyDays', parseWholeNumber(form.everyDays, 1, 365), 1);
  const maxCount = take('maxCount', parseWholeNumber(form.maxCount, 1, 50), 1);
  const daysBefore = take('daysBefore', parseWholeNumber(form.daysBefore, 1, 90), 1);
  const walletBelowMinor = take('walletBelow', parseWalletBelow(form.walletBelow, currency), null);
  const hoursBelowSeconds = take('hoursBelow', parseHoursBelow(form.hoursBelow), null);
  if (form.kinds.lowBalance.enabled && !errors.walletBelow && !errors.hoursBelow && walletBelowMinor === null && hoursBelowSeconds === null) {
    errors.lowBalanceWatch = 'Low balance is on but watches nothing: fill in the wallet amount, the hours, or both.';
  }
  const smsFromLine = form.smsFromLine.trim();
  if (smsFromLine !== '' && !E164.test(smsFromLine)) errors.smsFromLine = 'must be a phone number such as +16175550100, or blank.';

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const kind = (key: ScheduledKindKey) => ({ enabled: form.kinds[key].enabled, channels: only(key) });
  return {
    ok: true,
    value: {
      invoiceIssued: { ...kind('invoiceIssued'), attachPdf: form.attachPdf },
      paymentReminder: { ...kind('paymentReminder'), firstAfterDueDays, everyDays, maxCount },
      renewal: { ...kind('renewal'), daysBefore },
      lowBalance: { ...kind('lowBalance'), walletBelowMinor, hoursBelowSeconds },
      subscriptionExpired: kind('subscriptionExpired'),
      smsFromLine: smsFromLine === '' ? null : smsFromLine,
    },
  };
}
