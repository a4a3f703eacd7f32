import { randomBytes } from 'node:crypto';
import type { JsonObject } from './json';

/**
 * QuickBooks Online emulator: one HTTP exchange as the route handlers see it. Handlers return a
 * response value instead of writing to the socket, so the server can still decide to lose it
 * (the "timeout after commit" fault) after the write has been committed.
 */

export interface EmulatorRequest {
  method: string;
  url: URL;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface EmulatorResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export function header(req: EmulatorRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export function jsonResponse(status: number, body: JsonObject | JsonObject[], extraHeaders: Record<string, string> = {}): EmulatorResponse {
  return { status, headers: { 'content-type': 'application/json;charset=UTF-8', ...extraHeaders }, body: Buffer.from(JSON.stringify(body)) };
}

export function textResponse(status: number, contentType: string, text: string | Buffer, extraHeaders: Record<string, string> = {}): EmulatorResponse {
  return { status, headers: { 'content-type': contentType, ...extraHeaders }, body: typeof text === 'string' ? Buffer.from(text) : text };
}

export function redirectResponse(location: string): EmulatorResponse {
  return { status: 302, headers: { location, 'content-type': 'text/plain' }, body: Buffer.from(`Redirecting to ${location}`) };
}

/** `1-628f0be4-19ed5ea63980105102b16b1e`, the current intuit_tid shape (§3). */
export function newIntuitTid(): string {
  return `1-${randomBytes(4).toString('hex')}-${randomBytes(12).toString('hex')}`;
}

/** `Authorization: Basic base64(id:secret)`, compared exactly: stray whitespace is a wrong secret (§2.4). */
export function basicCredentials(req: EmulatorRequest): { id: string; secret: string } | undefined {
  const m = /^Basic (\S+)$/.exec(header(req, 'authorization') ?? '');
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}
