import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A MightyCall API v4 emulator (spec telephony-providers §4; most of it unconfirmed, so
 * this follows the spec's reported shapes and docs/providers/mightycall.md): the token
 * endpoint (x-api-key, client_credentials with the User key, refresh_token), the data
 * endpoints with their paging (`/calls`, `/voicemails` and `/contacts` by pageSize/skip,
 * `/journal/requests` by pageSize/page), `/phonenumbers`, and the account's daily limit
 * with a configurable over-limit answer. Records may be "listed late" (visible only from
 * a given time, as a call log that catches up), and any path can be made to answer
 * something else next (faults, hostile bodies). Its clock is injectable so a test can
 * run a simulated day. Recordings and voicemails are served from the emulator itself.
 */

export interface EmulatedCall {
  id: string;
  from: string;
  to: string;
  businessNumber: string;
  direction: 'Incoming' | 'Outgoing';
  dateTimeUtc: string;
  /** Seconds. */
  duration: number;
  callStatus: 'Connected' | 'Missed' | 'Voicemail' | 'InProgress';
  callRecord?: { uri: string; fileName: string } | null;
  /** Listed from this instant on (ms); default: at once. */
  listedFromMs?: number;
}

export interface EmulatedVoicemail {
  id: string;
  callId: string;
  from: string;
  to: string;
  dateTimeUtc: string;
  duration: number;
  uri: string;
  transcription: string | null;
  listedFromMs?: number;
}

export interface EmulatedMessage {
  id: string;
  client: { address: string };
  businessNumber: { number: string };
  textModel: { text: string };
  direction: 'Incoming' | 'Outgoing';
  messageDeliveryStatus: string;
  created: string;
  listedFromMs?: number;
}

export interface EmulatedContact {
  id: string;
  firstName: string;
  lastName: string;
  company?: string;
  phoneNumbers: string[];
  emails: string[];
}

export interface EmulatedNumber {
  id: string;
  number: string;
  name: string;
}

export interface MightyCallData {
  numbers: EmulatedNumber[];
  calls: EmulatedCall[];
  voicemails: EmulatedVoicemail[];
  messages: EmulatedMessage[];
  contacts: EmulatedContact[];
}

/** How the emulator answers past its daily limit (MightyCall's own answer is unconfirmed). */
export type OverLimitAnswer = '429' | '403-quota' | 'unsuccessful-200';

export interface MightyCallEmulatorOptions {
  apiKey: string;
  userKey: string;
  /** Requests (token requests included) per day before the over-limit answer; default 2500. */
  dailyLimit?: number;
  overLimit?: OverLimitAnswer;
  /** 'utc-day' (default): the count starts again at midnight UTC; 'rolling': the last 24 hours. */
  limitWindow?: 'utc-day' | 'rolling';
  clock?: () => number;
  /** Largest pageSize honoured; larger asks get this many (default 1000). */
  maxPageSize?: number;
  /** Token lifetime in seconds (default 86400). */
  tokenSeconds?: number;
  data?: Partial<MightyCallData>;
}

export interface CannedAnswer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export interface RequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  atMs: number;
  /** Whether it carried Authorization: Bearer and x-api-key. */
  authorized: boolean;
  overLimit: boolean;
}

