import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../../src/shared/clock';
import { answerContactWrite } from './contact-writes';
import { messageEvent } from './message-payloads';
import { phoneNumberIdFor } from './payloads';
import { internalDelivery } from './live-webhooks';
import { sendOpenPhoneWebhook } from './sender';
import type { WebhookSwitch } from './webhook-switch';
import { Workspace } from './workspace/workspace';
import { answerWorkspaceRead, familyOf, isRouteError } from './workspace/workspace-routes';

/**
 * OpenPhone's REST API v1 as the relay uses it to send texts (spec telephony-providers
 * §1.9), on loopback: `Authorization: <key>` with no `Bearer`, `POST /v1/messages`
 * (validation errors and the sending codes 0206400 / 0200402 / 0101403 in OpenPhone's
 * error body), `GET /v1/messages/{id}`, `GET /v1/phone-numbers`, and 10 requests per
 * second per key answered 429. After accepting a message it delivers its outcome to the
 * relay as a signed webhook (message-payloads.ts): `message.delivered` (legacy generation)
 * or, when told, `message.failed` (new generation only, §1.2). It never imports the relay, so the two check each other.
 * Given a `workspace` (workspace/), it also serves that workspace's read endpoints
 * (workspace-routes.ts): conversations, calls, messages, a call's artifacts, contacts.
 */

export const OPENPHONE_RATE_PER_SECOND = 10;
const MAX_CONTENT = 1600;
const DOCS = 'https://openphone.com/docs';
const E164 = /^\+[1-9]\d{6,14}$/;

export interface EmulatedLine {
  number: string;
  name?: string;
  /** The OpenPhone users of the line (`US…`); a key's own user is assumed to be one unless `keyIsUser` is false. */
  keyIsUser?: boolean;
  /** The people GET /v1/phone-numbers lists on the line; default one owner, "Emulated Owner", whose id sends its texts. */
  users?: readonly EmulatedUser[];
}

/** A workspace user as GET /v1/phone-numbers lists it on each of their lines (§1.9). */
export interface EmulatedUser {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  role?: 'owner' | 'admin' | 'member';
}

/** A message as the REST API shows it (API-created, v4). */
export interface EmulatedMessage {
  id: string;
  object: 'message';
  from: string;
  to: string[];
  text: string;
  phoneNumberId: string;
  direction: 'outgoing';
  userId: string;
  status: 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed';
  createdAt: string;
  updatedAt: string;
}

export interface OutcomeWebhooks {
  /** The relay's base URL; deliveries go to `<url>/webhooks/openphone`. */
  relayUrl: string;
  /** Legacy signing secret (base64), for `message.delivered`. */
  legacySecretBase64?: string;
  /** New-generation `whsec_…` key, for `message.failed`. */
  standardSecret?: string;
  /** Wait before delivering (OpenPhone reports delivery some time after accepting). Default 20 ms. */
  delayMs?: number;
}

export interface OpenPhoneRestEmulatorOptions {
  apiKeys: readonly string[];
  lines: readonly EmulatedLine[];
  webhooks?: OutcomeWebhooks;
  /** Default 10 (§1.9). */
  ratePerSecond?: number;
  /** History and live activity the read endpoints list (workspace/); its lines should be among `lines`. Texts sent are added to it. */
  workspace?: Workspace;
  /** Withholds chosen webhooks, or all of them (webhook-switch.ts); shared with the live activity's. */
  webhookSwitch?: WebhookSwitch;
  /** The rate limit's clock (default `Date.now`): a test pins it so a loaded machine cannot spread a burst over a refill. */
  clock?: Clock;
}

export type SendingRefusal = '0206400' | '0200402' | '0101403';

export interface AnsweredRequest {
  method: string;
  path: string;
  status: number;
  atMs: number;
}

