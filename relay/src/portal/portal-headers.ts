import { PORTAL_CSS_HASH } from './portal-style';

/**
 * Every portal page: no script at all, the one hashed stylesheet, images from the relay or
 * the inlined logo, forms back to the relay only, never framed, never cached, and no
 * Referer (the token is in the URL) to Flutterwave, QuickBooks or anyone else.
 */
export const PORTAL_CSP = `default-src 'none'; style-src '${PORTAL_CSS_HASH}'; img-src 'self' data:; media-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

export const PORTAL_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': PORTAL_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** A PDF or a recording: the same privacy, served as data, and never framed by another site. */
export const PORTAL_FILE_HEADERS: Readonly<Record<string, string>> = {
  // Only frame-ancestors: a stricter policy can keep a browser's own PDF viewer from showing it.
  'content-security-policy': "frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};
