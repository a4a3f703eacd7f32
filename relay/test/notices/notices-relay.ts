import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RingsideEvent } from '../../../src/shared/events/model';
import { DEFAULT_NOTICE_SETTINGS } from '../../src/notices/notice-setup-store';
import type { NoticeSettings } from '../../../src/shared/relay-rest/notices';
import { parseRelaySettings } from '../../src/config';
import { openRelayDatabase, type RelayDatabase } from '../../src/database';
import { addDevice } from '../../src/devices/device-store';
import { createLogger } from '../../src/logger';
import { createRelay, type Relay } from '../../src/server';
import { NoticeMailServer } from './notice-mail-server';

/**
 * A real relay on loopback (createRelay, a SQLite file, HTTP) sending notice mail through a
 * real mail server (NoticeMailServer) with H3b's email channel. The relay's clock is the
 * test's: real time plus what `advance()` adds. Events go straight into its log, as the
 * consoles' POST /v1/events would put them.
 */
/** The relay's answer; the tests read its JSON as they would read the contract's fields. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any JSON the relay answers, checked by each test's expectations
export type RelayAnswer = { status: number; body: any };

export interface NoticesRelay {
  readonly url: string;
  readonly relay: Relay;
  readonly db: RelayDatabase;
  readonly smtp: NoticeMailServer;
  readonly admin: string;
  advance(ms: number): void;
  now(): number;
  token(name: string, role: 'admin' | 'bookkeeper' | 'agent'): string;
  append(...events: RingsideEvent[]): Promise<void>;
  call(method: string, pathname: string, token: string | null, body?: unknown): Promise<RelayAnswer>;
  /** Every kind off but those given, by email. */
  turnOn(patch: Partial<NoticeSettings>): Promise<void>;
  /** Stops the relay gracefully and starts it again on the same data dir and port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startNoticesRelay(env: Record<string, string> = {}): Promise<NoticesRelay> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ringside-notices-'));
  const smtp = await NoticeMailServer.start();
  let offset = 0;
  const clock = (): number => Date.now() + offset;
  let port = 0;
  const settingsFor = (publicPort: number) => {
    const parsed = parseRelaySettings({
      RELAY_DATA_DIR: dataDir,
      RELAY_PUBLIC_URL: `http://127.0.0.1:${publicPort}`,
      RELAY_SMTP_HOST: '127.0.0.1',
      RELAY_SMTP_PORT: String(smtp.port),
      RELAY_SMTP_SECURITY: 'none',
      RELAY_NOTICE_EMAIL_FROM: 'Front Desk Co <billing@frontdesk.example>',
      RELAY_BUSINESS_NAME: 'Front Desk Co',
      ...env,
    });
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    return parsed.settings;
  };
  const launch = async (): Promise<{ relay: Relay; db: RelayDatabase }> => {
    const db = openRelayDatabase(dataDir);
    // The public URL (in unsubscribe links) names the port, so a free one is picked first.
    if (port === 0) port = await freePort();
    const relay = createRelay({ settings: settingsFor(port), db, logger: createLogger('error', clock), clock, devicePollMs: 50 });
    await new Promise<void>((resolve) => relay.server.listen(port, '127.0.0.1', resolve));
    return { relay, db };
  };
  let running = await launch();
  const url = `http://127.0.0.1:${port}`;
  // As the device CLI adds one: from another connection, which the relay notices on the next request.
  const token = (name: string, role: 'admin' | 'bookkeeper' | 'agent'): string => {
    const cli = openRelayDatabase(dataDir);
    try {
      return addDevice(cli, { name, role, numbers: [] }, new Date(clock())).token;
    } finally {
      cli.close();
    }
  };
  const admin = token('Owner laptop', 'admin');
  const call = async (method: string, pathname: string, bearer: string | null, body?: unknown) => {
    const send = () =>
      fetch(`${url}${pathname}`, {
        method,
        headers: { ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    // A kept-alive connection to the relay before a restart is closed under the first request after it.
    const response = await send().catch(send);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // HTML pages stay text.
    }
    return { status: response.status, body: parsed as RelayAnswer['body'] };
  };
  return {
    url,
    get relay() {
      return running.relay;
    },
    get db() {
      return running.db;
    },
    smtp,
    admin,
    advance(ms) {
      offset += ms;
    },
    now: clock,
    token,
    async append(...events) {
      for (const event of events) await running.relay.log.append(event);
    },
    call,
    async turnOn(patch) {
      const answer = await call('PUT', '/v1/notices/settings', admin, { settings: { ...DEFAULT_NOTICE_SETTINGS, ...patch } });
      if (answer.status !== 200) throw new Error(`settings refused: ${JSON.stringify(answer.body)}`);
    },
    async restart() {
      await running.relay.close();
      running.db.close();
      running = await launch();
    },
    async stop() {
      await running.relay.close();
      running.db.close();
      await smtp.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
