import { describe, expect, it } from 'vitest';
import { textDestination } from './text-destination';

const FRONT = '+16175550100';
const BACK = '+16175550101';
const DANA_CELL = '+16175550231';
const DANA_WORK = '+16175550232';

describe('where a payment link is texted', () => {
  it('goes to the number the customer last called or texted from, from the line they used', () => {
    const destination = textDestination({
      customerName: 'Dana Whitfield',
      phones: [DANA_CELL, DANA_WORK],
      lastContacts: [
        { phone: DANA_CELL, line: FRONT, atMs: 1_000 },
        { phone: DANA_WORK, line: BACK, atMs: 5_000 },
      ],
      lines: [
        { number: FRONT, name: 'Front desk' },
        { number: BACK, name: 'Support' },
      ],
    });
    expect(destination).toEqual({ to: DANA_WORK, from: BACK, fromName: 'Support' });
  });

  it("uses the business's only line for a customer never in touch, and says why when there are several", () => {
    const facts = { customerName: 'Dana Whitfield', phones: [DANA_CELL], lastContacts: [] };
    expect(textDestination({ ...facts, lines: [{ number: FRONT, name: null }] })).toEqual({ to: DANA_CELL, from: FRONT, fromName: null });
    expect(textDestination({ ...facts, lines: [{ number: FRONT, name: null }, { number: BACK, name: null }] })).toEqual({
      to: null,
      reason: 'Dana Whitfield has not called or texted yet, so Ringside does not know which line to text +1 617 555 0231 from: copy the link instead.',
    });
    expect(textDestination({ ...facts, phones: [], lines: [{ number: FRONT, name: null }] })).toEqual({ to: null, reason: 'Dana Whitfield has no phone number on file: copy the link or send it by email instead.' });
  });

  it("ignores contacts from a number the customer no longer has", () => {
    const destination = textDestination({ customerName: 'Dana', phones: [DANA_CELL], lastContacts: [{ phone: DANA_WORK, line: BACK, atMs: 9_000 }], lines: [{ number: FRONT, name: null }] });
    expect(destination).toEqual({ to: DANA_CELL, from: FRONT, fromName: null });
  });
});
