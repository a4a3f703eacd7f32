import { describe, expect, it } from 'vitest';
import { DEFAULT_NOTICE_TEMPLATES } from '../../../shared/notices/default-templates';
import { noticeKinds } from '../../../shared/notices/notice-kinds';
import { renderNotice, variablesOfKind } from '../../../shared/notices/notice-template';
import { noticeTemplateSchema } from '../../../shared/relay-rest/notices';
import { insertVariable, sampleValues, templateOf, templateTextProblem } from './notice-template-form';

describe('a notice template as the admin edits it', () => {
  it.each(noticeKinds)('the default %s template can be saved as it is', (kind) => {
    const { subject, body } = DEFAULT_NOTICE_TEMPLATES[kind];
    const result = templateOf(kind, subject, body);
    expect(result.ok).toBe(true);
    expect(noticeTemplateSchema.safeParse(result.ok ? result.value : null).success).toBe(true);
  });

  it('refuses a variable no notice fills, beside the field, naming it', () => {
    expect(templateOf('payment_reminder', 'Reminder for {{ customer }}', 'Hello {{name}}, {{balance}} is due.')).toEqual({
      ok: false,
      errors: {
        subject: 'uses {{customer}}, which no notice fills: use the variables listed.',
        body: 'uses {{balance}}, which no notice fills: use the variables listed.',
      },
    });
  });

  it('refuses a variable this kind leaves empty', () => {
    expect(templateTextProblem('payment_reminder', 'Your plan renews on {{renewalDate}}', 200)).toBe('uses {{renewalDate}}, which “Payment reminder” does not fill (it would be empty).');
  });

  it('refuses an empty or too long subject or message', () => {
    expect(templateOf('renewal', '   ', 'x'.repeat(5001))).toEqual({
      ok: false,
      errors: { subject: 'must not be empty.', body: 'is 5,001 characters; at most 5,000.' },
    });
  });

  it('keeps braces that are not a variable as written, and trims what is saved', () => {
    expect(templateOf('renewal', ' Renewal {soon} ', '{{name}}: {{ 5 }}\n')).toEqual({ ok: true, value: { kind: 'renewal', subject: 'Renewal {soon}', body: '{{name}}: {{ 5 }}' } });
  });
});

describe('inserting a variable', () => {
  it('puts it where the cursor is and moves the cursor after it', () => {
    expect(insertVariable('Hello ,', 6, 6, 'name')).toEqual({ text: 'Hello {{name}},', caret: 14 });
  });

  it('replaces the selected text', () => {
    expect(insertVariable('Due on DATE.', 7, 11, 'dueDate')).toEqual({ text: 'Due on {{dueDate}}.', caret: 18 });
  });

  it('appends when the cursor is past the end', () => {
    expect(insertVariable('Pay at ', 99, 99, 'portalLink')).toEqual({ text: 'Pay at {{portalLink}}', caret: 21 });
  });
});

describe('the sample preview', () => {
  it('fills every variable of the kind and no other, in the wallet currency', () => {
    const values = sampleValues('low_balance', 'Northside IT Help', 'EUR');
    expect(Object.keys(values).sort()).toEqual([...variablesOfKind.low_balance].sort());
    expect(values.walletBalance).toBe('€12.40');
    expect(values.business).toBe('Northside IT Help');
  });

  it('renders the default reminder with the sample figures', () => {
    const rendered = renderNotice(DEFAULT_NOTICE_TEMPLATES.payment_reminder, sampleValues('payment_reminder', 'Northside IT Help', 'USD'));
    expect(rendered.subject).toBe('Reminder: invoice 1042 is due');
    expect(rendered.body).toContain('invoice 1042 for $199.00 was due on December 31, 2026');
    expect(rendered.body).not.toContain('{{');
  });
});
