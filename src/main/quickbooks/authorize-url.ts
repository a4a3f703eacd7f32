/**
 * Which consent URLs a console may hand to the system browser. Only what the relay
 * answered to "connect" ever gets here, and it is parsed, never passed as a raw string:
 * https, or plain http to this machine for a sandbox company (the emulator, Intuit's
 * localhost rule for sandbox keys). No credentials in the URL.
 */

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function authorizeUrlToOpen(raw: string, options: { allowLoopbackHttp: boolean }): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.username !== '' || url.password !== '') return null;
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && options.allowLoopbackHttp && LOOPBACK_HOSTS.has(url.hostname)) return url;
  return null;
}
