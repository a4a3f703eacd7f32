import { describe, expect, it } from 'vitest';
import { noticeSettingsSchema, type NoticeSettings } from '../../../shared/relay-rest/notices';
import { formatHoursMinutes, noticeSettingsFormOf, noticeSettingsOf, parseHoursBelow, parseWalletBelow, parseWholeNumber, type ChannelAvailability, type NoticeSettingsForm } from './notice-settings-form';

const everyChannel: ChannelAvailability = {
  email: { available: true, reason: null },
  sms: { available: true, reason: null },
  quickbooks: { available: true, reason: null },
};
const noMail: ChannelAvailability = { ...everyChannel, email: { available: false, reason: 'No mail server is set up on the relay (RELAY_SMTP_HOST).' } };

const saved: NoticeSettings = {
  invoiceIssued: { enabled: true, channels: ['email', 'quickbooks'], attachPdf: true },
  paymentReminder: { enabled: false, channels: ['email'], firstAfterDueDays: 3, everyDays: 7, maxCount: 3 },
  renewal: { enabled: true, channels: ['email', 'sms'], daysBefore: 14 },
  lowBalance: { enabled: true, channels: ['sms'], walletBelowMinor: 1000, hoursBelowSeconds: 9000 },
  subscriptionExpired: { enabled: false, channels: [], },
  smsFromLine: null,
};

const formOf = (patch: Partial<NoticeSettingsForm> = {}): NoticeSettingsForm => ({ ...noticeSettingsFormOf(saved), ...patch });

