import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { normalizeOpenPhone } from '../../shared/providers/openphone/normalize';
import { parseCustomerCsv } from '../customers/parse-customer-csv';
import { communicationsSampleCustomersCsv, communicationsSampleDeliveries } from './communications-sample';

const LINE = '+16175550199';
// The relay maps the line's PN… id (OPENPHONE_PHONE_NUMBER_IDS): only that tells our line among a group text's recipients.
const phoneNumberIds = { [`PN${createHash('sha256').update(LINE).digest('hex').slice(0, 8)}`]: LINE };

describe('the sample calls and texts', () => {
  const now = new Date('2026-03-06T15:00:00.000Z');
  const deliveries = communicationsSampleDeliveries({ line: LINE, now, mediaBaseUrl: 'http://127.0.0.1:9/media' });
  const events = deliveries.map((delivery) => {
    const result = normalizeOpenPhone(JSON.parse(delivery.body), { receivedAt: delivery.at.toISOString(), deliveryId: null, phoneNumberIds });
    if (!result.ok) throw new Error(result.error);
    return result.event;
  });

  it('is read by the OpenPhone normalizer as the events it stands for, none left raw, all in the past and in order', () => {
    expect(events.filter((event) => event.type === 'provider.unnormalized')).toEqual([]);
    const count = (type: string) => events.filter((event) => event.type === type).length;
    expect(count('message.recorded')).toBe(11 + 7);
    expect(count('call.recording_ready')).toBe(1);
    expect(count('call.transcript_ready')).toBe(1);
    expect(count('call.summary_ready')).toBe(1);
    expect(deliveries.every((delivery, index) => delivery.at <= now && (index === 0 || deliveries[index - 1]!.at <= delivery.at))).toBe(true);
  });

  it('has a group text with a customer and an unknown number, and a photo', () => {
    const messages = events.flatMap((event) => (event.type === 'message.recorded' ? [event.data] : []));
    expect(messages.some((message) => message.participants.length === 2)).toBe(true);
    expect(messages.some((message) => message.media.length === 1)).toBe(true);
  });

  it('imports its customers without a rejected row', () => {
    const { rows, errors } = parseCustomerCsv(communicationsSampleCustomersCsv('2026-01-01'), { region: 'US' });
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(12);
  });
});
