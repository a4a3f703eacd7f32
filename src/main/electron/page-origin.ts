/**
 * Where our own pages come from: `app://ringside/…` (a privileged scheme serving the
 * built renderer, app-protocol.ts) or, under `electron-vite dev`, the dev server.
 * Nothing else is ever one of our pages: not file://, not another host.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'ringside';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export type RendererPage = 'index.html' | 'card.html';

/** The base our pages load from. */
export function pageBase(devServerUrl: string | undefined): URL {
  return new URL(devServerUrl ?? `${APP_ORIGIN}/`);
}

export function pageUrl(page: RendererPage, devServerUrl: string | undefined): string {
  return new URL(page, pageBase(devServerUrl)).toString();
}

/**
 * True when `url` is on our pages' origin. Compared as scheme and host:port, because
 * the URL parser gives a custom scheme an opaque ("null") origin; credentials in the
 * URL never pass (app://ringside@elsewhere is host "elsewhere" anyway).
 */
export function isOwnPageUrl(url: string, devServerUrl: string | undefined): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const base = pageBase(devServerUrl);
  return parsed.protocol === base.protocol && parsed.host === base.host && parsed.username === '' && parsed.password === '';
}
