import { isLoopbackHost } from '../../../src/shared/relay-address';
import type { SettingDescription, SettingReader } from '../config';
import { integerSettings } from '../integer-setting';

/**
 * How the relay runs its notices (issue 14 §2); what is sent and when is the admin's, in the
 * console (notice_settings). A bad value stops start-up naming the setting.
 */
export interface NoticeRunSettings {
  /** How often the rules look for notices due (and after every commit touching billing). */
  runEveryMs: number;
  /** Tries of a notice whose channel keeps failing (not refusing) before it is shown as failed. */
  maxAttempts: number;
  /** {{portalLink}} in automatic notices; '' when unset. */
  portalUrl: string;
}

export const NOTICE_RUN_SETTING_DESCRIPTIONS: readonly SettingDescription[] = [
  { name: 'RELAY_NOTICES_RUN_SECONDS', default: '60', description: 'How often the relay looks for notices due to customers (invoices, reminders, renewal, low balance, plan ended; see Notices), from 10 to 3600 seconds. It also looks right after every change to billing.' },
  { name: 'RELAY_NOTICES_MAX_ATTEMPTS', default: '8', description: 'Tries of a notice whose mail server or phone provider keeps failing (with backoff, from 30 s up to an hour apart) before it is shown as failed on the Notices page; a refusal (an address that does not exist) fails at once. From 1 to 50.' },
  { name: 'RELAY_NOTICES_PORTAL_URL', default: 'unset', description: "What {{portalLink}} says in automatic notices, e.g. a page of the business's site telling customers how to ask for their portal link (https). A customer's own portal link is secret and only goes in the message a receptionist sends from the customer page. Unset: {{portalLink}} is empty in automatic notices." },
];

export function readNoticeRunSettings(value: SettingReader, errors: string[]): NoticeRunSettings {
  const integer = integerSettings(value, errors);
  const runSeconds = integer('RELAY_NOTICES_RUN_SECONDS', 60, 10, 3600, 'a number of seconds from 10 to 3600');
  const maxAttempts = integer('RELAY_NOTICES_MAX_ATTEMPTS', 8, 1, 50, 'a number of tries from 1 to 50');
  const raw = value('RELAY_NOTICES_PORTAL_URL');
  let portalUrl = '';
  if (raw !== undefined) {
    let url: URL | null = null;
    try {
      url = new URL(raw);
    } catch {
      url = null;
    }
    if (url === null || !(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) || url.username !== '' || url.password !== '') {
      errors.push(`RELAY_NOTICES_PORTAL_URL must be an https URL such as https://example.com/account, got '${raw}'`);
    } else portalUrl = raw;
  }
  return { runEveryMs: runSeconds * 1000, maxAttempts, portalUrl };
}