export interface MightyCallEmulator {
  /** http://127.0.0.1:PORT */
  url: string;
  /** url + /v4: MIGHTYCALL_API_BASE_URL. */
  baseUrl: string;
  data: MightyCallData;
  requests: RequestRecord[];
  /** The next requests to a path (e.g. '/v4/calls') get these answers, in order. */
  answerNext(path: string, ...answers: CannedAnswer[]): void;
  /** Tokens issued so far (each exchange or refresh). */
  tokensIssued(): number;
  close(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60_000;
const AUDIO = Buffer.concat([Buffer.from('ID3'), randomBytes(2048)]);

export async function startMightyCallEmulator(options: MightyCallEmulatorOptions, port = 0): Promise<MightyCallEmulator> {
  const clock = options.clock ?? Date.now;
  const maxPageSize = options.maxPageSize ?? 1000;
  const data: MightyCallData = { numbers: [], calls: [], voicemails: [], messages: [], contacts: [], ...options.data };
  const requests: RequestRecord[] = [];
  const canned = new Map<string, CannedAnswer[]>();
  const access = new Map<string, number>();
  const refresh = new Set<string>();
  let issued = 0;

  const countedToday = (now: number): number => {
    const since = options.limitWindow === 'rolling' ? now - DAY_MS : Math.floor(now / DAY_MS) * DAY_MS;
    return requests.filter((request) => request.atMs > since || (options.limitWindow !== 'rolling' && request.atMs === since)).length;
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        handle(req, res, Buffer.concat(chunks).toString('utf8'));
      } catch (error) {
        json(res, 500, { isSuccess: false, error: error instanceof Error ? error.message : String(error) });
      }
    });
  });

  function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const now = clock();
    if (url.pathname.startsWith('/media/')) return media(res);
    const query = Object.fromEntries(url.searchParams);
    const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? null;
    const keyOk = req.headers['x-api-key'] === options.apiKey;
    const overLimit = countedToday(now) >= (options.dailyLimit ?? 2500);
    requests.push({ method: req.method ?? 'GET', path: url.pathname, query, atMs: now, authorized: token !== null && keyOk, overLimit });
    if (overLimit) return overLimitAnswer(res, now);
    const queued = canned.get(url.pathname);
    if (queued !== undefined && queued.length > 0) {
      const answer = queued.shift()!;
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      return void res.end(answer.body);
    }
    if (url.pathname === '/v4/auth/token' && req.method === 'POST') return tokenEndpoint(res, keyOk, new URLSearchParams(body), now);
    if (!keyOk || token === null || (access.get(token) ?? 0) <= now) return json(res, 401, { isSuccess: false, error: 'Unauthorized' });
    if (req.method !== 'GET') return json(res, 405, { isSuccess: false, error: 'Method not allowed' });
    switch (url.pathname) {
      case '/v4/phonenumbers':
        return json(res, 200, { data: { phoneNumbers: data.numbers }, isSuccess: true });
      case '/v4/calls': {
        const listed = between(data.calls.filter((call) => (call.listedFromMs ?? 0) <= now), (call) => call.dateTimeUtc, query.startUtc, query.endUtc).map(({ listedFromMs: _l, ...call }) => call);
        const { page, total } = skipPage(listed, query);
        return json(res, 200, { data: { calls: page, total }, isSuccess: true });
      }
      case '/v4/voicemails': {
        const listed = between(data.voicemails.filter((voicemail) => (voicemail.listedFromMs ?? 0) <= now), (voicemail) => voicemail.dateTimeUtc, query.startUtc, query.endUtc).map(({ listedFromMs: _l, ...voicemail }) => voicemail);
        const { page, total } = skipPage(listed, query);
        return json(res, 200, { data: { voicemails: page, total }, isSuccess: true });
      }
      case '/v4/journal/requests': {
        if (query.type !== 'Message') return json(res, 200, { requests: [], currentPage: 1 });
        const listed = between(data.messages.filter((message) => (message.listedFromMs ?? 0) <= now), (message) => message.created, query.from, query.to).map(({ listedFromMs: _l, ...message }) => message);
        const size = pageSizeOf(query);
        const pageNumber = Math.max(1, Number(query.page ?? 1) || 1);
        return json(res, 200, { requests: listed.slice((pageNumber - 1) * size, pageNumber * size), currentPage: pageNumber });
      }
      case '/v4/contacts': {
        const { page, total } = skipPage(data.contacts, query);
        return json(res, 200, { data: { contacts: page, total }, isSuccess: true });
      }
      default:
        return json(res, 404, { isSuccess: false, error: `no such endpoint: ${url.pathname}` });
    }
  }

  function tokenEndpoint(res: ServerResponse, keyOk: boolean, form: URLSearchParams, now: number): void {
    const grant = form.get('grant_type');
    let ok = false;
    if (grant === 'client_credentials') ok = keyOk && form.get('client_id') === options.apiKey && form.get('client_secret') === options.userKey;
    else if (grant === 'refresh_token') {
      const presented = form.get('refresh_token') ?? '';
      ok = keyOk && refresh.delete(presented);
      if (!ok) return json(res, 400, { error: 'invalid_grant' });
    }
    if (!ok) return json(res, 400, { error: 'invalid_client' });
    const seconds = options.tokenSeconds ?? 86_400;
    const accessToken = randomBytes(16).toString('hex');
    const refreshToken = randomBytes(16).toString('hex');
    access.set(accessToken, now + seconds * 1000);
    refresh.add(refreshToken);
    issued++;
    json(res, 200, { access_token: accessToken, token_type: 'bearer', expires_in: seconds, refresh_token: refreshToken });
  }

  function overLimitAnswer(res: ServerResponse, now: number): void {
    const resetMs = options.limitWindow === 'rolling' ? now + 60 * 60_000 : (Math.floor(now / DAY_MS) + 1) * DAY_MS;
    const retryAfter = String(Math.ceil((resetMs - now) / 1000));
    switch (options.overLimit ?? '429') {
      case '429':
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': retryAfter });
        return void res.end(JSON.stringify({ isSuccess: false, error: 'Too many requests' }));
      case '403-quota':
        return json(res, 403, { isSuccess: false, error: 'Daily API request quota exceeded' });
      case 'unsuccessful-200':
        return json(res, 200, { isSuccess: false, error: { message: 'Request limit exceeded for this account' } });
    }
  }

  function media(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': String(AUDIO.length) });
    res.end(AUDIO);
  }

  function pageSizeOf(query: Record<string, string>): number {
    return Math.min(maxPageSize, Math.max(1, Number(query.pageSize ?? 10) || 10));
  }

  function skipPage<T>(items: readonly T[], query: Record<string, string>): { page: T[]; total: number } {
    const skip = Math.max(0, Number(query.skip ?? 0) || 0);
    return { page: items.slice(skip, skip + pageSizeOf(query)), total: items.length };
  }

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    baseUrl: `${url}/v4`,
    data,
    requests,
    answerNext: (path, ...answers) => canned.set(path, [...(canned.get(path) ?? []), ...answers]),
    tokensIssued: () => issued,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Newest first, within [start, end] when given (MightyCall's lists are newest first, as its app shows them). */
function between<T>(items: readonly T[], at: (item: T) => string, start: string | undefined, end: string | undefined): T[] {
  const from = start === undefined ? -Infinity : Date.parse(start);
  const to = end === undefined ? Infinity : Date.parse(end);
  return items.filter((item) => Date.parse(at(item)) >= from && Date.parse(at(item)) <= to).sort((a, b) => Date.parse(at(b)) - Date.parse(at(a)));
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
