import { toE164 } from '../../../../src/shared/phone';
import type { SettingDescription, SettingReader } from '../../config';
import { parseOpenPhoneSecrets, type OpenPhoneKey } from './verify';

export interface OpenPhoneSettings {
  /** null while OPENPHONE_WEBHOOK_SECRET is unset: the OpenPhone route answers 503. */
  keys: OpenPhoneKey[] | null;
  /** OpenPhone phoneNumberId → workspace number (E.164), for payloads without from/to. */
  phoneNumberIds: Readonly<Record<string, string>>;
}

export const OPENPHONE_SETTING_DESCRIPTIONS: readonly SettingDescription[] = [
  { name: 'OPENPHONE_WEBHOOK_SECRET', default: 'unset', description: 'OpenPhone signing key(s): the base64 key of a legacy webhook and/or the whsec_ key of a new one, comma-separated. While unset, /webhooks/openphone answers 503.' },
  { name: 'OPENPHONE_PHONE_NUMBER_IDS', default: 'unset', description: 'Map of OpenPhone phone number ids to workspace numbers, "PNabc=+16175550100,PNdef=+16175550101", for payloads that carry only phoneNumberId.' },
];

export function readOpenPhoneSettings(value: SettingReader, errors: string[]): OpenPhoneSettings {
  let keys: OpenPhoneKey[] | null = null;
  const secret = value('OPENPHONE_WEBHOOK_SECRET');
  if (secret !== undefined) {
    try {
      keys = parseOpenPhoneSecrets(secret);
    } catch (error) {
      // The parser's message names the setting and never echoes the key itself.
      errors.push(error instanceof Error ? error.message : 'OPENPHONE_WEBHOOK_SECRET is not a valid signing key');
    }
  }
  const numberIds = parsePhoneNumberIds(value('OPENPHONE_PHONE_NUMBER_IDS'));
  if (!numberIds.ok) errors.push(numberIds.error);
  return { keys, phoneNumberIds: numberIds.ok ? numberIds.map : {} };
}

function parsePhoneNumberIds(raw: string | undefined): { ok: true; map: Record<string, string> } | { ok: false; error: string } {
  const map: Record<string, string> = {};
  if (raw === undefined) return { ok: true, map };
  for (const pair of raw.split(',')) {
    const [id, number, extra] = pair.split('=').map((part) => part.trim());
    const e164 = toE164(number);
    if (!id || extra !== undefined || e164 === null) {
      return { ok: false, error: `OPENPHONE_PHONE_NUMBER_IDS must look like "PNabc=+16175550100,PNdef=+16175550101", got '${pair.trim()}'` };
    }
    map[id] = e164;
  }
  return { ok: true, map };
}
