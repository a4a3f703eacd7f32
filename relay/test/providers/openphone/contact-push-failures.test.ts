import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { customerUpserted } from '../../../../tests/support/event-builders';
import { startOpenPhoneRestEmulator, type OpenPhoneRestEmulator } from '../../../../tools/emulators/openphone/rest-api';
import { phoneNumberIdFor } from '../../../../tools/emulators/openphone/payloads';
import { Workspace } from '../../../../tools/emulators/openphone/workspace/workspace';
import type { AlertToRaise } from '../../../src/alerts/alert-service';
import { openRelayDatabase, type RelayDatabase } from '../../../src/database';
import { EventLog } from '../../../src/log/event-log';
import { CONTACT_PUSH_ALERT_ID, OpenPhoneContactPush } from '../../../src/providers/openphone/contact-push/contact-push';
import { openPhoneContactsClient } from '../../../src/providers/openphone/rest/contacts-client';
import { relayOpenPhoneClient } from '../../../src/providers/openphone/rest/relay-openphone-client';

const KEY = 'relay-test-openphone-key-contact-failures';
const LINE = '+16175550100';
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function setUp(): Promise<{ emulator: OpenPhoneRestEmulator; log: EventLog; db: RelayDatabase; push: OpenPhoneContactPush; alerts: { raised: AlertToRaise[]; cleared: string[] } }> {
  const workspace = new Workspace([{ number: LINE, id: phoneNumberIdFor(LINE), users: [{ id: 'USo1', firstName: 'Dana', lastName: null, email: null }] }]);
  const emulator = await startOpenPhoneRestEmulator({ apiKeys: [KEY], lines: [{ number: LINE }], workspace });
  const dir = mkdtempSync(path.join(tmpdir(), 'ringside-contact-push-'));
  const db = openRelayDatabase(dir);
  const log = new EventLog(db);
  const alerts = { raised: [] as AlertToRaise[], cleared: [] as string[] };
  const client = relayOpenPhoneClient({ apiKey: KEY, apiBaseUrl: emulator.url, rateLimitPerSecond: 10 }, Date.now)!;
  const push = new OpenPhoneContactPush({
    contacts: openPhoneContactsClient(client),
    db,
    log,
    logger: quiet,
    clock: Date.now,
    settings: { enabled: true, planField: 'Plan', hoursField: null },
    alerts: {
      raise: async (alert) => {
        alerts.raised.push(alert);
        return 'raised';
      },
      clear: async (alertId) => {
        alerts.cleared.push(alertId);
        return true;
      },
    },
    backoff: { baseMs: 1, capMs: 1 },
  });
  cleanup.push(async () => {
    await push.close();
    log.close();
    db.close();
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { emulator, log, db, push, alerts };
}

async function rounds(push: OpenPhoneContactPush, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    push.tick();
    await push.settled();
  }
}

describe('a contact push OpenPhone refuses', () => {
  it('is retried, raises one alert naming what OpenPhone said after three refusals, and clears it once the push goes through', async () => {
    const { emulator, log, push, alerts } = await setUp();
    emulator.acceptKeys([]);
    await log.append(customerUpserted('cust-ada', 'Ada Lovelace', ['+16175550111']));
    push.start();
    await push.settled();
    await rounds(push, 1);
    expect(alerts.raised).toEqual([]);
    await rounds(push, 2);
    expect(alerts.raised.at(-1)).toMatchObject({ alertId: CONTACT_PUSH_ALERT_ID, severity: 'warning' });
    expect(alerts.raised.at(-1)!.message).toMatch(/^One customer is not in OpenPhone's contacts yet: looking the contact up: OpenPhone refused it \(401: The API key is missing or invalid\.\)\. Ringside keeps trying/);
    expect(push.store.backlog(3)).toMatchObject({ owed: 1, failing: 1 });

    emulator.acceptKeys([KEY]);
    await rounds(push, 2);
    expect(emulator.workspace!.contacts.map((c) => [c.externalId, c.defaultFields.firstName, c.defaultFields.lastName])).toEqual([['cust-ada', 'Ada', 'Lovelace']]);
    expect(alerts.cleared).toEqual([CONTACT_PUSH_ALERT_ID]);
    expect(push.store.backlog(3)).toMatchObject({ owed: 0, failing: 0 });
  });

  it('after a try that may have created the contact, the next one looks it up by its externalId and updates it instead of making a second', async () => {
    const { emulator, log, push } = await setUp();
    emulator.acceptKeys([]);
    await log.append(customerUpserted('cust-bea', 'Bea Arthur', ['+16175550112']));
    push.start();
    await push.settled();
    // As if that try had reached OpenPhone and only its answer was lost: the contact is there, the relay has no id for it.
    emulator.workspace!.addContact({ id: 'CTbea0001', externalId: 'cust-bea', source: 'ringside', sourceUrl: null, defaultFields: { firstName: 'Bea', lastName: null, company: null, role: null, emails: [], phoneNumbers: [] }, customFields: [], createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(), createdByUserId: null });
    emulator.acceptKeys([KEY]);
    await rounds(push, 1);
    expect(emulator.workspace!.contacts.map((c) => [c.id, c.defaultFields.firstName, c.defaultFields.lastName])).toEqual([['CTbea0001', 'Bea', 'Arthur']]);
    expect(emulator.requests.filter((r) => r.path.startsWith('/v1/contacts')).map((r) => `${r.method} ${r.path.split('?')[0]} ${r.status}`)).toEqual(['POST /v1/contacts 401', 'GET /v1/contacts 200', 'PATCH /v1/contacts/CTbea0001 200']);
  });
});
