import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RingsideEvent } from '../../../../src/shared/events/model';
import { adjustmentRecorded, customerUpserted, planWith, ringing, subscriptionWith, talked } from '../../../../tests/support/event-builders';
import { startOpenPhoneRestEmulator } from '../../../../tools/emulators/openphone/rest-api';
import { phoneNumberIdFor } from '../../../../tools/emulators/openphone/payloads';
import { Workspace, type CustomFieldDefinition } from '../../../../tools/emulators/openphone/workspace/workspace';
import { RelayAccounts } from '../../../src/accounts/relay-accounts';
import { openRelayDatabase } from '../../../src/database';
import { EventLog } from '../../../src/log/event-log';
import { externalIdFor } from '../../../src/providers/openphone/contact-push/contact-fields';
import { OpenPhoneContactPush } from '../../../src/providers/openphone/contact-push/contact-push';
import { openPhoneContactsClient } from '../../../src/providers/openphone/rest/contacts-client';
import { relayOpenPhoneClient } from '../../../src/providers/openphone/rest/relay-openphone-client';

const KEY = 'relay-test-openphone-key-contact-hours';
const LINE = '+16175550100';
const ADA = '+16175550142';
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
// The log's times are January's; the accounts are read as of then.
const NOW = Date.parse('2026-01-20T12:00:00.000Z');

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function setUp(fields: CustomFieldDefinition[], hoursField: string | null = 'Hours remaining') {
  const workspace = new Workspace([{ number: LINE, id: phoneNumberIdFor(LINE), users: [{ id: 'USo1', firstName: 'Dana', lastName: null, email: null }] }], fields);
  const emulator = await startOpenPhoneRestEmulator({ apiKeys: [KEY], lines: [{ number: LINE }], workspace });
  const dir = mkdtempSync(path.join(tmpdir(), 'ringside-contact-hours-'));
  const db = openRelayDatabase(dir);
  const accounts = RelayAccounts.open(db);
  const log = new EventLog(db, { projection: accounts });
  const client = relayOpenPhoneClient({ apiKey: KEY, apiBaseUrl: emulator.url, rateLimitPerSecond: 10 }, () => NOW)!;
  const push = new OpenPhoneContactPush({ contacts: openPhoneContactsClient(client), db, log, logger: quiet, clock: () => NOW, settings: { enabled: true, planField: 'Plan', hoursField }, alerts: null, accounts });
  push.start();
  cleanup.push(async () => {
    await push.close();
    log.close();
    db.close();
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const append = async (events: RingsideEvent[]): Promise<void> => {
    for (const event of events) await log.append(event);
    await until(() => push.store.due(Number.MAX_SAFE_INTEGER, 1).length === 0);
    await push.settled();
  };
  const contact = () => {
    const found = emulator.workspace!.contacts.find((c) => c.externalId === externalIdFor('c-ada'));
    return found && { customFields: found.customFields.map(({ key, value }) => ({ key, value })) };
  };
  const writes = () => emulator.requests.filter((r) => r.path.startsWith('/v1/contacts') && r.method !== 'GET').map((r) => r.method);
  return { emulator, append, contact, writes };
}

async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const opening = (): RingsideEvent[] => [
  planWith('six', { includedSeconds: 6 * 3600, incrementSeconds: 60 }),
  customerUpserted('c-ada', 'Ada Lovelace', [ADA]),
  subscriptionWith('s-ada', 'c-ada', 'six', '2026-01-01'),
];

describe('the OpenPhone contact push: hours remaining', () => {
  it("writes the customer's included time left into the workspace's number field, and again only when a call changed it", async () => {
    const { append, contact, writes } = await setUp([
      { name: 'Plan', key: 'ringside-plan', type: 'string' },
      { name: 'Hours remaining', key: 'hours-left', type: 'number' },
    ]);
    await append(opening());
    expect(contact()?.customFields).toEqual([
      { key: 'ringside-plan', value: 'six' },
      { key: 'hours-left', value: 6 },
    ]);
    const before = writes().length;

    // 90 minutes talked: 4.5 hours left, one update.
    await append([talked('call-1', ADA, '2026-01-10T10:00:00.000Z', 90 * 60)]);
    expect(contact()?.customFields).toContainEqual({ key: 'hours-left', value: 4.5 });
    expect(writes().slice(before)).toEqual(['PATCH']);

    // A ringing call, a stranger's call and a call of another number change nothing of Ada's: no request.
    await append([ringing('call-2', ADA, '2026-01-11T10:00:00.000Z'), talked('call-3', '+16175550999', '2026-01-11T11:00:00.000Z', 600)]);
    expect(writes().slice(before)).toEqual(['PATCH']);

    // An adjustment of her included time is pushed too.
    await append([adjustmentRecorded('adj-1', 'c-ada', 'seconds', 1800, '2026-01-12T00:00:00.000Z')]);
    expect(contact()?.customFields).toContainEqual({ key: 'hours-left', value: 5 });
    expect(writes().slice(before)).toEqual(['PATCH', 'PATCH']);
  });

  it('writes words into a text field, and nothing where the workspace has no such field or the setting is none', async () => {
    const text = await setUp([{ name: 'hours remaining', key: 'hours-text', type: 'string' }]);
    await text.append([...opening(), talked('call-1', ADA, '2026-01-10T10:00:00.000Z', 95 * 60)]);
    expect(text.contact()?.customFields).toEqual([{ key: 'hours-text', value: '4 h 25 min' }]);

    const none = await setUp([{ name: 'Hours remaining', key: 'hours-left', type: 'number' }], null);
    await none.append(opening());
    const written = none.writes().length;
    await none.append([talked('call-1', ADA, '2026-01-10T10:00:00.000Z', 95 * 60)]);
    expect(none.contact()?.customFields).toEqual([]);
    // The call changes nothing the contact carries: no request.
    expect(none.writes().length).toBe(written);
  });
});
