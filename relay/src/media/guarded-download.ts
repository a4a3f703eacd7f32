import { createHash } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { matchAllowedHost, type AllowedHost } from './allowed-hosts';
import { authorizationFor, type MediaCredential } from './media-credentials';
import type { PermanentRefusal } from './alert-wording';
import { discard, type MediaStore } from './media-store';
import { acceptedMediaType } from './media-types';
import { isPublicAddress } from './public-address';

/**
 * One try at downloading a provider media URL, guarded against server-side request
 * forgery: http or https only, no credentials in the URL, the host on
 * RELAY_MEDIA_ALLOWED_HOSTS, every address it resolves to public unless the exact
 * host:port is listed, and the connection made to the very address that was checked (no
 * second lookup, so DNS rebinding cannot swap it). Redirects are followed by hand, at
 * most 3, each checked the same way (never from https down to http). The body is
 * streamed to a temporary file while hashed and counted, stopped past the size cap.
 */

export interface DownloadOptions {
  allowedHosts: readonly AllowedHost[];
  maxBytes: number;
  /** The whole try, redirects included. */
  timeoutMs: number;
  /** Longest silence from the server. */
  idleMs: number;
  /** The content type the provider's payload declared, for hosts answering a generic binary type. */
  declaredType: string | null;
  store: MediaStore;
  /** Aborted when the relay stops: the try is not counted. */
  signal: AbortSignal;
  /** Sent only to a hop of exactly their origin (media-credentials.ts). */
  credentials?: readonly MediaCredential[];
}

export type DownloadOutcome =
  | { ok: true; sha256: string; bytes: number; contentType: string }
  /** Retrying cannot help (the same URL would be refused again). */
  | { ok: false; refusal: PermanentRefusal; detail: string }
  /** Worth another try later (the host failed, timed out, said 403 or 404 for now…). */
  | { ok: false; refusal: null; detail: string }
  | { ok: false; aborted: true };

export const MAX_REDIRECTS = 3;
const USER_AGENT = 'ringside-relay (media capture)';

export async function downloadMedia(rawUrl: string, options: DownloadOptions): Promise<DownloadOutcome> {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([options.signal, deadline]);
  let url = parseUrl(rawUrl);
  for (let hop = 0; ; hop++) {
    if (url === null) return refused({ reason: 'bad_url' }, 'not an http(s) URL without credentials');
    const target = await checkTarget(url, options.allowedHosts);
    if (!target.ok) return target.outcome;
    let response: IncomingMessage;
    try {
      response = await get(url, target.address, options.idleMs, signal, authorizationFor(options.credentials ?? [], url));
    } catch (error) {
      if (options.signal.aborted) return { ok: false, aborted: true };
      return retry(deadline.aborted ? `timed out after ${options.timeoutMs / 1000} s` : describeError(error));
    }
    const status = response.statusCode ?? 0;
    if ([301, 302, 303, 307, 308].includes(status)) {
      response.destroy(); // nothing of its body is needed, and it could be endless
      const location = response.headers.location;
      if (location === undefined) return retry(`HTTP ${status} without a Location`);
      if (hop >= MAX_REDIRECTS) return retry(`more than ${MAX_REDIRECTS} redirects`);
      const next = parseUrl(location, url);
      if (next !== null && url.protocol === 'https:' && next.protocol === 'http:') return refused({ reason: 'bad_url' }, 'redirected from https to http');
      url = next;
      continue;
    }
    if (status !== 200) {
      response.destroy(); // nothing of its body is needed, and it could be endless
      return retry(`HTTP ${status}`);
    }
    return receive(response, options, deadline);
  }
}

type TargetCheck = { ok: true; address: string } | { ok: false; outcome: DownloadOutcome };

async function checkTarget(url: URL, allowedHosts: readonly AllowedHost[]): Promise<TargetCheck> {
  const match = matchAllowedHost(allowedHosts, url);
  const host = url.host;
  if (match === null) return { ok: false, outcome: refused({ reason: 'host_not_allowed', host: url.hostname, origin: url.origin }, `${host} is not in RELAY_MEDIA_ALLOWED_HOSTS`) };
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  if (isIP(hostname) !== 0) addresses = [hostname];
  else {
    try {
      addresses = (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);
    } catch (error) {
      return { ok: false, outcome: retry(`cannot resolve ${hostname}: ${describeError(error)}`) };
    }
  }
  // Every answer must be public: a name answering one public and one private address is refused, not raced.
  if (match !== 'exact' && (addresses.length === 0 || !addresses.every(isPublicAddress))) {
    return { ok: false, outcome: refused({ reason: 'private_address', host: url.hostname, origin: url.origin }, `${host} resolves to a private, loopback, link-local, multicast or unspecified address`) };
  }
  const address = addresses[0];
  if (address === undefined) return { ok: false, outcome: retry(`${hostname} resolved to no address`) };
  return { ok: true, address };
}

