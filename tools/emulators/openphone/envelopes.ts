import { NEW_GENERATION_API_VERSION } from './new-generation-payloads';
import { newEventId } from './payloads';
import type { OpenPhoneGeneration } from './sender';

/**
 * OpenPhone webhook emulator: the envelope of either generation around any resource,
 * compact JSON like §1.7. Legacy (§1.3): `{id, object, apiVersion "v3", createdAt, type,
 * data: {object}}`. New generation (§1.10): `{id, apiVersion "2026-03-30", createdAt,
 * type, data: {resource, context, links}}`.
 */

export interface EmulatedDelivery {
  /** Exact bytes to sign and POST. */
  body: string;
  event: { id: string; type: string; createdAt: string; data: Record<string, unknown> };
}

export const EMULATED_ORG_ID = 'ORemulated01';

export function envelope(
  generation: OpenPhoneGeneration,
  type: string,
  at: Date,
  resource: Record<string, unknown>,
  options: { eventId?: string; context?: Record<string, unknown> } = {},
): EmulatedDelivery {
  const id = options.eventId ?? newEventId();
  const createdAt = at.toISOString();
  const event =
    generation === 'legacy'
      ? { id, object: 'event', apiVersion: 'v3', createdAt, type, data: { object: resource } }
      : { id, apiVersion: NEW_GENERATION_API_VERSION, createdAt, type, data: { resource, context: { orgId: EMULATED_ORG_ID, ...options.context }, links: {} } };
  return { body: JSON.stringify(event), event };
}

/**
 * Where the caller's media host serves media: its base URL (`<base>/<path>`), or a
 * function giving the URL of a path (`/recordings/AC1-0.mp3`), e.g. a signed, expiring one.
 */
export type MediaBase = string | ((path: string) => string);

export function mediaUrl(base: MediaBase, path: string): string {
  const absolute = `/${path.replace(/^\/+/, '')}`;
  return typeof base === 'function' ? base(absolute) : `${base.replace(/\/+$/, '')}${absolute}`;
}
