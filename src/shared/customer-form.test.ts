import { describe, expect, it } from 'vitest';
import { checkCustomerForm } from './customer-form';

describe('the customer form', () => {
  it('reads phones in the console region, keeps each once, and makes the first email the main one', () => {
    expect(checkCustomerForm({ name: ' Ada Lovelace ', company: '', phones: ['(617) 555-0100', '+1 617 555 0100', '', '617-555-0101'], emails: ['ada@example.com', 'ADA@example.com', 'ops@example.com'] }, 'US')).toEqual({
      ok: true,
      customer: { name: 'Ada Lovelace', company: null, phones: ['+16175550100', '+16175550101'], email: 'ada@example.com', emails: ['ops@example.com'], address: null, notes: '' },
    });
  });

  it('keeps the address line by line, trimmed, and the notes as written; too long is said in numbers', () => {
    const checked = checkCustomerForm({ name: 'Maria Lopez', company: '', phones: ['617-555-0100'], emails: [], address: '  12 Oak Street  \r\n Springfield, MA 01101 \n', notes: '  Prefers texts after 5 pm.\nGate code 4411 ' }, 'US');
    expect(checked).toMatchObject({ ok: true, customer: { address: '12 Oak Street\nSpringfield, MA 01101', notes: 'Prefers texts after 5 pm.\nGate code 4411' } });
    expect(checkCustomerForm({ name: 'Maria', company: '', phones: ['617-555-0100'], emails: [], address: 'x'.repeat(1001), notes: 'y'.repeat(5001) }, 'US')).toEqual({
      ok: false,
      problems: ['The address is 1001 characters long; at most 1000 fit.', 'The notes are 5001 characters long; at most 5000 fit.'],
    });
  });

  it('says in plain words what is wrong: no name, a number that is not one, an address that is not one, no number at all', () => {
    expect(checkCustomerForm({ name: '', company: '', phones: ['555'], emails: ['ada at example'] }, 'US')).toEqual({
      ok: false,
      problems: ['A name is needed.', '"555" is not a phone number. Write it with its area code, e.g. (617) 555-0100 or +44 20 7946 0958.', '"ada at example" is not an email address.'],
    });
    expect(checkCustomerForm({ name: 'Ada', company: '', phones: [''], emails: [] }, 'US')).toEqual({ ok: false, problems: ['At least one phone number is needed: it is how a call finds the customer.'] });
  });
});
