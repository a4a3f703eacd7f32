/**
 * The renderer's Content-Security-Policy, in one place for both ways the pages are
 * served. The Electron app's policy (APP_CSP) allows nothing but its own origin
 * (app://ringside): the pages reach the core over IPC, never over the network. It is
 * the header of every app:// response (electron/app-protocol.ts) and, without
 * frame-ancestors, the meta tag of every built page (electron.vite.config.ts).
 * Recordings, voicemail and message photos reach the page over the API and are shown
 * from blob: URLs made in the page, so images and media allow blob: and no host.
 */
const appDirectives = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
];

export const APP_CSP = appDirectives.join('; ');

/**
 * APP_CSP as the built pages' meta tag. Browsers ignore frame-ancestors in a meta tag
 * and log an error on every load, so it is left to the headers (app:// and harness),
 * which are where it applies.
 */
export const APP_META_CSP = appDirectives.filter((directive) => !directive.startsWith('frame-ancestors ')).join('; ');

/**
 * The harness's header (frame-ancestors, ignored in a meta tag, applies this way): the
 * page talks to its API over a WebSocket on loopback, which browsers whose 'self'
 * does not cover ws: need spelled out. Pages built by `npm run build` also carry
 * APP_CSP in their meta tag, and a browser enforces both: in Chromium 'self' covers
 * the same-origin WebSocket.
 */
export const RENDERER_CSP = appDirectives.map((directive) => (directive === "connect-src 'self'" ? "connect-src 'self' ws://127.0.0.1:* ws://localhost:*" : directive)).join('; ');
