import { describe, expect, it } from 'vitest';
import { hoursToSeconds, priceToMinor } from './exact-decimals';
import { parseCustomerCsv } from './parse-customer-csv';
import { planCustomerImport } from './plan-customer-import';

const HEADER = 'name,company,email,phones,plan,plan_period,included_hours,plan_price,currency,subscription_start';

describe('reading a customers CSV', () => {
  it('keeps the good rows and reports the bad ones by the line a spreadsheet shows', () => {
    const csv = [
      HEADER,
      'Ada Lovelace,Analytical Engines,ada@example.com,(617) 555-0100; +1 617 555 0101,Business,monthly,2.5,199.00,,2026-01-15',
      ',Nameless Inc,,617-555-0102,,,,,,',
      'Bob Byte,,,not a phone,,,,,,',
      '',
      'Cy Cipher,"Cipher, Ltd",,617.555.0103,,,,,,',
      'Dee Dot,,,6175550104,Business,weekly,2.5,199.00,USD,2026-01-15',
      'Eve Echo,,,6175550105,Business,monthly,2.5,199.999,USD,2026-01-15',
      'Fay Fig,,,6175550106,Business,monthly,2.5,199,USD,2026-02-30',
      'Gus Gap,,,6175550107,,monthly,,,,',
    ].join('\n');

    const { rows, errors } = parseCustomerCsv(csv, { region: 'US' });

    expect(rows.map((r) => [r.line, r.name])).toEqual([
      [2, 'Ada Lovelace'],
      [6, 'Cy Cipher'],
    ]);
    expect(rows[0]).toMatchObject({
      company: 'Analytical Engines',
      email: 'ada@example.com',
      phones: ['+16175550100', '+16175550101'],
      plan: { name: 'Business', period: 'monthly', includedSeconds: 9000, priceMinor: 19900, currency: 'USD' },
      subscriptionStart: '2026-01-15',
    });
    expect(rows[1]).toMatchObject({ company: 'Cipher, Ltd', phones: ['+16175550103'], plan: null, subscriptionStart: null });
    expect(errors).toEqual([
      { line: 3, message: 'name is empty' },
      { line: 4, message: 'phone "not a phone" is not a phone number' },
      { line: 7, message: 'plan_period "weekly" must be monthly or annual' },
      { line: 8, message: 'plan_price "199.999" is not a price in USD like 199.00' },
      { line: 9, message: 'subscription_start "2026-02-30" is not a date like 2026-01-31' },
      { line: 10, message: 'plan_period is set but plan is empty' },
    ]);
  });

  it('counts lines of a value that spans several lines, and reports a repeated customer', () => {
    const csv = ['name,phones,company', 'Ada,6175550100,"Two', 'line company"', 'Bob,6175550111,', 'Ada,6175550100,'].join('\r\n');
    const { rows, errors } = parseCustomerCsv(csv, { region: 'US' });
    expect(rows.map((r) => [r.line, r.name])).toEqual([
      [2, 'Ada'],
      [4, 'Bob'],
    ]);
    expect(errors).toEqual([{ line: 5, message: 'same customer as line 2' }]);
  });

  it('names a missing column', () => {
    expect(parseCustomerCsv('name,email\nAda,a@b.c\n', { region: 'US' })).toEqual({
      rows: [],
      errors: [{ line: 1, message: 'missing column phones' }],
    });
  });

  it('reads national numbers in the configured region', () => {
    const { rows } = parseCustomerCsv('Name,Phone\nHans,030 1234567\n', { region: 'DE' });
    expect(rows[0]?.phones).toEqual(['+49301234567']);
  });

  it('turns decimal hours and prices into exact integers', () => {
    expect(hoursToSeconds('2.5')).toBe(9000);
    expect(hoursToSeconds('0.1')).toBe(360);
    expect(hoursToSeconds('10')).toBe(36000);
    expect(hoursToSeconds('-1')).toBeNull();
    expect(priceToMinor('199.00', 'USD')).toBe(19900);
    expect(priceToMinor('1,299.5', 'USD')).toBe(129950);
    expect(priceToMinor('0.29', 'USD')).toBe(29);
    expect(priceToMinor('5000', 'JPY')).toBe(5000);
    expect(priceToMinor('50.5', 'JPY')).toBeNull();
  });
});

describe('planning the import events', () => {
  const csv = [
    HEADER,
    'Ada,,,6175550100,Business,monthly,2.5,199.00,USD,2026-01-15',
    'Bob,,,6175550111,Business,monthly,2.5,199.00,USD,2026-02-01',
    'Cy,,,6175550122,Priority,annual,100,3990.00,USD,2026-01-01',
    'Dee,,,6175550133,,,,,,',
  ].join('\n');
  const occurredAt = '2026-03-01T00:00:00.000Z';

  it('defines each distinct plan once, then customers, then subscriptions', () => {
    const events = planCustomerImport(parseCustomerCsv(csv, { region: 'US' }).rows, { occurredAt });
    expect(events.map((e) => e.type)).toEqual([
      'plan.defined',
      'plan.defined',
      'customer.upserted',
      'customer.upserted',
      'customer.upserted',
      'customer.upserted',
      'subscription.started',
      'subscription.started',
      'subscription.started',
    ]);
    const [business] = events;
    const adaSubscription = events.find((e) => e.type === 'subscription.started');
    expect(adaSubscription?.type === 'subscription.started' && business?.type === 'plan.defined' && adaSubscription.data.planId).toBe(
      business?.type === 'plan.defined' && business.data.planId,
    );
  });

  it('plans the same event ids for the same file, so a re-import is idempotent on the relay', () => {
    const first = planCustomerImport(parseCustomerCsv(csv, { region: 'US' }).rows, { occurredAt });
    const again = planCustomerImport(parseCustomerCsv(csv, { region: 'US' }).rows, { occurredAt: '2026-03-02T00:00:00.000Z' });
    expect(again.map((e) => e.id)).toEqual(first.map((e) => e.id));
    expect(new Set(first.map((e) => e.id)).size).toBe(first.length);
  });

  it('posts a new event for a customer whose row changed, under the same customer id', () => {
    const changed = csv.replace('Dee,,,', 'Dee,Dee Corp,,');
    const first = planCustomerImport(parseCustomerCsv(csv, { region: 'US' }).rows, { occurredAt });
    const second = planCustomerImport(parseCustomerCsv(changed, { region: 'US' }).rows, { occurredAt });
    const dee = (events: typeof first) => {
      const event = events.find((e) => e.type === 'customer.upserted' && e.data.name === 'Dee');
      if (event?.type !== 'customer.upserted') throw new Error('Dee was not planned');
      return event;
    };
    expect(dee(second).id).not.toBe(dee(first).id);
    expect(dee(second).data).toMatchObject({ company: 'Dee Corp', customerId: dee(first).data.customerId });
  });
});
