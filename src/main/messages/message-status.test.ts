import { describe, expect, it } from 'vitest';
import { deliveryFailure, mergedMessageStatus } from './message-status';

describe('a message recorded more than once', () => {
  it('takes the later status', () => {
    expect(mergedMessageStatus('queued', 'sent')).toBe('sent');
    expect(mergedMessageStatus('sent', 'delivered')).toBe('delivered');
    expect(mergedMessageStatus('sent', 'failed')).toBe('failed');
  });

  it('is not taken back to sent by a late report once delivered or failed', () => {
    expect(mergedMessageStatus('delivered', 'sent')).toBe('delivered');
    expect(mergedMessageStatus('failed', 'queued')).toBe('failed');
  });

  it('says why in plain words when it failed', () => {
    expect(deliveryFailure('failed', '0206400')).toMatch(/approved for business texting/);
    expect(deliveryFailure('failed', '0200402')).toMatch(/out of messaging credits/);
    expect(deliveryFailure('delivered', null)).toBeNull();
  });
});
