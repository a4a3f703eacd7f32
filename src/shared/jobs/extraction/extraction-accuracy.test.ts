import { describe, expect, it } from 'vitest';
import { fieldMatches, scoreExtractions, timeMatches } from './extraction-accuracy';
import { EMPTY_PROPOSAL } from './extractor';

describe('scoring an extraction', () => {
  it('counts a time inside the expected window right, and a wider one wrong', () => {
    expect(timeMatches('2026-12-08T08:00:00-06:00/2026-12-08T12:00:00-06:00', '2026-12-08T09:30:00-06:00')).toBe(true);
    expect(timeMatches('2026-12-08T08:00:00-06:00/2026-12-08T12:00:00-06:00', '2026-12-08T08:00:00-06:00/2026-12-08T17:00:00-06:00')).toBe(false);
    expect(timeMatches('2026-12-03T10:00:00-06:00', '2026-12-03T16:10:00Z')).toBe(true);
  });

  it('matches addresses once normalized and names whatever their case', () => {
    expect(fieldMatches('address', '3304 Guilford Avenue, Baltimore, MD 21218', '3304 Guilford Ave Baltimore Maryland 21218')).toBe(true);
    expect(fieldMatches('customerName', 'Maria Lopez', 'maria lopez')).toBe(true);
    expect(fieldMatches('price', '45000 USD', null)).toBe(false);
    expect(fieldMatches('urgency', null, null)).toBe(true);
  });

  it('counts an address right when only one side names the city, state or ZIP, and wrong when they differ or the unit does', () => {
    expect(fieldMatches('address', '12 Oak Street', '12 Oak St, Springfield, IL 62704')).toBe(true);
    expect(fieldMatches('address', '12 Oak Street, Springfield, Illinois', '12 Oak St, Springfield, IL 62704')).toBe(true);
    expect(fieldMatches('address', '12 Oak Street, Springfield', '12 Oak Street, Shelbyville')).toBe(false);
    expect(fieldMatches('address', '12 Oak Street, Unit 4', '12 Oak Street')).toBe(false);
    expect(fieldMatches('address', '12 Oak Street, Unit 4', '12 Oak Street, #4, Springfield')).toBe(true);
    expect(fieldMatches('address', '14 Oak Street, Springfield', '12 Oak Street, Springfield')).toBe(false);
    expect(fieldMatches('address', 'Rural Route 2, Box 118, Madison, Georgia 30650', 'Rural Route 2 Box 118, Madison, GA 30650')).toBe(true);
    expect(fieldMatches('address', 'Rural Route 2, Box 118', 'Rural Route 2 Box 119')).toBe(false);
  });

  it('scores a missing appointment wrong on every field', () => {
    const report = scoreExtractions([
      {
        id: 'two-jobs',
        expected: { outcome: 'appointments', appointments: [{ customerName: 'Tasha Greene', phone: '+19195550177', address: null, preferredTime: null, price: null, urgency: null }, { customerName: null, phone: null, address: null, preferredTime: null, price: null, urgency: null }] },
        got: { outcome: 'appointments', appointments: [{ ...EMPTY_PROPOSAL, customerName: { value: 'Tasha Greene', confidence: 0.9, evidence: 'this is Tasha Greene' }, phone: { value: '+19195550177', confidence: 0.7, evidence: '' } }] },
      },
    ]);
    expect(report.fields.customerName).toEqual({ right: 1, total: 2 });
    expect(report.fields.outcome).toEqual({ right: 1, total: 1 });
    expect(report.total).toEqual({ right: 7, total: 13 });
  });
});
