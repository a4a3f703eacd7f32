import { describe, expect, it } from 'vitest';
import { factKey } from './fact-key';

describe('what provider fact an event records', () => {
  it('a call’s completion is one fact however it reached the relay', () => {
    expect(factKey({ type: 'call.completed', data: { callId: 'openphone:AC1' } } as never)).toBe('call.completed|openphone:AC1');
    expect(factKey({ type: 'call.summary_ready', data: { callId: 'openphone:AC1' } } as never)).toBe('call.summary_ready|openphone:AC1');
  });

  it('a text sent and then delivered is one fact', () => {
    expect(factKey({ type: 'message.recorded', data: { messageId: 'openphone:AC9', status: 'sent' } } as never)).toBe('message.recorded|openphone:AC9');
    expect(factKey({ type: 'message.recorded', data: { messageId: 'openphone:AC9', status: 'delivered' } } as never)).toBe('message.recorded|openphone:AC9');
  });

  it('console events, alerts and contacts are not provider facts', () => {
    expect(factKey({ type: 'customer.upserted', data: { customerId: 'c1' } } as never)).toBeNull();
    expect(factKey({ type: 'relay.alert', data: { alertId: 'a' } } as never)).toBeNull();
    expect(factKey({ type: 'contact.changed', data: { contactId: 'openphone:CT1' } } as never)).toBeNull();
  });
});
