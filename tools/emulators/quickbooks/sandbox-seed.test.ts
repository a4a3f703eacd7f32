import { describe, expect, it } from 'vitest';
import { createQuickBooksEmulator } from './emulator';
import { productCents, toCents } from './decimal-cents';

describe('QuickBooks emulator sandbox company', () => {
  it('has the service items and customers with mixed, shared and unparseable phone numbers', () => {
    const emulator = createQuickBooksEmulator();
    expect(emulator.items().filter((i) => i.Type === 'Service').map((i) => i.Name)).toEqual(['Support time', 'Overage', 'Per-call fee']);
    const phones = emulator.customers().flatMap((c) => ['PrimaryPhone', 'Mobile', 'AlternatePhone'].map((f) => (c[f] as { FreeFormNumber?: string } | undefined)?.FreeFormNumber).filter(Boolean));
    expect(phones).toEqual(expect.arrayContaining(['(503) 555-0142', '503.555.0199', '+1 971 555 0107', '503-555-0160', '+15035550160', 'ask for front desk']));
    expect(emulator.customers().find((c) => c.DisplayName === 'Downtown Clinic')).toMatchObject({ Job: true, FullyQualifiedName: 'Harbor Dental Group:Downtown Clinic' });
  });

  it('starts empty apart from the standard accounts when asked', () => {
    const emulator = createQuickBooksEmulator({ seed: 'empty' });
    expect(emulator.customers()).toEqual([]);
    expect(emulator.accounts().map((a) => a.Name)).toContain('Undeposited Funds');
  });

  it('adds 5,000 customers at once, some sharing a number and some unreadable', () => {
    const emulator = createQuickBooksEmulator({ seed: 'empty' });
    const ids = emulator.addCustomers(5000);
    expect(new Set(ids).size).toBe(5000);
    const numbers = emulator.customers().map((c) => (c.PrimaryPhone as { FreeFormNumber: string }).FreeFormNumber);
    expect(numbers.filter((n) => n === 'see notes').length).toBe(Math.floor(5000 / 97));
    expect(new Set(numbers).size).toBeLessThan(5000 - 51);
  });
});

describe('QuickBooks emulator money arithmetic', () => {
  it('multiplies decimals exactly and rounds half away from zero to cents', () => {
    expect(productCents(0.1, 3)).toBe(30n);
    expect(productCents(620.355, 3)).toBe(186107n);
    expect(productCents(1.005, 1)).toBe(101n);
    expect(productCents(38, 2.5)).toBe(9500n);
    expect(toCents(-0.005)).toBe(-1n);
    expect(toCents(1e21)).toBe(100000000000000000000000n);
  });
});
