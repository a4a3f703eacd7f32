import { describe, expect, it } from 'vitest';
import { parseAlertSettings } from '../../src/alerts/alert-settings';
import { parseRelaySettings } from '../../src/config';

const read = (values: Record<string, string>) => (name: string) => values[name];

describe('alert settings', () => {
  it('are off by default: no mail, no SMS, the documented limits', () => {
    const errors: string[] = [];
    expect(parseAlertSettings(read({}), errors, false)).toEqual({ email: null, sms: null, repeatMs: 3_600_000, messagesPerHour: 12, retryCapMs: 600_000 });
    expect(errors).toEqual([]);
  });

  it('read Gmail by app password on 465 with TLS from the start', () => {
    const errors: string[] = [];
    const settings = parseAlertSettings(
      read({ RELAY_ALERT_EMAIL_TO: 'owner@example.com, books@example.com', RELAY_ALERT_EMAIL_FROM: 'Ringside <relay@example.com>', RELAY_SMTP_HOST: 'smtp.gmail.com', RELAY_SMTP_SECURITY: 'tls', RELAY_SMTP_USER: 'relay@example.com', RELAY_SMTP_PASSWORD: 'app-password' }),
      errors,
      false,
    );
    expect(errors).toEqual([]);
    expect(settings.email).toMatchObject({ to: ['owner@example.com', 'books@example.com'], smtp: { host: 'smtp.gmail.com', port: 465, secure: true, requireTls: false, ignoreTls: false, user: 'relay@example.com' } });
  });

  it('stop start-up naming the setting: an email without a mail server or sender, a bad number, SMS without OpenPhone', () => {
    const result = parseRelaySettings({ RELAY_ALERT_EMAIL_TO: 'owner@example.com', RELAY_SMTP_SECURITY: 'ssl', RELAY_ALERT_MESSAGES_PER_HOUR: '0', RELAY_ALERT_SMS_TO: '617-555-0199' });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors).toEqual(
      expect.arrayContaining([
        "RELAY_SMTP_SECURITY must be one of starttls, tls, none, got 'ssl'",
        "RELAY_ALERT_MESSAGES_PER_HOUR must be a number of messages from 1 to 3600, got '0'",
        'RELAY_ALERT_EMAIL_FROM is required with RELAY_ALERT_EMAIL_TO (the sender of alert mail)',
        expect.stringMatching(/^RELAY_ALERT_EMAIL_TO needs a mail server: set RELAY_SMTP_URL, or RELAY_SMTP_HOST/),
        "RELAY_ALERT_SMS_TO must be a phone number in E.164 form such as +16175550123, got '617-555-0199'",
        'RELAY_ALERT_SMS_FROM is required with RELAY_ALERT_SMS_TO (the OpenPhone line alert texts are sent from)',
        'RELAY_ALERT_SMS_TO needs OPENPHONE_API_KEY: alert texts are sent through OpenPhone',
      ]),
    );
  });
});
