import { afterEach, describe, expect, it } from 'vitest';
import type { EventOf, RingsideEvent } from '../../../../src/shared/events/model';
import { SEED_CALLERS, SEED_LINES } from '../../../../tools/emulators/mightycall/seed';
import { CREDENTIALS_ALERT } from '../../../src/providers/mightycall/mightycall-poller';
import { countByType, startRig, type Rig } from './poller-rig';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const MINUTE = 60_000;
const alerts = (events: readonly RingsideEvent[]) => events.filter((event): event is EventOf<'relay.alert'> => event.type === 'relay.alert');
const ids = (events: readonly RingsideEvent[]) => events.map((event) => `${event.type} ${event.id}`);
/** What a receptionist reads: no setting names, and no promise that nothing is lost (a page that cannot be read is passed over). */
const expectPlainWords = (message: string) => {
  expect(message).not.toMatch(/\b[A-Z]+_[A-Z_]+\b/);
  expect(message.toLowerCase()).not.toContain('nothing is lost');
};

describe('the MightyCall poller', () => {
  it("stores the account's numbers, calls with their recordings, the transcribed voicemail, texts and contacts, with a token and x-api-key on every request", async () => {
    rig = await startRig();
    // 24 h × 3 fast requests ÷ (2,000 − 2 slow × 24): the interval before any round has taught it more.
    expect(rig.poller.status().intervalSeconds).toBe(133);
    const report = await rig.poller.pollOnce();
    expect(report.failure).toBeNull();
    expect(countByType(rig.events())).toEqual({
      'provider.directory_synced': 1,
      'contact.changed': 2,
      'call.completed': 5,
      'call.recording_ready': 3,
      'call.voicemail_ready': 1,
      'call.transcript_ready': 1,
      'message.recorded': 2,
    });
    const events = rig.events();
    const directory = events.find((event): event is EventOf<'provider.directory_synced'> => event.type === 'provider.directory_synced')!;
    expect(directory.data).toMatchObject({ provider: 'mightycall', lines: [{ number: SEED_LINES.main, name: 'MightyCall main line' }, { number: SEED_LINES.support, name: 'MightyCall support' }] });
    const answered = events.find((event): event is EventOf<'call.completed'> => event.type === 'call.completed' && event.data.callId === 'mightycall:mc-call-1001')!;
    expect(answered).toMatchObject({ source: 'mightycall', lines: [SEED_LINES.main], data: { direction: 'incoming', externalNumber: SEED_CALLERS[0], durationSeconds: 312 } });
    expect(answered.data.answeredAt).not.toBeNull();
    const missed = events.find((event): event is EventOf<'call.completed'> => event.type === 'call.completed' && event.data.callId === 'mightycall:mc-call-1002')!;
    expect(missed.data).toMatchObject({ answeredAt: null, durationSeconds: 0 });
    const voicemail = events.find((event): event is EventOf<'call.voicemail_ready'> => event.type === 'call.voicemail_ready')!;
    expect(voicemail.data).toMatchObject({ callId: 'mightycall:mc-call-1004', transcript: 'Hi, this is Morgan, please call me back about my renewal.', voicemail: { mediaId: 'mightycall:mc-vm-2001:voicemail:0' } });
    const texts = events.filter((event): event is EventOf<'message.recorded'> => event.type === 'message.recorded');
    expect(texts.map((text) => [text.data.direction, text.data.status, text.data.body])).toEqual(
      expect.arrayContaining([
        ['incoming', 'received', 'Are you open on Saturday?'],
        ['outgoing', 'delivered', 'Yes, 9 to 1.'],
      ]),
    );
    const data = rig.emulator.requests.filter((request) => request.path !== '/v4/auth/token');
    expect(data.length).toBe(report.requests - 1);
    expect(data.every((request) => request.authorized)).toBe(true);
    expect(rig.emulator.tokensIssued()).toBe(1);
    const status = rig.poller.status();
    expect(status).toMatchObject({ configured: true, budget: 2500, usedLast24h: report.requests, lastError: null, imported: { calls: 5, recordings: 3, voicemails: 1, messages: 2, contacts: 2, lines: 2 } });
    expect(status.intervalSeconds).toBeGreaterThanOrEqual(133);
  });

  it('a poll after a relay restart imports nothing twice, and the day\'s requests are remembered', async () => {
    rig = await startRig();
    await rig.poller.pollOnce();
    const before = rig.events();
    const used = rig.poller.status().usedLast24h;
    rig.restart();
    expect(rig.poller.status().usedLast24h).toBe(used);
    rig.advance(2 * 60 * MINUTE);
    const again = await rig.poller.pollOnce();
    expect(again.failure).toBeNull();
    expect(again.stored).toBe(0);
    expect(ids(rig.events())).toEqual(ids(before));
    // The restarted relay needed a token of its own, and read only new windows.
    expect(rig.emulator.tokensIssued()).toBe(2);
  });

  it('overlapping windows: a call MightyCall lists only after its window was read is still stored, once; a call under way waits for a later round', async () => {
    rig = await startRig();
    await rig.poller.pollOnce();
    const late = { id: 'mc-call-late', from: SEED_CALLERS[1], to: SEED_LINES.main, businessNumber: SEED_LINES.main, direction: 'Incoming' as const, dateTimeUtc: new Date(rig.now() - 5 * MINUTE).toISOString(), duration: 61, callStatus: 'Connected' as const, listedFromMs: rig.now() + 30 * MINUTE };
    const ongoing = { id: 'mc-call-ongoing', from: SEED_CALLERS[2], to: SEED_LINES.main, businessNumber: SEED_LINES.main, direction: 'Incoming' as const, dateTimeUtc: new Date(rig.now() - MINUTE).toISOString(), duration: 0, callStatus: 'InProgress' as const };
    rig.emulator.data.calls.push(late, ongoing);
    rig.advance(10 * MINUTE);
    await rig.poller.pollOnce();
    const completed = () => rig!.events().filter((event): event is EventOf<'call.completed'> => event.type === 'call.completed').map((event) => event.data.callId);
    expect(completed()).not.toContain('mightycall:mc-call-late');
    expect(completed()).not.toContain('mightycall:mc-call-ongoing');
    // Listed late, then the call under way ends: the next windows start MIGHTYCALL_POLL_OVERLAP_MINUTES back and read both.
    rig.advance(40 * MINUTE);
    Object.assign(ongoing, { callStatus: 'Connected', duration: 30 });
    await rig.poller.pollOnce();
    rig.advance(10 * MINUTE);
    await rig.poller.pollOnce();
    expect(completed().filter((id) => id === 'mightycall:mc-call-late')).toHaveLength(1);
    expect(completed().filter((id) => id === 'mightycall:mc-call-ongoing')).toHaveLength(1);
    expect(completed()).toHaveLength(7);
    const windows = rig.emulator.requests.filter((request) => request.path === '/v4/calls');
    for (let i = 1; i < windows.length; i++) expect(Date.parse(windows[i]!.query.startUtc!)).toBeLessThan(Date.parse(windows[i - 1]!.query.endUtc!));
  });

  it('a 3-hour call, under way at every poll for longer than MIGHTYCALL_POLL_OVERLAP_MINUTES and across a restart, is imported once when it ends', async () => {
    rig = await startRig();
    await rig.poller.pollOnce();
    const long = { id: 'mc-call-three-hours', from: SEED_CALLERS[2], to: SEED_LINES.main, businessNumber: SEED_LINES.main, direction: 'Incoming' as const, dateTimeUtc: new Date(rig.now() - MINUTE).toISOString(), duration: 0, callStatus: 'InProgress' as const };
    rig.emulator.data.calls.push(long);
    const completed = () => rig!.events().filter((event): event is EventOf<'call.completed'> => event.type === 'call.completed').map((event) => event.data.callId);
    for (let poll = 0; poll < 6; poll++) {
      rig.advance(30 * MINUTE);
      if (poll === 3) rig.restart();
      await rig.poller.pollOnce();
      expect(completed()).not.toContain('mightycall:mc-call-three-hours');
    }
    Object.assign(long, { callStatus: 'Connected', duration: 3 * 60 * 60 });
    rig.advance(30 * MINUTE);
    await rig.poller.pollOnce();
    rig.advance(30 * MINUTE);
    await rig.poller.pollOnce();
    expect(completed().filter((id) => id === 'mightycall:mc-call-three-hours')).toHaveLength(1);
    // Once it is in, the windows move on again.
    const windows = rig.emulator.requests.filter((request) => request.path === '/v4/calls');
    expect(Date.parse(windows.at(-1)!.query.startUtc!)).toBeGreaterThan(Date.parse(long.dateTimeUtc));
  });

  it('a window of many pages is read page by page, continued after a restart from the stored page, every call once', async () => {
    rig = await startRig({ env: { MIGHTYCALL_PAGE_SIZE: '10', MIGHTYCALL_POLL: 'calls' }, seed: false });
    for (let i = 0; i < 137; i++) {
      rig.emulator.data.calls.push({ id: `bulk-${i}`, from: '+16175550150', to: SEED_LINES.main, businessNumber: SEED_LINES.main, direction: 'Incoming', dateTimeUtc: new Date(rig.now() - (i + 1) * MINUTE).toISOString(), duration: 30, callStatus: 'Connected' });
    }
    // Ten pages a round: the window is left at page 10, and the relay restarts there.
    await rig.poller.pollOnce();
    expect(countByType(rig.events())['call.completed']).toBe(100);
    rig.restart();
    rig.advance(3 * MINUTE);
    await rig.poller.pollOnce();
    const skips = rig.emulator.requests.filter((request) => request.path === '/v4/calls').map((request) => Number(request.query.skip));
    expect(skips.slice(10, 14)).toEqual([100, 110, 120, 130]);
    expect(countByType(rig.events())['call.completed']).toBe(137);
    expect(new Set(rig.events().map((event) => event.id)).size).toBe(rig.events().length);
  });

  it('keeps within the daily budget over a simulated day and more, at the interval it shows, without one over-limit answer', { timeout: 120_000 }, async () => {
    rig = await startRig({ emulator: { dailyLimit: 2500, limitWindow: 'rolling' } });
    const end = rig.now() + 26 * 60 * MINUTE;
    let rounds = 0;
    while (rig.now() < end) {
      // A call every few rounds, so windows have something to read.
      if (rounds % 7 === 0) rig.emulator.data.calls.push({ id: `day-${rounds}`, from: '+16175550151', to: SEED_LINES.main, businessNumber: SEED_LINES.main, direction: 'Incoming', dateTimeUtc: new Date(rig.now() - MINUTE).toISOString(), duration: 12, callStatus: 'Connected' });
      const report = await rig.poller.pollOnce();
      expect(report.failure).toBeNull();
      rig.advance(rig.poller.delayAfter(report));
      rounds++;
    }
    const sent = rig.emulator.requests;
    expect(sent.some((request) => request.overLimit)).toBe(false);
    // No 24 hours (rolling, so no calendar day either) saw more than the budget.
    let most = 0;
    for (let first = 0, last = 0; last < sent.length; last++) {
      while (sent[last]!.atMs - sent[first]!.atMs >= 24 * 60 * MINUTE) first++;
      most = Math.max(most, last - first + 1);
    }
    expect(most).toBeLessThanOrEqual(2500);
    // At the interval shown (133 s): about 650 rounds a day (700 in 26 hours), the lines and contacts hourly.
    expect(rounds).toBeGreaterThan(650);
    expect(rounds).toBeLessThan(720);
    expect(countByType(rig.events())['call.completed']).toBe(5 + Math.ceil(rounds / 7));
  });

  it('a small budget is never overspent: the rest waits for the requests of 24 hours ago to leave the day', async () => {
    rig = await startRig({ env: { MIGHTYCALL_DAILY_REQUEST_BUDGET: '60', MIGHTYCALL_PAGE_SIZE: '1' } });
    const end = rig.now() + 30 * 60 * MINUTE;
    while (rig.now() < end) rig.advance(Math.max(MINUTE, rig.poller.delayAfter(await rig.poller.pollOnce())));
    const sent = rig.emulator.requests;
    let most = 0;
    for (let first = 0, last = 0; last < sent.length; last++) {
      while (sent[last]!.atMs - sent[first]!.atMs >= 24 * 60 * MINUTE) first++;
      most = Math.max(most, last - first + 1);
    }
    expect(most).toBeLessThanOrEqual(60);
    expect(countByType(rig.events())['call.completed']).toBe(5);
  });

  it('a spent budget is told on the Operations page without naming a setting', async () => {
    rig = await startRig({ env: { MIGHTYCALL_DAILY_REQUEST_BUDGET: '50', MIGHTYCALL_PAGE_SIZE: '1' } });
    for (let round = 0; round < 30 && rig.poller.status().lastError === null; round++) {
      await rig.poller.pollOnce();
      rig.advance(MINUTE);
    }
    expect(rig.poller.status().lastError).toContain('(the daily request allowance set on the relay)');
    expectPlainWords(rig.poller.status().lastError!);
  });

  it('bad credentials are a critical alert in every banner with plain words, and cleared once MightyCall takes the keys', async () => {
    rig = await startRig({ emulator: { userKey: 'the-real-user-key' } });
    const report = await rig.poller.pollOnce();
    expect(report.failure?.kind).toBe('credentials');
    const [raised] = alerts(rig.events());
    expect(raised!.data).toMatchObject({ alertId: 'mightycall:credentials', state: 'raised', severity: 'critical', message: CREDENTIALS_ALERT });
    expectPlainWords(CREDENTIALS_ALERT);
    expect(rig.poller.status().lastError).toMatch(/^MightyCall refused the API key or User key \(MightyCall refused the API key and User key \(HTTP 400: invalid_client\)\)\.$/);
    // One token request, no data request: nothing is read with keys that do not work.
    expect(rig.emulator.requests.map((request) => request.path)).toEqual(['/v4/auth/token']);
    rig.emulatorOptions.userKey = 'mc-test-user-key';
    rig.advance(rig.poller.delayAfter(report));
    expect((await rig.poller.pollOnce()).failure).toBeNull();
    expect(alerts(rig.events()).map((alert) => [alert.data.alertId, alert.data.state])).toEqual([
      ['mightycall:credentials', 'raised'],
      ['mightycall:credentials', 'cleared'],
    ]);
    expect(countByType(rig.events())['call.completed']).toBe(5);
  });

  it.each(['429', '403-quota', 'unsuccessful-200'] as const)('MightyCall over its limit (%s) holds the poller off, says so in the banner, and nothing is dropped', async (overLimit) => {
    rig = await startRig({ emulator: { dailyLimit: 3, overLimit } });
    const report = await rig.poller.pollOnce();
    expect(report.failure?.kind).toBe('over_limit');
    const status = rig.poller.status();
    expect(status.heldUntil).not.toBeNull();
    expect(status.lastError).toContain('MightyCall says the account is over its request limit');
    expect(alerts(rig.events()).map((alert) => [alert.data.alertId, alert.data.state])).toEqual([['mightycall:over-limit', 'raised']]);
    expectPlainWords(alerts(rig.events())[0]!.data.message);
    const sent = rig.emulator.requests.length;
    rig.advance(MINUTE);
    expect((await rig.poller.pollOnce()).skipped).toBe('held');
    expect(rig.emulator.requests.length).toBe(sent);
    // The emulator's day ends at midnight UTC; after the hold everything is read.
    rig.advance(Date.parse('2026-12-01T00:00:00Z') - rig.now() + rig.poller.delayAfter(report));
    rig.emulatorOptions.dailyLimit = 2500;
    const after = await rig.poller.pollOnce();
    expect(after.failure).toBeNull();
    expect(countByType(rig.events())).toMatchObject({ 'call.completed': 5, 'call.voicemail_ready': 1, 'message.recorded': 2 });
    expect(alerts(rig.events()).map((alert) => alert.data.state)).toEqual(['raised', 'cleared']);
  });

  // An answer that cannot be read fails the calls (and only the calls) for the round, saying why; the next round reads
  // the same window again, so every call is there once.
  it.each([
    ['not JSON', { status: 200, body: '<html>oops</html>' }, 'unreadable', /^calls: .* answered 200 with a body that is not JSON$/],
    ['a list that is not one', { status: 200, body: '{"data":{"calls":"none"},"isSuccess":true}' }, 'unreadable', /^calls: the list of calls is not in the answer$/],
    ['a server error', { status: 503, body: 'down for maintenance' }, 'server_error', /^calls: MightyCall answered HTTP 503 \(down for maintenance\)$/],
    ['a body nested 100,000 deep', { status: 200, body: `${'['.repeat(100_000)}${']'.repeat(100_000)}` }, 'unreadable', /^calls: none of the 1 calls in MightyCall's answer could be read$/],
    // Over the client's answer size limit, so it is not parsed at all.
    ['a body of 9 MB', { status: 200, body: JSON.stringify({ data: { calls: [{ id: 'big', note: 'x'.repeat(9 * 1024 * 1024) }] } }) }, 'unreadable', /^calls: .* answered 200 with a body that is not JSON$/],
    ['an unknown refusal', { status: 418, body: '{"isSuccess":false,"error":"teapot"}' }, 'refused', /^calls: MightyCall answered HTTP 418 \(teapot\)$/],
  ] as const)('%s from the call log fails the calls for that round without crashing the poller; the other resources are read and the next round reads every call once', async (_what, answer, kind, words) => {
    rig = await startRig();
    rig.emulator.answerNext('/v4/calls', answer);
    const report = await rig.poller.pollOnce();
    expect(report.failure?.kind).toBe(kind);
    expect(rig.poller.status().lastError).toMatch(words);
    expect(countByType(rig.events())).toMatchObject({ 'message.recorded': 2, 'call.voicemail_ready': 1, 'contact.changed': 2 });
    expect(countByType(rig.events())['call.completed']).toBeUndefined();
    rig.advance(rig.poller.delayAfter(report));
    expect((await rig.poller.pollOnce()).failure).toBeNull();
    expect(rig.poller.status().lastError).toBeNull();
    const completed = rig.events().filter((event): event is EventOf<'call.completed'> => event.type === 'call.completed').map((event) => event.data.callId);
    expect(completed.sort()).toEqual(['mightycall:mc-call-1001', 'mightycall:mc-call-1002', 'mightycall:mc-call-1003', 'mightycall:mc-call-1004', 'mightycall:mc-call-1005']);
    expect(countByType(rig.events())).toMatchObject({ 'message.recorded': 2, 'call.voicemail_ready': 1, 'call.recording_ready': 3 });
  });

  it('a page of records of every wrong type is what MightyCall listed: the one readable record is stored, the others are skipped, and the round is not a failure', async () => {
    rig = await startRig();
    rig.emulator.answerNext('/v4/calls', { status: 200, body: JSON.stringify({ data: { calls: [null, 1, 'x', [], { id: {} }, { id: 'a', dateTimeUtc: 'nonsense', direction: 'Incoming' }, { id: 'b', dateTimeUtc: '2026-11-30T10:00:00Z', direction: 'sideways', from: '+16175550152', to: SEED_LINES.main }, { id: 'c'.repeat(5000), dateTimeUtc: '2026-11-30T10:00:00Z', direction: 'Incoming', from: '+16175550152', to: SEED_LINES.main }, { id: 'd', dateTimeUtc: '2026-11-30T10:00:00Z', direction: 'Incoming', from: 'not a number', to: SEED_LINES.main }, { id: 'e', dateTimeUtc: '2026-11-30T10:00:00Z', direction: 'Incoming', from: '+16175550152', to: SEED_LINES.main, duration: -5, callRecord: { uri: 42 } }], total: -1 }, isSuccess: true }) });
    const report = await rig.poller.pollOnce();
    expect(report.failure).toBeNull();
    expect(rig.poller.status().lastError).toBeNull();
    const completedNow = () => rig!.events().filter((event): event is EventOf<'call.completed'> => event.type === 'call.completed').map((event) => event.data.callId);
    expect(completedNow()).toEqual(['mightycall:e']);
    // Its recording address was not one, so no recording is fetched for it.
    expect(rig.events().some((event) => event.type === 'call.recording_ready' && event.data.callId === 'mightycall:e')).toBe(false);
    expect(countByType(rig.events())['message.recorded']).toBe(2);
    // The next round reads back over the overlap only (the page counted as read): the two recent calls come, none twice.
    rig.advance(rig.poller.delayAfter(report));
    expect((await rig.poller.pollOnce()).failure).toBeNull();
    expect(completedNow().sort()).toEqual(['mightycall:e', 'mightycall:mc-call-1004', 'mightycall:mc-call-1005']);
  });

  it('MightyCall failing round after round is an alert after three, cleared when it answers again', async () => {
    rig = await startRig({ env: { MIGHTYCALL_POLL: 'calls' } });
    for (let i = 0; i < 3; i++) {
      rig.emulator.answerNext('/v4/calls', { status: 502, body: 'bad gateway' });
      rig.advance(rig.poller.delayAfter(await rig.poller.pollOnce()));
    }
    expect(alerts(rig.events()).map((alert) => [alert.data.alertId, alert.data.state])).toEqual([['mightycall:failing', 'raised']]);
    expect(alerts(rig.events())[0]!.data.message).toContain('Ringside cannot read MightyCall (calls: MightyCall answered HTTP 502 (bad gateway))');
    expectPlainWords(alerts(rig.events())[0]!.data.message);
    await rig.poller.pollOnce();
    expect(alerts(rig.events()).map((alert) => alert.data.state)).toEqual(['raised', 'cleared']);
  });

  it('refreshes its token before the 24 hours are up, and gets a new one when MightyCall stops taking it', async () => {
    rig = await startRig({ env: { MIGHTYCALL_POLL: 'calls' } });
    await rig.poller.pollOnce();
    rig.advance(23.5 * 60 * MINUTE);
    await rig.poller.pollOnce();
    const tokenRequests = () => rig!.emulator.requests.filter((request) => request.path === '/v4/auth/token');
    expect(tokenRequests()).toHaveLength(2);
    rig.emulator.answerNext('/v4/calls', { status: 401, body: '{"error":"Unauthorized"}' });
    rig.advance(5 * MINUTE);
    expect((await rig.poller.pollOnce()).failure).toBeNull();
    expect(tokenRequests()).toHaveLength(3);
  });
});