describe('the schedule of notices, as typed on the Notices page', () => {
  it('comes back unchanged from the form it was shown in, and the relay would accept it', () => {
    const form = formOf();
    expect(form).toMatchObject({ firstAfterDueDays: '3', everyDays: '7', maxCount: '3', daysBefore: '14', walletBelow: '10.00', hoursBelow: '2:30', smsFromLine: '' });
    const result = noticeSettingsOf(form, everyChannel, 'USD');
    expect(result).toEqual({ ok: true, value: saved });
    expect(noticeSettingsSchema.safeParse(result.ok ? result.value : null).success).toBe(true);
  });

  it('turns payment reminders on by email, 5 days after the due date, every 10 days, at most 4', () => {
    const form = formOf({ firstAfterDueDays: '5', everyDays: '10', maxCount: '4' });
    form.kinds.paymentReminder = { enabled: true, channels: ['email'] };
    const result = noticeSettingsOf(form, everyChannel, 'USD');
    expect(result.ok && result.value.paymentReminder).toEqual({ enabled: true, channels: ['email'], firstAfterDueDays: 5, everyDays: 10, maxCount: 4 });
  });

  it.each([
    ['firstAfterDueDays', 'soon', 'must be a whole number from 0 to 365'],
    ['firstAfterDueDays', '400', 'must be from 0 to 365'],
    ['everyDays', '0', 'must be from 1 to 365'],
    ['everyDays', '2.5', 'must be a whole number from 1 to 365'],
    ['maxCount', '51', 'must be from 1 to 50'],
    ['maxCount', '', 'must be a whole number from 1 to 50'],
    ['daysBefore', '91', 'must be from 1 to 90'],
    ['daysBefore', '-3', 'must be a whole number from 1 to 90'],
    ['walletBelow', 'ten', 'must be an amount like 12.50'],
    ['walletBelow', '1000000.01', 'must be at most 1000000.00 USD'],
    ['hoursBelow', '2h30', 'must be hours and minutes like 2:30'],
    ['hoursBelow', '2:75', 'must have minutes from 00 to 59, like 2:30'],
    ['hoursBelow', '10000:01', 'must be at most 10,000:00'],
    ['smsFromLine', '617 555 0100', 'must be a phone number such as +16175550100, or blank.'],
  ] as const)('refuses %s "%s" beside the field: %s', (field, text, error) => {
    const result = noticeSettingsOf(formOf({ [field]: text }), everyChannel, 'USD');
    expect(result).toEqual({ ok: false, errors: { [field]: error } });
  });

  it('reads blank wallet and hours thresholds as not watched, and says so when low balance is on and watches neither', () => {
    const hoursOnly = noticeSettingsOf(formOf({ walletBelow: ' ' }), everyChannel, 'USD');
    expect(hoursOnly.ok && hoursOnly.value.lowBalance).toMatchObject({ walletBelowMinor: null, hoursBelowSeconds: 9000 });
    expect(noticeSettingsOf(formOf({ walletBelow: '', hoursBelow: '' }), everyChannel, 'USD')).toEqual({
      ok: false,
      errors: { lowBalanceWatch: 'Low balance is on but watches nothing: fill in the wallet amount, the hours, or both.' },
    });
    const off = formOf({ walletBelow: '', hoursBelow: '' });
    off.kinds.lowBalance = { ...off.kinds.lowBalance, enabled: false };
    expect(noticeSettingsOf(off, everyChannel, 'USD').ok).toBe(true);
  });

  it('refuses a kind turned on with no way of sending the relay can use, and keeps a channel it cannot use now as it was saved', () => {
    // Renewals by email and text: with no mail server, text is still a way.
    const result = noticeSettingsOf(formOf(), noMail, 'USD');
    expect(result.ok && result.value.renewal.channels).toEqual(['email', 'sms']);
    const emailOnly = formOf();
    emailOnly.kinds.paymentReminder = { enabled: true, channels: ['email'] };
    expect(noticeSettingsOf(emailOnly, noMail, 'USD')).toEqual({
      ok: false,
      errors: { paymentReminderChannels: 'is on but has no way of sending the relay can use now: choose one, or turn it off.' },
    });
  });

  it("sends only the kind's own channels, each once, in the usual order", () => {
    const form = formOf();
    form.kinds.renewal = { enabled: true, channels: ['sms', 'quickbooks', 'email', 'sms'] };
    const result = noticeSettingsOf(form, everyChannel, 'USD');
    expect(result.ok && result.value.renewal.channels).toEqual(['email', 'sms']);
  });

  it('reads the line texts go from, blank meaning the relay’s first line', () => {
    expect(noticeSettingsOf(formOf({ smsFromLine: ' +16175550199 ' }), everyChannel, 'USD')).toMatchObject({ ok: true, value: { smsFromLine: '+16175550199' } });
    expect(noticeSettingsOf(formOf({ smsFromLine: '' }), everyChannel, 'USD')).toMatchObject({ ok: true, value: { smsFromLine: null } });
  });
});

describe('thresholds typed as text', () => {
  it.each([
    ['2:30', 9000],
    ['0:45', 2700],
    ['2', 7200],
    [' 12:05 ', 43_500],
    ['', null],
  ])('hours "%s" are %s seconds', (text, seconds) => {
    expect(parseHoursBelow(text)).toEqual({ ok: true, value: seconds });
  });

  it('shows seconds as h:mm, dropping part minutes', () => {
    expect(formatHoursMinutes(9000)).toBe('2:30');
    expect(formatHoursMinutes(59)).toBe('0:00');
    expect(formatHoursMinutes(36_000_000)).toBe('10000:00');
  });

  it('reads wallet amounts exactly, with or without the currency sign', () => {
    expect(parseWalletBelow('$10', 'USD')).toEqual({ ok: true, value: 1000 });
    expect(parseWalletBelow('0.29', 'USD')).toEqual({ ok: true, value: 29 });
    expect(parseWalletBelow('12.345', 'USD')).toEqual({ ok: false, error: 'at most 2 digits after the point' });
  });

  it('reads day counts as whole numbers within bounds', () => {
    expect(parseWholeNumber(' 7 ', 1, 365)).toEqual({ ok: true, value: 7 });
    expect(parseWholeNumber('1e2', 1, 365)).toEqual({ ok: false, error: 'must be a whole number from 1 to 365' });
  });
});
