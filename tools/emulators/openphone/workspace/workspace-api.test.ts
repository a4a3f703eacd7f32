import { afterEach, describe, expect, it } from 'vitest';
import { startOpenPhoneRestEmulator, type OpenPhoneRestEmulator } from '../rest-api';
import { recordLiveCall } from './live-activity';
import { SEEDED_LINES, seededWorkspace } from './seeded-workspace';

const KEY = 'emulated-api-key-0001';
let emulator: OpenPhoneRestEmulator | null = null;

afterEach(async () => {
  await emulator?.close();
  emulator = null;
});

async function start(options: Parameters<typeof seededWorkspace>[0] = {}) {
  const workspace = seededWorkspace({ conversations: 120, contacts: 90, photos: 20, ...options });
  emulator = await startOpenPhoneRestEmulator({ apiKeys: [KEY], lines: workspace.lines, workspace, ratePerSecond: 1000 });
  return { emulator, workspace };
}

async function get(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${emulator!.url}${path}`, { headers: { authorization: KEY } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('OpenPhone emulator: a seeded workspace through the REST API', () => {
  it('the same seed gives the same workspace, ids included, and the default is the size issue 12 describes', () => {
    const a = seededWorkspace({ conversations: 50, contacts: 10 });
    const b = seededWorkspace({ conversations: 50, contacts: 10 });
    expect(a.conversationsNewestFirst().map((c) => c.id)).toEqual(b.conversationsNewestFirst().map((c) => c.id));
    expect(a.totals()).toEqual(b.totals());
    const full = seededWorkspace().totals();
    expect(full.conversations).toBeGreaterThanOrEqual(6_900);
    expect(full.contacts).toBe(3_000);
    expect(full.photos).toBeGreaterThan(200);
    expect(full.photos).toBeLessThan(450);
    const every = seededWorkspace({ conversations: 2_000, contacts: 0 });
    const ids = every.conversationsNewestFirst().flatMap((c) => [...every.callsOf(c.phoneNumberId, c.participants[0]!), ...every.messagesOf(c.phoneNumberId, c.participants)].map((item) => item.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a quiet line (the demo’s health-check line) is one of the workspace’s lines and carries none of its history', () => {
    const quiet = { ...SEEDED_LINES[2]!, users: [...SEEDED_LINES[2]!.users] };
    const workspace = seededWorkspace({ conversations: 40, contacts: 0, lines: SEEDED_LINES.slice(0, 2), quietLines: [quiet] });
    expect(workspace.lines.map((l) => l.number)).toEqual(SEEDED_LINES.map((l) => l.number));
    expect(workspace.conversationsNewestFirst().length).toBe(40);
    expect(workspace.conversationsNewestFirst().filter((c) => c.phoneNumberId === quiet.id)).toEqual([]);
  });

  it('conversations page with nextPageToken until null, newest first, every one once, whatever totalItems says', async () => {
    const { workspace } = await start();
    const seen: string[] = [];
    let token: string | null = null;
    let wrongTotal = false;
    do {
      const page = await get(`/v1/conversations?maxResults=25${token === null ? '' : `&pageToken=${token}`}`);
      expect(page.status).toBe(200);
      const data = page.body.data as { id: string; lastActivityAt: string }[];
      seen.push(...data.map((c) => c.id));
      if (page.body.totalItems !== workspace.conversations.length) wrongTotal = true;
      token = page.body.nextPageToken as string | null;
    } while (token !== null);
    expect(new Set(seen).size).toBe(workspace.conversations.length);
    expect(seen.length).toBe(workspace.conversations.length);
    expect(wrongTotal).toBe(true);
  });

  it('calls need a line, exactly one participant and maxResults, refused in OpenPhone error bodies otherwise', async () => {
    const { workspace } = await start();
    const conversation = workspace.conversationsNewestFirst().find((c) => c.participants.length === 1 && workspace.callsOf(c.phoneNumberId, c.participants[0]!).length > 0)!;
    const [customer] = conversation.participants;
    const ok = await get(`/v1/calls?phoneNumberId=${conversation.phoneNumberId}&participants=${encodeURIComponent(customer!)}&maxResults=100`);
    expect(ok.status).toBe(200);
    expect((ok.body.data as unknown[]).length).toBe(workspace.callsOf(conversation.phoneNumberId, customer!).length);
    const two = await get(`/v1/calls?phoneNumberId=${conversation.phoneNumberId}&participants=%2B15550000001&participants=%2B15550000002&maxResults=10`);
    expect(two.status).toBe(400);
    expect(two.body).toMatchObject({ code: '0100400', status: 400, errors: [{ path: '/participants', message: 'Expected array length to be less or equal to 1' }] });
    const noMax = await get(`/v1/messages?phoneNumberId=${conversation.phoneNumberId}&participants=${encodeURIComponent(customer!)}`);
    expect(noMax.body).toMatchObject({ code: '0200400', errors: [{ path: '/maxResults' }] });
    const contacts = await get('/v1/contacts?maxResults=51');
    expect(contacts.body).toMatchObject({ code: '0800400', errors: [{ path: '/maxResults', message: 'Expected integer between 1 and 50' }] });
  });

  it('a never summarized call answers 404, old media comes without a URL, app-made contacts are not listed', async () => {
    const { workspace } = await start({ conversations: 300 });
    const calls = workspace.conversationsNewestFirst().flatMap((c) => (c.participants.length === 1 ? workspace.callsOf(c.phoneNumberId, c.participants[0]!) : []));
    const missed = calls.find((call) => call.answeredAt === null)!;
    expect((await get(`/v1/call-summaries/${missed.id}`)).body).toMatchObject({ status: 404, code: '0500404', message: 'Call summary not found' });
    const old = calls.find((call) => workspace.artifactsOf(call.id)!.recordings.some((r) => r.url === null))!;
    const recordings = await get(`/v1/call-recordings/${old.id}`);
    expect(recordings.body.data).toEqual([expect.objectContaining({ url: null, status: 'deleted' })]);
    let listed = 0;
    let token: string | null = null;
    do {
      const page = await get(`/v1/contacts?maxResults=50${token === null ? '' : `&pageToken=${token}`}`);
      listed += (page.body.data as unknown[]).length;
      token = page.body.nextPageToken as string | null;
    } while (token !== null);
    expect(listed).toBe(workspace.contacts.filter((c) => c.source !== 'openphone-app').length);
    expect(listed).toBeLessThan(workspace.contacts.length);
  });

  it('live activity added during a test is listed like the history, and more than 10 requests a second are answered 429', async () => {
    const workspace = seededWorkspace({ conversations: 5, contacts: 0 });
    emulator = await startOpenPhoneRestEmulator({ apiKeys: [KEY], lines: workspace.lines, workspace });
    const line = SEEDED_LINES[1]!;
    const call = recordLiveCall(workspace, { line: line.number, customer: '+16175559999', createdAt: new Date('2026-12-01T10:00:00Z'), answeredSeconds: 42 });
    const listed = await get(`/v1/calls?phoneNumberId=${line.id}&participants=%2B16175559999&maxResults=10&createdAfter=2026-12-01T00:00:00Z`);
    expect(listed.body.data).toEqual([expect.objectContaining({ id: call.id, duration: 42 })]);
    const statuses = await Promise.all(Array.from({ length: 14 }, () => get('/v1/contact-custom-fields').then((answer) => answer.status)));
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(3);
  });
});