export interface OpenPhoneRestEmulator {
  /** http://127.0.0.1:PORT, for OPENPHONE_API_BASE_URL. */
  readonly url: string;
  /** Every message accepted, in order. */
  readonly messages: readonly EmulatedMessage[];
  /** Every request answered, in order. */
  readonly requests: readonly AnsweredRequest[];
  /** The workspace served, if any: add live activity to it with workspace/live-activity.ts. */
  readonly workspace: Workspace | undefined;
  /** What the relay answered each outcome webhook. */
  readonly webhookAnswers: readonly { type: string; messageId: string; status: number; text: string }[];
  /** Sends are refused with this code until set back to null. */
  refuseSends(code: SendingRefusal | null): void;
  /** The keys accepted from now on (a key revoked or made in OpenPhone's settings). */
  acceptKeys(keys: readonly string[]): void;
  /** Renames a user on every line they are on, as someone editing their profile in OpenPhone. */
  renameUser(userId: string, name: { firstName: string | null; lastName: string | null }): void;
  /** The next `count` requests are answered 429, as if another program were using the key. */
  answerTooManyRequests(count: number): void;
  /** Where outcome webhooks go from now on (the relay usually starts after the emulator it is pointed at). */
  deliverOutcomesTo(webhooks: OutcomeWebhooks): void;
  /** The outcome reported for messages accepted from now on (default delivered). */
  reportOutcome(outcome: 'delivered' | 'failed' | 'none'): void;
  /** Resolves once every outcome webhook due so far has been answered. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export async function startOpenPhoneRestEmulator(options: OpenPhoneRestEmulatorOptions): Promise<OpenPhoneRestEmulator> {
  const rate = options.ratePerSecond ?? OPENPHONE_RATE_PER_SECOND;
  let keys = new Set(options.apiKeys);
  const lines = options.lines.map((line) => {
    const userId = userIdFor(line.number);
    const users: EmulatedUser[] = (line.users ?? [{ id: userId, email: 'owner@example.test', firstName: 'Emulated', lastName: 'Owner', role: 'owner' }]).map((user) => ({ ...user }));
    return { ...line, id: phoneNumberIdFor(line.number), userId: users[0]?.id ?? userId, users };
  });
  // The contacts the relay pushes are kept even without a seeded workspace (contact-writes.ts).
  const contactBook = options.workspace ?? new Workspace(lines);
  const messages: EmulatedMessage[] = [];
  const requests: AnsweredRequest[] = [];
  const webhookAnswers: { type: string; messageId: string; status: number; text: string }[] = [];
  const buckets = new Map<string, { tokens: number; atMs: number }>();
  const clock = options.clock ?? Date.now;
  const pending = new Set<Promise<void>>();
  let refusal: SendingRefusal | null = null;
  let forced429 = 0;
  let outcome: 'delivered' | 'failed' | 'none' = 'delivered';
  let webhookTarget = options.webhooks;

  /** A token bucket per key: 10 at once, refilled at 10 a second (how OpenPhone counts is not documented). */
  const withinRate = (key: string, nowMs: number): boolean => {
    const bucket = buckets.get(key) ?? { tokens: rate, atMs: nowMs };
    const tokens = Math.min(rate, bucket.tokens + ((nowMs - bucket.atMs) / 1000) * rate);
    const allowed = tokens >= 1;
    buckets.set(key, { tokens: allowed ? tokens - 1 : tokens, atMs: nowMs });
    return allowed;
  };

