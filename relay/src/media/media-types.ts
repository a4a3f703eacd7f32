/**
 * Which downloads count as media: sound, pictures, video and PDF, the things a call or
 * an MMS carries. Anything else (HTML, scripts, SVG, which can carry scripts, archives) is
 * refused, so the relay never serves a page from its own origin. A host answering a
 * generic binary type (`application/octet-stream`, as buckets do for files uploaded
 * without one) is trusted for the type the provider's payload declared, when that one is
 * allowed. Pure.
 */

const ALLOWED_PREFIXES = ['audio/', 'image/', 'video/'];
const ALLOWED_EXACT = new Set(['application/pdf', 'application/ogg']);
const REFUSED = new Set(['image/svg+xml']);
const GENERIC = new Set(['application/octet-stream', 'binary/octet-stream', '']);

/** Listed in the README's Media section. */
export const ALLOWED_MEDIA_TYPES = 'audio/*, image/* (not SVG), video/*, application/pdf, application/ogg';

/** `Audio/MPEG; charset=x` → `audio/mpeg`; '' for a missing header. */
export function essence(contentType: string | null | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

export function isAllowedMediaType(type: string): boolean {
  if (REFUSED.has(type) || !/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(type)) return false;
  return ALLOWED_EXACT.has(type) || ALLOWED_PREFIXES.some((prefix) => type.startsWith(prefix));
}

/** The type the media is stored and served with, or null when it is refused. */
export function acceptedMediaType(answered: string | undefined, declared: string | null): string | null {
  const type = essence(answered);
  if (isAllowedMediaType(type)) return type;
  if (GENERIC.has(type)) {
    const fallback = essence(declared);
    if (isAllowedMediaType(fallback)) return fallback;
  }
  return null;
}

const EXTENSIONS: Readonly<Record<string, string>> = {
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/ogg': 'ogg',
  'audio/mp4': 'm4a',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
  'application/pdf': 'pdf',
};

/** A file name extension for the served file name; `bin` when none is known. */
export function extensionOf(type: string): string {
  return EXTENSIONS[type] ?? 'bin';
}
