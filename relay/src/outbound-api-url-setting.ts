import { isLoopbackHost } from '../../src/shared/relay-address';
import type { SettingReader } from './config';

/**
 * A setting naming the base URL of an API the relay calls out to (a provider's REST API, an
 * OpenAI-compatible server). A key or the customer's words travel in every request to it, so
 * it must be https, or plain http only to this machine (an emulator, a self-hosted server);
 * credentials or a query in it are refused rather than silently sent. Pure: a bad value is
 * reported naming its setting, with an example of a good one.
 */
export interface OutboundApiUrlSetting {
  name: string;
  /** A good value, shown in the message about a bad one. */
  example: string;
  /** Also drop a trailing /v1, for APIs whose paths (/v1/…) the relay adds itself. */
  withoutV1?: boolean;
}

/** The URL without trailing slashes (and /v1 when asked); undefined while unset or when bad (an error is pushed). */
export function readOutboundApiUrl(value: SettingReader, errors: string[], setting: OutboundApiUrlSetting): string | undefined {
  const raw = value(setting.name);
  if (raw === undefined) return undefined;
  if (!isOutboundApiUrl(raw)) {
    errors.push(`${setting.name} must be an https URL without query or credentials, such as ${setting.example} (http only for localhost), got '${raw}'`);
    return undefined;
  }
  const base = raw.replace(/\/+$/, '');
  return setting.withoutV1 === true ? base.replace(/\/v1$/, '') : base;
}

function isOutboundApiUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
    return secure && url.username === '' && url.password === '' && url.search === '' && url.hash === '' && !raw.includes('?');
  } catch {
    return false;
  }
}