  const lineOf = (from: string) => lines.find((line) => line.number === from || line.id === from);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<number> => {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const route = `${req.method} ${url.pathname}`;
    const family = familyOf(url.pathname);
    const key = req.headers.authorization;
    if (key === undefined || !keys.has(key)) {
      // A `Bearer <key>` is not the key (§1.9): refused like any wrong key.
      return fail(res, 401, `${family}00401`, 'Unauthorized', 'The API key is missing or invalid.');
    }
    if (forced429 > 0 || !withinRate(key, clock())) {
      if (forced429 > 0) forced429--;
      return fail(res, 429, `${family}00429`, 'Too Many Requests', 'Rate limit exceeded: at most 10 requests per second per API key.');
    }
    if (route === 'GET /v1/phone-numbers') {
      const now = new Date().toISOString();
      return json(res, 200, {
        data: lines.map((line) => ({
          id: line.id,
          groupId: `GR${line.id.slice(2)}`,
          name: line.name ?? 'Main line',
          number: line.number,
          formattedNumber: line.number,
          forward: null,
          portRequestId: null,
          portingStatus: null,
          symbol: null,
          users: line.users.map((user) => ({ id: user.id, email: user.email, firstName: user.firstName, lastName: user.lastName, role: user.role ?? 'member', groupId: `GR${line.id.slice(2)}` })),
          restrictions: { messaging: { US: 'unrestricted', CA: 'unrestricted', Intl: 'restricted' }, calling: { US: 'unrestricted', CA: 'unrestricted', Intl: 'restricted' } },
          createdAt: now,
          updatedAt: now,
        })),
      });
    }
    const write = await answerContactWrite(contactBook, req.method ?? '', url.pathname, () => readAll(req));
    if (write !== null) return isRouteError(write) ? fail(res, write.status, write.code, write.title, write.message, write.errors) : json(res, write.status, write.body);
    const readable = options.workspace ?? (url.pathname.startsWith('/v1/contact') ? contactBook : undefined);
    const read = readable === undefined ? null : answerWorkspaceRead(readable, req.method ?? '', url.pathname, url.searchParams);
    if (read !== null) return isRouteError(read) ? fail(res, read.status, read.code, read.title, read.message, read.errors) : json(res, read.status, read.body);
    const messageMatch = /^\/v1\/messages\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && messageMatch !== null) {
      const message = messages.find((candidate) => candidate.id === decodeURIComponent(messageMatch[1]!));
      return message === undefined ? fail(res, 404, '0201404', 'Not Found', 'Message not found') : json(res, 200, { data: message });
    }
    if (route === 'POST /v1/messages') {
      const body = parseJson(await readAll(req));
      const problems = validateSend(body);
      if (problems.length > 0) return fail(res, 400, '0200400', 'Bad Request', 'Invalid request body', problems);
      const send = body as { content: string; from: string; to: string[] };
      const line = lineOf(send.from);
      if (line === undefined) return fail(res, 400, '0200400', 'Bad Request', 'The from number is not a phone number of this workspace', [{ path: '/from', message: 'Unknown phone number', value: send.from }]);
      if (line.keyIsUser === false) return fail(res, 403, '0101403', 'Not Phone Number User', 'The user is not a member of this phone number.');
      if (refusal === '0206400') return fail(res, 400, refusal, 'A2P Registration Not Approved', 'A2P 10DLC registration is required to send messages to US numbers.');
      if (refusal === '0200402') return fail(res, 402, refusal, 'Not Enough Credits', 'Not enough prepaid credits to send this message.');
      if (refusal === '0101403') return fail(res, 403, refusal, 'Not Phone Number User', 'The user is not a member of this phone number.');
      const now = new Date().toISOString();
      const message: EmulatedMessage = {
        id: `AC${randomBytes(16).toString('hex')}`,
        object: 'message',
        from: line.number,
        to: [send.to[0]!],
        text: send.content,
        phoneNumberId: line.id,
        direction: 'outgoing',
        userId: line.userId,
        status: 'queued',
        createdAt: now,
        updatedAt: now,
      };
      messages.push(message);
      options.workspace?.addMessage({ ...message, to: [...message.to], status: 'sent', media: [] });
      if (outcome !== 'none') schedule(message, outcome);
      // A text to another of the workspace's lines arrives there too (the health check's).
      if (lineOf(message.to[0]!) !== undefined) scheduleReceived(message);
      return json(res, 202, { data: message });
    }
    return fail(res, 404, '0000404', 'Not Found', `No route ${route}`);
  };

  const schedule = (message: EmulatedMessage, result: 'delivered' | 'failed'): void => {
    const webhooks = webhookTarget;
    if (webhooks === undefined || options.webhookSwitch?.allows(`message.${result}`, message.id) === false) return;
    const delivery = new Promise<void>((resolve) => setTimeout(resolve, webhooks.delayMs ?? 20))
      .then(async () => {
        message.status = result;
        message.updatedAt = new Date().toISOString();
        const answer = await deliverOutcome(webhooks, message, result);
        webhookAnswers.push({ type: `message.${result}`, messageId: message.id, ...answer });
      })
      .catch((error: unknown) => {
        webhookAnswers.push({ type: `message.${result}`, messageId: message.id, status: 0, text: error instanceof Error ? error.message : String(error) });
      })
      .finally(() => pending.delete(delivery));
    pending.add(delivery);
  };

  const scheduleReceived = (message: EmulatedMessage): void => {
    const received = internalDelivery(options.workspace, { from: message.from, to: message.to[0]!, text: message.text, createdAt: new Date(message.createdAt) });
    const webhooks = webhookTarget;
    if (webhooks?.legacySecretBase64 === undefined || options.webhookSwitch?.allows('message.received', received.messageId) === false) return;
    const secret = webhooks.legacySecretBase64;
    const delivery: Promise<void> = new Promise<void>((resolve) => setTimeout(resolve, webhooks.delayMs ?? 20))
      .then(() => sendOpenPhoneWebhook(webhooks.relayUrl, received.body, { secretBase64: secret }))
      .then((answer) => webhookAnswers.push({ type: 'message.received', messageId: received.messageId, ...answer }))
      .catch((error: unknown) => webhookAnswers.push({ type: 'message.received', messageId: received.messageId, status: 0, text: error instanceof Error ? error.message : String(error) }))
      .then(() => {
        pending.delete(delivery);
      });
    pending.add(delivery);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).then(
      (status) => requests.push({ method: req.method ?? '', path: new URL(req.url ?? '/', 'http://emulator').pathname, status, atMs: Date.now() }),
      () => {
        if (!res.headersSent) fail(res, 500, '0101500', 'Internal Server Error', 'Unknown error');
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    messages,
    requests,
    webhookAnswers,
    workspace: options.workspace,
    refuseSends: (code) => {
      refusal = code;
    },
    acceptKeys: (next) => {
      keys = new Set(next);
    },
    renameUser: (userId, name) => {
      for (const user of lines.flatMap((line) => line.users)) if (user.id === userId) Object.assign(user, name);
    },
    answerTooManyRequests: (count) => {
      forced429 = count;
    },
    deliverOutcomesTo: (webhooks) => {
      webhookTarget = webhooks;
    },
    reportOutcome: (next) => {
      outcome = next;
    },
    settled: async () => {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    close: async () => {
      await Promise.all([...pending]);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** Validation as OpenPhone's OpenAPI schema states it (§1.9); each problem names its path. */
export function validateSend(body: unknown): { path: string; message: string; value?: unknown }[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [{ path: '', message: 'Expected object' }];
  const { content, from, to } = body as Record<string, unknown>;
  const problems: { path: string; message: string; value?: unknown }[] = [];
  if (typeof content !== 'string') problems.push({ path: '/content', message: 'Expected string', value: content });
  else if (content.length < 1 || content.length > MAX_CONTENT) problems.push({ path: '/content', message: `Expected string length between 1 and ${MAX_CONTENT}`, value: content.length });
  else if (content.trim() === '') problems.push({ path: '/content', message: 'Expected a non-whitespace string', value: content });
  if (typeof from !== 'string' || !(E164.test(from) || /^PN\w+$/.test(from))) problems.push({ path: '/from', message: 'Expected a phone number id (PN…) or an E.164 number', value: from });
  if (!Array.isArray(to)) problems.push({ path: '/to', message: 'Expected array', value: to });
  else if (to.length !== 1) problems.push({ path: '/to', message: to.length === 0 ? 'Expected array length to be greater or equal to 1' : 'Expected array length to be less or equal to 1', value: to });
  else if (typeof to[0] !== 'string' || !E164.test(to[0])) problems.push({ path: '/to/0', message: 'Expected an E.164 phone number', value: to[0] });
  return problems;
}

/**
 * The signed outcome webhook for an accepted message, built by the webhook emulator's own
 * payloads: `message.delivered` in the legacy generation, `message.failed` in the new one
 * (the only generation that has it, §1.2).
 */
async function deliverOutcome(webhooks: OutcomeWebhooks, message: EmulatedMessage, result: 'delivered' | 'failed'): Promise<{ status: number; text: string }> {
  const at = new Date();
  const generation = result === 'delivered' ? 'legacy' : 'standard';
  const secret = generation === 'legacy' ? webhooks.legacySecretBase64 : webhooks.standardSecret;
  if (secret === undefined) throw new Error(result === 'delivered' ? 'message.delivered needs webhooks.legacySecretBase64' : 'message.failed needs webhooks.standardSecret (a new-generation key)');
  const delivery = messageEvent({
    type: `message.${result}`,
    generation,
    messageId: message.id,
    line: message.from,
    participants: message.to,
    body: message.text,
    at,
    createdAt: new Date(message.createdAt),
    userId: message.userId,
  });
  return sendOpenPhoneWebhook(webhooks.relayUrl, delivery.body, { secretBase64: secret, generation, now: at });
}

function fail(res: ServerResponse, status: number, code: string, title: string, message: string, errors?: { path: string; message: string; value?: unknown }[]): number {
  return json(res, status, {
    message,
    code,
    status,
    docs: DOCS,
    title,
    trace: randomBytes(8).toString('hex'),
    ...(errors === undefined ? {} : { errors: errors.map((error) => ({ ...error, schema: { type: error.path === '/to' ? 'array' : 'string' } })) }),
  });
}

function json(res: ServerResponse, status: number, body: unknown): number {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
  return status;
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The `US…` id of a line's (emulated) user. */
function userIdFor(number: string): string {
  return `US${phoneNumberIdFor(number).slice(2)}`;
}
