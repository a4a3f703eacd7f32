import { describe, expect, it } from 'vitest';
import { parseCustomerCsv } from '../customers/parse-customer-csv';
import { generateSampleCustomersCsv } from './sample-customers';

describe('the sample customers', () => {
  it('is the same file for the same seed', () => {
    expect(generateSampleCustomersCsv(40, 7)).toBe(generateSampleCustomersCsv(40, 7));
    expect(generateSampleCustomersCsv(40, 7)).not.toBe(generateSampleCustomersCsv(40, 8));
  });

  it('imports without a rejected row: plans, non-subscribers, numbers in every format, none shared', () => {
    const { rows, errors } = parseCustomerCsv(generateSampleCustomersCsv(600, 1), { region: 'US' });
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(600);
    expect(new Set(rows.map((r) => r.plan?.name ?? 'none'))).toEqual(new Set(['Starter', 'Business', 'Priority', 'none']));
    const phones = rows.flatMap((r) => r.phones);
    expect(new Set(phones).size).toBe(phones.length);
    expect(new Set(rows.map((r) => r.customerId)).size).toBe(600);
  });
});
