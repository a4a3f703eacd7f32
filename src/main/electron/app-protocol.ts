import { readFile } from 'node:fs/promises';
import { APP_CSP } from '../harness/content-security-policy';
import { contentTypeOf, resolveStaticPath } from '../harness/static-files';
import { APP_HOST, APP_SCHEME } from './page-origin';

/**
 * app:// is registered before the app is ready as a standard, secure scheme: pages
 * get a real origin (app://ringside) for 'self' in the CSP, and a secure context,
 * without file://'s extra privileges. No service workers, no bypass of the CSP.
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, bypassCSP: false, allowServiceWorkers: false, stream: false },
} as const;

/**
 * The app:// handler: GET (or HEAD) of a file inside the built renderer folder, with
 * the app's CSP; anything else (another host, a path leaving the folder, encoded or
 * not, a missing file, a directory) is 404, and other methods 405.
 */
export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers: { Allow: 'GET, HEAD' } });
    const path = appFilePath(rendererDir, request.url);
    let body: Buffer;
    try {
      if (path === null) throw new Error('not ours');
      body = await readFile(path);
    } catch {
      return new Response('not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        'Content-Type': contentTypeOf(path),
        'Content-Security-Policy': APP_CSP,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      },
    });
  };
}

/** The file an app:// URL names inside `rendererDir`, or null. */
export function appFilePath(rendererDir: string, rawUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username !== '' || url.password !== '') return null;
  return resolveStaticPath(rendererDir, url.pathname);
}
