import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createOutboundClient, jsonOf, OutboundUnreachable } from './outbound-client';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<string> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => handler(req, res, body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A port nothing listens on: one the OS just gave out and took back. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

function recordingLogger() {
  const lines: { message: string; fields?: Record<string, unknown> }[] = [];
  const log = (message: string, fields?: Record<string, unknown>) => lines.push({ message, ...(fields ? { fields } : {}) });
  return { lines, logger: { info: log, warn: log, error: log } };
}

const noWait = { sleep: async () => {}, random: () => 0.5 };

describe('outbound HTTP', () => {
  it('sends JSON with its headers and answers with the status, headers and text, whatever the status', async () => {
    const url = await serve((req, res, body) => {
      res.writeHead(req.url === '/v1/events?x=1' ? 409 : 500, { 'content-type': 'application/json', 'Intuit_TID': 'tid-1' });
      res.end(JSON.stringify({ error: 'already there', got: JSON.parse(body), auth: req.headers.authorization, type: req.headers['content-type'] }));
    });
    const client = createOutboundClient({ service: 'relay', timeoutMs: 2_000, ...noWait });
    const answer = await client.send({ method: 'POST', url: `${url}/v1/events`, params: { x: '1' }, headers: { authorization: 'Bearer t' }, body: { a: 1 } });
    expect(answer.status).toBe(409);
    expect(answer.attempts).toBe(1);
    expect(answer.headers.intuit_tid).toBe('tid-1');
    expect(jsonOf(answer)).toEqual({ error: 'already there', got: { a: 1 }, auth: 'Bearer t', type: 'application/json' });
  });

  it('retries a 503 and a dropped connection with backoff, then answers', async () => {
    let calls = 0;
    const url = await serve((_req, res) => {
      calls += 1;
      if (calls === 1) return res.writeHead(503).end('restarting');
      if (calls === 2) return res.socket?.destroy();
      res.writeHead(200).end('ok');
    });
    const waits: number[] = [];
    const client = createOutboundClient({ service: 'relay', timeoutMs: 2_000, retry: { attempts: 4, baseMs: 100, capMs: 1_000 }, sleep: async (ms) => void waits.push(ms), random: () => 0.5 });
    const answer = await client.send({ method: 'GET', url });
    expect(answer).toMatchObject({ status: 200, text: 'ok', attempts: 3 });
    expect(waits).toEqual([50, 100]);
  });

  it('gives up after its attempts and names the service and host, never the query or headers', async () => {
    const url = await closedPort();
    const { lines, logger } = recordingLogger();
    const client = createOutboundClient({ service: 'QuickBooks', timeoutMs: 2_000, retry: { attempts: 2, baseMs: 1, capMs: 1 }, logger, ...noWait });
    const error = await client.send({ method: 'GET', url: `${url}/v3/company/1/query`, params: { query: "select * from Customer where DisplayName = 'Ada'" }, headers: { authorization: 'Bearer secret-token' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboundUnreachable);
    expect((error as Error).message).toContain(`QuickBooks unreachable at ${url}`);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.fields).toMatchObject({ service: 'QuickBooks', request: `GET ${url}/v3/company/1/query`, attempt: 2 });
    expect(JSON.stringify(lines)).not.toMatch(/Ada|secret-token/);
  });

  it('times out a call that never answers', async () => {
    const url = await serve(() => {});
    const client = createOutboundClient({ service: 'relay', timeoutMs: 200, ...noWait });
    const started = Date.now();
    await expect(client.send({ method: 'GET', url })).rejects.toThrow(/relay unreachable .*timeout of 200ms exceeded/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('does not retry an answer its caller means (a 4xx, or a 5xx outside its list)', async () => {
    let calls = 0;
    const url = await serve((_req, res) => {
      calls += 1;
      res.writeHead(503).end(JSON.stringify({ error: 'QuickBooks is not configured on the relay' }));
    });
    const client = createOutboundClient({ service: 'relay', timeoutMs: 2_000, retry: { attempts: 3, baseMs: 1, capMs: 1, statuses: [] }, ...noWait });
    expect((await client.send({ method: 'GET', url })).status).toBe(503);
    expect(calls).toBe(1);
  });
});