/** A GET to the checked address; TLS still verifies the certificate for the URL's host name. */
function get(url: URL, address: string, idleMs: number, signal: AbortSignal, authorization: string | null): Promise<IncomingMessage> {
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request({
      host: address,
      port: url.port === '' ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: {
        host: url.host,
        accept: 'audio/*, image/*, video/*, application/pdf;q=0.9, */*;q=0.1',
        'user-agent': USER_AGENT,
        'accept-encoding': 'identity',
        ...(authorization === null ? {} : { authorization }),
      },
      servername: isIP(hostname) === 0 ? hostname : undefined,
      agent: false,
      signal,
    });
    request.setTimeout(idleMs, () => request.destroy(new Error(`no data for ${idleMs / 1000} s`)));
    request.once('response', resolve);
    // `on`, not `once`: an abort arriving after the answer must not become an uncaught error.
    request.on('error', reject);
    request.end();
  });
}

function receive(response: IncomingMessage, options: DownloadOptions, deadline: AbortSignal): Promise<DownloadOutcome> {
  const contentType = acceptedMediaType(response.headers['content-type'], options.declaredType);
  if (contentType === null) {
    response.destroy();
    const answered = response.headers['content-type'] ?? 'none';
    return Promise.resolve(refused({ reason: 'not_media', contentType: answered }, `content type ${answered} is not media`));
  }
  const declaredLength = Number(response.headers['content-length']);
  if (Number.isFinite(declaredLength) && declaredLength > options.maxBytes) {
    response.destroy();
    return Promise.resolve(refused({ reason: 'too_large', maxBytes: options.maxBytes, bytes: declaredLength }, `${declaredLength} bytes is over RELAY_MEDIA_MAX_BYTES (${options.maxBytes})`));
  }
  const temporary = options.store.temporary();
  const hash = createHash('sha256');
  let bytes = 0;
  return new Promise<DownloadOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: DownloadOutcome): void => {
      if (settled) return;
      settled = true;
      if (!outcome.ok) {
        response.destroy();
        temporary.stream.destroy();
        void discard(temporary.path).then(() => resolve(outcome), () => resolve(outcome));
        return;
      }
      resolve(outcome);
    };
    const failed = (error: unknown): void => {
      if (options.signal.aborted) return finish({ ok: false, aborted: true });
      finish(retry(deadline.aborted ? `timed out after ${options.timeoutMs / 1000} s` : `the download broke off: ${describeError(error)}`));
    };
    response.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > options.maxBytes) return finish(refused({ reason: 'too_large', maxBytes: options.maxBytes, bytes: null }, `more than RELAY_MEDIA_MAX_BYTES (${options.maxBytes}) bytes`));
      hash.update(chunk);
      // Backpressure: a slow disk pauses the download rather than filling memory.
      if (!temporary.stream.write(chunk)) {
        response.pause();
        temporary.stream.once('drain', () => response.resume());
      }
    });
    response.on('error', failed);
    response.once('close', () => {
      if (!response.complete) failed(new Error('the server closed the connection'));
    });
    temporary.stream.on('error', failed);
    response.once('end', () => {
      if (settled) return;
      if (!response.complete) return failed(new Error('the server closed the connection'));
      temporary.stream.end(() => {
        if (settled) return;
        const sha256 = hash.digest('hex');
        options.store.commit(temporary.path, sha256).then(
          () => finish({ ok: true, sha256, bytes, contentType }),
          (error: unknown) => finish(retry(`could not store the file: ${describeError(error)}`)),
        );
      });
    });
  });
}

function parseUrl(text: string, base?: URL): URL | null {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  return url;
}

function refused(refusal: PermanentRefusal, detail: string): DownloadOutcome {
  return { ok: false, refusal, detail };
}

function retry(detail: string): DownloadOutcome {
  return { ok: false, refusal: null, detail };
}

function describeError(error: unknown): string {
  if (error instanceof Error) return 'code' in error && typeof error.code === 'string' ? `${error.code}: ${error.message}` : error.message;
  return String(error);
}
