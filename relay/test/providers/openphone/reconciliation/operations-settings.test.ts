import { describe, expect, it } from 'vitest';
import { readHealthCheckSettings } from '../../../../src/providers/openphone/health-check/health-check-settings';
import { readReconciliationSettings } from '../../../../src/providers/openphone/reconciliation/reconciliation-settings';

function read<T>(reader: (value: (name: string) => string | undefined, errors: string[]) => T, values: Record<string, string>): { settings: T; errors: string[] } {
  const errors: string[] = [];
  return { settings: reader((name) => values[name], errors), errors };
}

describe('reconciliation and health-check settings', () => {
  it('default to 02:00 UTC with the summary email on, and no health check', () => {
    expect(read(readReconciliationSettings, {})).toEqual({ settings: { timeZone: 'UTC', atMinutes: 120, summaryEmail: true }, errors: [] });
    expect(read(readHealthCheckSettings, {})).toEqual({ settings: { lines: null, intervalMs: 6 * 3_600_000, waitMs: 120_000 }, errors: [] });
  });

  it('read a zone, a time, off, and the two lines', () => {
    expect(read(readReconciliationSettings, { RELAY_BUSINESS_TIME_ZONE: 'America/Chicago', OPENPHONE_RECONCILE_AT: '23:30' }).settings).toEqual({ timeZone: 'America/Chicago', atMinutes: 1410, summaryEmail: true });
    expect(read(readReconciliationSettings, { RELAY_RECONCILIATION_SUMMARY_EMAIL: 'off' }).settings.summaryEmail).toBe(false);
    expect(read(readReconciliationSettings, { OPENPHONE_RECONCILE_AT: 'off' }).settings.atMinutes).toBeNull();
    expect(read(readHealthCheckSettings, { OPENPHONE_HEALTH_CHECK_FROM: '+16175550100', OPENPHONE_HEALTH_CHECK_TO: '+16175550101', OPENPHONE_HEALTH_CHECK_WAIT_SECONDS: '30' }).settings).toEqual({
      lines: { from: '+16175550100', to: '+16175550101' },
      intervalMs: 6 * 3_600_000,
      waitMs: 30_000,
    });
  });

  it('a bad value is refused naming its setting', () => {
    expect(read(readReconciliationSettings, { RELAY_BUSINESS_TIME_ZONE: 'Boston' }).errors).toEqual([expect.stringMatching(/^RELAY_BUSINESS_TIME_ZONE .*'Boston'/)]);
    expect(read(readReconciliationSettings, { RELAY_RECONCILIATION_SUMMARY_EMAIL: 'daily' }).errors).toEqual([expect.stringMatching(/^RELAY_RECONCILIATION_SUMMARY_EMAIL must be on or off, got 'daily'/)]);
    expect(read(readReconciliationSettings, { OPENPHONE_RECONCILE_AT: '2am' }).errors).toEqual([expect.stringMatching(/^OPENPHONE_RECONCILE_AT .*'2am'/)]);
    expect(read(readHealthCheckSettings, { OPENPHONE_HEALTH_CHECK_HOURS: '0' }).errors).toEqual([expect.stringMatching(/^OPENPHONE_HEALTH_CHECK_HOURS /)]);
    expect(read(readHealthCheckSettings, { OPENPHONE_HEALTH_CHECK_FROM: '+16175550100' }).errors).toEqual([expect.stringMatching(/OPENPHONE_HEALTH_CHECK_FROM and OPENPHONE_HEALTH_CHECK_TO go together/)]);
    expect(read(readHealthCheckSettings, { OPENPHONE_HEALTH_CHECK_FROM: 'front desk', OPENPHONE_HEALTH_CHECK_TO: '+16175550101' }).errors).toEqual([expect.stringMatching(/^OPENPHONE_HEALTH_CHECK_FROM must be a phone number/)]);
  });
});
