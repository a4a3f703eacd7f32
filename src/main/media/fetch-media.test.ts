import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVENT_MODEL_VERSION, type RingsideEvent } from '../../shared/events/model';
import { openConsoleDatabase, type ConsoleDatabase } from '../db/open-console-database';
import { applyBatch } from '../projection/apply-event';
import { fetchMedia } from './fetch-media';
import { createMediaCache } from './media-cache';

const PHOTO = Buffer.from('\xff\xd8\xff\xe0 a small jpeg', 'latin1');
const SHA = createHash('sha256').update(PHOTO).digest('hex');
const TOKEN = 'device-token-0123456789';

describe('media for the page', () => {
  let db: ConsoleDatabase;
  let server: Server;
  let url: string;
  let requests: string[];
  let dir: string;

  beforeEach(async () => {
    db = await openConsoleDatabase(':memory:');
    dir = mkdtempSync(join(tmpdir(), 'ringside-fetch-media-'));
    requests = [];
    // A relay on loopback serving GET /v1/media/<sha256> to the bearer of the device token.
    server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end();
      if (req.url === `/v1/media/${SHA}`) return void res.writeHead(200, { 'content-type': 'image/jpeg' }).end(PHOTO);
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const envelope = (id: string) => ({ v: EVENT_MODEL_VERSION, id, occurredAt: '2026-03-02T15:00:00.000Z', receivedAt: '2026-03-02T15:00:00.000Z', lines: ['+16175550199'] });
    const events: RingsideEvent[] = [
      { ...envelope('cap'), source: 'relay', type: 'media.captured', data: { mediaId: 'openphone:MS1:media:0', sha256: SHA, contentType: 'image/jpeg', bytes: PHOTO.length } },
      {
        ...envelope('msg'),
        source: 'openphone',
        type: 'message.recorded',
        data: {
          messageId: 'openphone:MS2',
          direction: 'incoming',
          businessNumber: '+16175550199',
          from: '+16175550100',
          participants: ['+16175550100'],
          body: '',
          media: [{ mediaId: 'openphone:MS2:media:0', url: 'https://media.example/expired', contentType: 'image/png', durationSeconds: null }],
          status: 'received',
          errorCode: null,
          sentAt: '2026-03-02T15:00:00.000Z',
          providerConversationId: null,
          userId: null,
          campaignId: null,
          healthCheck: false,
        },
      },
    ];
    applyBatch(db, events.map((event, i) => ({ seq: i + 1, event })));
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a captured photo is fetched from the relay once, then read from the cache', async () => {
    const cache = createMediaCache(dir);
    const first = await fetchMedia(db, cache, () => ({ url, token: TOKEN }), 'openphone:MS1:media:0');
    expect(first).toEqual({ available: true, contentType: 'image/jpeg', data: PHOTO.toString('base64'), bytes: PHOTO.length });
    const again = await fetchMedia(db, cache, () => ({ url, token: TOKEN }), 'openphone:MS1:media:0');
    expect(again).toEqual(first);
    expect(requests).toEqual([`GET /v1/media/${SHA}`]);
  });

  it('media the relay has not saved yet, or an unknown id, is unavailable in plain words', async () => {
    const cache = createMediaCache(dir);
    expect(await fetchMedia(db, cache, () => ({ url, token: TOKEN }), 'openphone:MS2:media:0')).toEqual({ available: false, reason: 'The relay has not saved this file yet. Try again in a minute.' });
    expect(await fetchMedia(db, cache, () => ({ url, token: TOKEN }), 'openphone:nope')).toMatchObject({ available: false });
    expect(requests).toEqual([]);
  });
});
