import type { ServerResponse } from 'node:http';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Answers 413 and closes the connection, so the rest of an oversized body is never read. */
export function sendTooLarge(res: ServerResponse, maxBytes: number): void {
  sendJson(res, 413, { error: `request body is larger than ${maxBytes} bytes (RELAY_MAX_BODY_BYTES)` }, { connection: 'close' });
}
