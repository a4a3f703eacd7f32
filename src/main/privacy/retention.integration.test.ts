import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import { callTranscriptCompletedEvent } from '../../../tools/emulators/openphone/artifact-payloads';
import { inboundSms } from '../../../tools/emulators/openphone/message-script';
import { callCompletedEvent, newCallId, phoneNumberIdFor } from '../../../tools/emulators/openphone/payloads';
import { sendOpenPhoneWebhook } from '../../../tools/emulators/openphone/sender';
import type { ApiInput, ApiMethod, ApiOutputs } from '../../shared/api/contract';
import { dispatchApiCall } from '../api/dispatch';
import { createConsoleCore, type ConsoleCore } from '../core/console-core';
import { MemorySettingsStore } from '../settings';

/**
 * Retention followed on a console (issue 15 §4), with a real relay process and a real console
 * core on its own SQLite file: a call 45 days old whose transcript proposed a visit, and a text
 * as old, beside a call and a text of this morning. The admin keeps transcripts and texts 30
 * days; the relay's retention run (a minute after it starts) rewrites the old ones and says so
 * with log.redacted; the console re-reads them and rebuilds. Then the console's database, its
 * -wal and -shm are read byte by byte: the old words, and what the proposed job quoted of them,
 * are gone; this morning's are still there.
 */

const LINE = '+16175550290';
const CALLER = '+16175550283';
const OLD_TURNS = ['Thanks for calling, how can I help?', 'Hi, this is Philippa Marchbanks. The boiler in my attic groans every night.', 'What is the address?', 'It is 17 Wrenfield Close, Springfield.', 'We can come Thursday at 2 pm.', 'Thursday at 2 works. The gate latch is stiff, lift it first.'];
const OLD_TEXT = 'the old side gate code is 4471, let yourselves in';
const NEW_WORDS = 'the new furnace is making a rattle since this morning';
const NEW_TEXT = 'the new side gate code is 9902';
/** The old call's words, as its transcript and its proposed job's evidence held them. */
const OLD_NEEDLES = ['Hi, this is Philippa Marchbanks', 'The boiler in my attic groans every night', 'It is 17 Wrenfield Close', 'We can come Thursday at 2 pm', 'The gate latch is stiff', OLD_TEXT];

const DAY = 86_400_000;
let dir: string;
let relay: RelayProcess;
let core: ConsoleCore;
let secret: string;
const dbPath = () => join(dir, 'console.db');
const consoleFiles = () => [dbPath(), `${dbPath()}-wal`, `${dbPath()}-shm`];

