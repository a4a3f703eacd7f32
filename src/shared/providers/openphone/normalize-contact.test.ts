import { describe, expect, it } from 'vitest';
import { ringsideEventSchema, type RingsideEvent } from '../../events/model';
import { normalizeOpenPhone, type OpenPhoneNormalizeContext } from './normalize';

const ctx: OpenPhoneNormalizeContext = { receivedAt: '2026-01-01T00:00:01.000Z', deliveryId: null, phoneNumberIds: { PNa: '+15559870002', PNb: '+15559870003' } };

function normalized(payload: unknown): RingsideEvent {
  const result = normalizeOpenPhone(payload, ctx);
  if (!result.ok) throw new Error(`expected an event, got: ${result.error}`);
  expect(ringsideEventSchema.parse(result.event)).toEqual(result.event);
  return result.event;
}

function contactEvent(type: string, contact: Record<string, unknown>) {
  return { id: 'EVct1', object: 'event', apiVersion: 'v3', createdAt: '2026-01-01T00:00:00.000Z', type, data: { object: { id: 'CT1', object: 'contact', ...contact } } };
}

describe('OpenPhone contacts', () => {
  it('an updated contact has its name, company, phones and emails, and every line the relay knows sees it', () => {
    const event = normalized(
      contactEvent('contact.updated', { firstName: 'Dana', lastName: 'Reyes', company: 'Reyes Plumbing', fields: { Phone: ['(617) 555-0100', '+1 617 555 0101'], Email: 'dana@reyes.test', Birthday: '1990-01-01' } }),
    );
    expect(event).toMatchObject({
      type: 'contact.changed',
      lines: ['+15559870002', '+15559870003'],
      data: { contactId: 'openphone:CT1', deleted: false, name: 'Dana Reyes', company: 'Reyes Plumbing', phones: ['+16175550100', '+16175550101'], emails: ['dana@reyes.test'] },
    });
  });

  it('older payloads list fields as {name, type, value} and are read the same', () => {
    const fields = [
      { name: 'Mobile', type: 'phone-number', value: '+16175550100' },
      { name: 'Work email', type: 'email', value: 'dana@reyes.test' },
      { name: 'Notes', type: 'string', value: 'prefers texts' },
    ];
    expect(normalized(contactEvent('contact.updated', { firstName: 'Dana', fields }))).toMatchObject({ data: { name: 'Dana', phones: ['+16175550100'], emails: ['dana@reyes.test'] } });
  });

  it('a REST-shaped contact (defaultFields) is read too', () => {
    const defaultFields = { firstName: 'Lee', lastName: null, company: 'Lee & Co', phoneNumbers: [{ name: 'main', value: '+16175550102' }], emails: [{ name: 'work', value: 'lee@co.test' }] };
    expect(normalized(contactEvent('contact.updated', { defaultFields }))).toMatchObject({ data: { name: 'Lee', company: 'Lee & Co', phones: ['+16175550102'], emails: ['lee@co.test'] } });
  });

  it('a deleted contact says so, with its last snapshot', () => {
    expect(normalized(contactEvent('contact.deleted', { firstName: 'Dana', fields: { Phone: ['+16175550100'] } }))).toMatchObject({ data: { deleted: true, name: 'Dana', phones: ['+16175550100'] } });
  });

  it('a contact with nothing but an id is a contact with no name, and one with no id is kept raw', () => {
    expect(normalized(contactEvent('contact.updated', { fields: 'garbage' }))).toMatchObject({ data: { name: null, company: null, phones: [], emails: [] } });
    expect(normalized(contactEvent('contact.updated', { id: null }))).toMatchObject({ type: 'provider.unnormalized' });
  });
});
