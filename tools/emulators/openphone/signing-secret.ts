import type { OpenPhoneGeneration } from './sender';

const STANDARD_PREFIX = 'whsec_';

/**
 * OPENPHONE_WEBHOOK_SECRET may list the keys of both generations, comma-separated, as the
 * relay accepts them: a legacy webhook's base64 signing secret and a new webhook's
 * `whsec_…` key. This picks the key that signs deliveries of `generation` (the first
 * one, when a rotation lists two). Errors name the setting, never a key.
 */
export function signingSecretFor(setting: string, generation: OpenPhoneGeneration): string {
  const entries = setting
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const key = entries.find((entry) => entry.startsWith(STANDARD_PREFIX) === (generation === 'standard'));
  if (key !== undefined) return key;
  throw new Error(
    generation === 'standard'
      ? 'OPENPHONE_WEBHOOK_SECRET has no whsec_… key: new-generation webhooks are signed with the whsec_ key of a webhook made through the API (list it with the legacy key, comma-separated)'
      : 'OPENPHONE_WEBHOOK_SECRET has no legacy key: legacy webhooks are signed with the base64 signing secret shown in the OpenPhone app (list it with the whsec_ key, comma-separated)',
  );
}