async function api<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutputs[M]> {
  const result = await dispatchApiCall(core.handlers, method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error}`);
  return result.value as ApiOutputs[M];
}

async function post(body: string): Promise<void> {
  const answer = await sendOpenPhoneWebhook(relay.url, body, { secretBase64: secret, generation: 'legacy' });
  expect(answer.status, answer.text).toBeLessThan(300);
}

function consoleRows<T>(sql: string, ...params: unknown[]): T[] {
  const db = new BetterSqlite3(dbPath(), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

function needlesIn(files: readonly string[], wanted: readonly string[]): string[] {
  const hits: string[] = [];
  for (const file of files) {
    if (!existsSync(file)) continue;
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      continue; // a -wal or -shm SQLite removed meanwhile
    }
    for (const needle of wanted) if (bytes.includes(Buffer.from(needle, 'utf8')) || bytes.includes(Buffer.from(needle, 'utf16le'))) hits.push(`${file.slice(dir.length + 1)}: ${needle}`);
  }
  return hits;
}

async function call(start: Date, turns: readonly string[]): Promise<void> {
  const later = (seconds: number) => new Date(start.getTime() + seconds * 1000);
  const callId = newCallId();
  await post(callCompletedEvent({ callId, from: CALLER, to: LINE, createdAt: start, answeredAt: later(5), completedAt: later(125) }).body);
  await post(
    callTranscriptCompletedEvent({
      callId,
      at: later(130),
      durationSeconds: 120,
      dialogue: turns.map((content, index) => ({ identifier: index % 2 === 0 ? LINE : CALLER, userId: index % 2 === 0 ? 'US1' : null, content, start: index * 5, end: index * 5 + 4 })),
    }).body,
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ringside-retention-scan-'));
  secret = randomBytes(32).toString('base64');
  relay = await startRelayProcess({ dataDir: join(dir, 'relay'), secretBase64: secret, env: { OPENPHONE_PHONE_NUMBER_IDS: `${phoneNumberIdFor(LINE)}=${LINE}` } });
  const token = await relay.addDevice('Back office', 'admin');
  core = createConsoleCore({ dbPath: dbPath(), mediaCacheDir: join(dir, 'media-cache'), settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken: token, phoneRegion: 'US' }), backoff: { baseMs: 50, capMs: 300 }, quickBooksSync: false });
  await core.start();

  const old = new Date(Date.now() - 45 * DAY);
  const recent = new Date(Date.now() - 3_600_000);
  await call(old, OLD_TURNS);
  await post(inboundSms({ line: LINE, from: CALLER, body: OLD_TEXT, start: new Date(old.getTime() + 600_000) }).deliveries[0]!.body);
  await call(recent, ['Thanks for calling, how can I help?', NEW_WORDS]);
  await post(inboundSms({ line: LINE, from: CALLER, body: NEW_TEXT, start: new Date(recent.getTime() + 600_000) }).deliveries[0]!.body);

  // The console has both calls' words, both texts, and the visit the old call proposed with the words it came from.
  await vi.waitFor(
    () => {
      expect(consoleRows('SELECT 1 FROM messages')).toHaveLength(2);
      expect(consoleRows('SELECT 1 FROM transcript_lines')).toHaveLength(OLD_TURNS.length + 2);
      expect(consoleRows<{ evidence: string }>("SELECT evidence FROM job_proposals WHERE evidence LIKE '%Wrenfield%'")).toHaveLength(1);
    },
    { timeout: 30_000, interval: 100 },
  );
}, 120_000);

afterAll(async () => {
  await core?.stop();
  await relay?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a retention run followed on a console', () => {
  it("leaves none of an old transcript's or text's words (nor what its job quoted of them) in the console's database files, and keeps the younger ones", async () => {
    expect(needlesIn(consoleFiles(), OLD_NEEDLES).length).toBeGreaterThan(0);
    await api('privacy.setRetention', { days: { recordings: null, transcripts: 30, message_bodies: 30, media: null } });

    // The relay's first run comes a minute after it started; the console follows what it announces to the end.
    await vi.waitFor(
      () => {
        const parts = consoleRows<{ state: string }>("SELECT state FROM privacy_redactions");
        expect(parts.length).toBeGreaterThan(0);
        expect(parts.filter((part) => part.state !== 'done')).toEqual([]);
      },
      { timeout: 150_000, interval: 250 },
    );

    expect(consoleRows<{ body: string }>('SELECT body FROM messages ORDER BY body').map((row) => row.body)).toEqual(['', NEW_TEXT]);
    const lines = consoleRows<{ text: string }>('SELECT text FROM transcript_lines').map((row) => row.text);
    expect(lines.filter((text) => text !== '')).toEqual(expect.arrayContaining([NEW_WORDS]));
    expect(lines.filter((text) => text !== '')).toHaveLength(2);
    // The old call's proposed visit is still on the board, without the words it came from.
    expect(consoleRows<{ evidence: string }>("SELECT evidence FROM job_proposals WHERE evidence <> ''")).toEqual([]);
    expect(consoleRows('SELECT 1 FROM jobs')).toHaveLength(1);

    expect(needlesIn(consoleFiles(), OLD_NEEDLES)).toEqual([]);
    expect(needlesIn(consoleFiles(), [NEW_WORDS, NEW_TEXT])).toHaveLength(2);
  }, 200_000);
});
