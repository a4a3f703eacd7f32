import { toE164 } from '../../../../../src/shared/phone';
import type { SettingDescription, SettingReader } from '../../../config';
import { integerSettings } from '../../../integer-setting';

/** The health check's two lines, how often it runs and how long it waits for its webhook. Parsing is pure. */

export const HEALTH_CHECK_HOURS_DEFAULT = 6;
export const HEALTH_CHECK_WAIT_SECONDS_DEFAULT = 120;

export interface HealthCheckSettings {
  /** null while either line is unset: no health check. */
  lines: { from: string; to: string } | null;
  intervalMs: number;
  waitMs: number;
}

export const HEALTH_CHECK_SETTING_DESCRIPTIONS: readonly SettingDescription[] = [
  {
    name: 'OPENPHONE_HEALTH_CHECK_FROM',
    default: 'unset',
    description:
      "One of the business's own OpenPhone lines (E.164) the health check texts from, with OPENPHONE_API_KEY; with OPENPHONE_HEALTH_CHECK_TO it turns the health check on (off while either is unset). The test texts are hidden from the feed, unread counts and billing.",
  },
  { name: 'OPENPHONE_HEALTH_CHECK_TO', default: 'unset', description: "Another of the business's own OpenPhone lines (E.164) the health check texts to; its message.received webhook must reach the relay." },
  { name: 'OPENPHONE_HEALTH_CHECK_HOURS', default: String(HEALTH_CHECK_HOURS_DEFAULT), description: 'How often, in hours, the health check sends its test text (1 to 168); also once at start-up.' },
  {
    name: 'OPENPHONE_HEALTH_CHECK_WAIT_SECONDS',
    default: String(HEALTH_CHECK_WAIT_SECONDS_DEFAULT),
    description: "How long the relay waits for the test text's webhook before it raises a critical alert (webhooks are not reaching the relay), 1 to 3600.",
  },
];

export function readHealthCheckSettings(value: SettingReader, errors: string[]): HealthCheckSettings {
  const integer = integerSettings(value, errors);
  const hours = integer('OPENPHONE_HEALTH_CHECK_HOURS', HEALTH_CHECK_HOURS_DEFAULT, 1, 168, 'a whole number of hours from 1 to 168');
  const waitSeconds = integer('OPENPHONE_HEALTH_CHECK_WAIT_SECONDS', HEALTH_CHECK_WAIT_SECONDS_DEFAULT, 1, 3600, 'a whole number of seconds from 1 to 3600');
  const line = (name: string): string | null => {
    const raw = value(name);
    if (raw === undefined) return null;
    const number = toE164(raw);
    if (number === null) errors.push(`${name} must be a phone number such as +16175550100, got '${raw}'`);
    return number;
  };
  const from = line('OPENPHONE_HEALTH_CHECK_FROM');
  const to = line('OPENPHONE_HEALTH_CHECK_TO');
  if ((value('OPENPHONE_HEALTH_CHECK_FROM') === undefined) !== (value('OPENPHONE_HEALTH_CHECK_TO') === undefined)) {
    errors.push('OPENPHONE_HEALTH_CHECK_FROM and OPENPHONE_HEALTH_CHECK_TO go together: set both (two of your own lines) or neither');
  } else if (from !== null && from === to) {
    errors.push('OPENPHONE_HEALTH_CHECK_FROM and OPENPHONE_HEALTH_CHECK_TO must be two different lines');
  }
  return { lines: from !== null && to !== null && from !== to ? { from, to } : null, intervalMs: hours * 3_600_000, waitMs: waitSeconds * 1000 };
}
