import { afterEach, describe, expect, it } from 'vitest';
import { planDefined, subscriptionStarted } from '../../../../tests/support/event-builders';
import { startRelayProcess, type RelayProcess } from '../../../../tests/support/relay-process';
import { envelope } from '../../../../tools/emulators/openphone/envelopes';
import { startOpenPhoneRestEmulator, type OpenPhoneRestEmulator } from '../../../../tools/emulators/openphone/rest-api';
import { sendOpenPhoneWebhook } from '../../../../tools/emulators/openphone/sender';
import { phoneNumberIdFor } from '../../../../tools/emulators/openphone/payloads';
import { Workspace, type WorkspaceContact } from '../../../../tools/emulators/openphone/workspace/workspace';
import { externalIdFor } from '../../../src/providers/openphone/contact-push/contact-fields';

const API_KEY = 'relay-test-openphone-key-contacts';
const LINE = '+16175550100';
const OWNER = { id: 'USowner0001', firstName: 'Dana', lastName: 'Whitfield', email: 'dana@example.test', role: 'owner' as const };

let emulator: OpenPhoneRestEmulator | undefined;
let relay: RelayProcess | undefined;

afterEach(async () => {
  await relay?.stop();
  await emulator?.close();
  relay = undefined;
  emulator = undefined;
});

async function start(): Promise<{ emulator: OpenPhoneRestEmulator; relay: RelayProcess; admin: string }> {
  const workspace = new Workspace([{ number: LINE, id: phoneNumberIdFor(LINE), name: 'Front desk', users: [OWNER] }], [
    { name: 'Plan', key: 'ringside-plan', type: 'string' },
    { name: 'Hours remaining', key: 'hours-left', type: 'number' },
  ]);
  emulator = await startOpenPhoneRestEmulator({ apiKeys: [API_KEY], lines: [{ number: LINE, users: [OWNER] }], workspace });
  relay = await startRelayProcess({ env: { OPENPHONE_API_KEY: API_KEY, OPENPHONE_API_BASE_URL: emulator.url, OPENPHONE_DIRECTORY_SYNC_MINUTES: '0', OPENPHONE_PHONE_NUMBER_IDS: `${phoneNumberIdFor(LINE)}=${LINE}` } });
  const admin = await relay.addDevice('Owner', 'admin');
  return { emulator, relay, admin };
}

let posted = 0;
async function post(token: string, type: string, data: unknown): Promise<void> {
  const answer = await fetch(`${relay!.url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ id: `contact-push-test:${++posted}`, type, occurredAt: new Date().toISOString(), data }),
  });
  expect(answer.status, await answer.clone().text()).toBeLessThan(300);
}

function customer(customerId: string, name: string, phones: string[], extra: { company?: string | null; email?: string | null; emails?: string[] } = {}) {
  return { customerId, name, company: extra.company ?? null, email: extra.email ?? null, emails: extra.emails ?? [], phones, quickbooksId: null, address: null, notes: '' };
}

const contactWrites = (target: OpenPhoneRestEmulator) => target.requests.filter((r) => r.path.startsWith('/v1/contacts') && r.method !== 'GET').map((r) => `${r.method} ${r.path.replace(/CT[0-9a-f]+/, 'CT…')} ${r.status}`);

async function until<T>(what: string, read: () => T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; relay output:\n${relay?.output().slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Nothing more is written for a while (the push runs every second and on every commit). */
async function quietFor(target: OpenPhoneRestEmulator, ms: number): Promise<string[]> {
  const before = contactWrites(target).length;
  await new Promise((resolve) => setTimeout(resolve, ms));
  return contactWrites(target).slice(before);
}

describe('customers pushed to OpenPhone as API contacts', () => {
  it('creates the contact with the externalId, names split and the plan in its custom field, then updates the same contact; the echo webhook and a restart push nothing more', async () => {
    const { emulator, relay, admin } = await start();
    const contactOf = (customerId: string): WorkspaceContact | undefined => emulator.workspace!.contacts.find((c) => c.externalId === externalIdFor(customerId));

    await post(admin, 'plan.defined', planDefined('plan-priority', 'Priority', 36_000).data);
    await post(admin, 'customer.upserted', customer('cust-maria', 'José de la Cruz', ['+16175550142'], { company: 'Cruz Bakery', email: 'jose@cruzbakery.example', emails: ['orders@cruzbakery.example'] }));
    await post(admin, 'subscription.started', subscriptionStarted('sub-maria', 'cust-maria', 'plan-priority', '2026-01-01').data);

    const created = await until('the contact with its plan', () => {
      const contact = contactOf('cust-maria');
      return contact?.customFields[0]?.value === 'Priority' ? contact : undefined;
    });
    expect(created).toMatchObject({
      externalId: 'cust-maria',
      source: 'ringside',
      defaultFields: {
        firstName: 'José',
        lastName: 'de la Cruz',
        company: 'Cruz Bakery',
        emails: [
          { name: 'Email', value: 'jose@cruzbakery.example' },
          { name: 'Email 2', value: 'orders@cruzbakery.example' },
        ],
        phoneNumbers: [{ name: 'Phone', value: '+16175550142' }],
      },
      // The time left (10 h included) goes in the workspace's number field (OPENPHONE_CONTACT_HOURS_FIELD).
      customFields: [
        { key: 'ringside-plan', name: 'Plan', value: 'Priority' },
        { key: 'hours-left', name: 'Hours remaining', value: 10 },
      ],
    });
    // Created once (the first description may have gone before the plan, then updated with it).
    expect(contactWrites(emulator).filter((w) => w.startsWith('POST'))).toEqual(['POST /v1/contacts 201']);

    await post(admin, 'customer.upserted', customer('cust-maria', 'José de la Cruz', ['+16175550142', '+16175550143'], { company: 'Cruz Bakery & Café', email: 'jose@cruzbakery.example' }));
    await until('the update', () => contactOf('cust-maria')?.defaultFields.company === 'Cruz Bakery & Café');
    expect(emulator.workspace!.contacts).toHaveLength(1);
    expect(contactOf('cust-maria')!.id).toBe(created.id);
    expect(contactOf('cust-maria')!.defaultFields.phoneNumbers.map((p) => p.value)).toEqual(['+16175550142', '+16175550143']);
    expect(contactWrites(emulator).at(-1)).toBe('PATCH /v1/contacts/CT… 200');

    // OpenPhone tells the relay about the contact it just changed: stored, but nothing is pushed for it.
    const echo = envelope('legacy', 'contact.updated', new Date(), { ...contactOf('cust-maria')!, object: 'contact' });
    const answer = await sendOpenPhoneWebhook(relay.url, echo.body, { secretBase64: relay.secretBase64 });
    expect(answer.status).toBeLessThan(300);
    // Saved again unchanged (another console's retry, a QuickBooks round trip): no request either.
    await post(admin, 'customer.upserted', customer('cust-maria', 'José de la Cruz', ['+16175550142', '+16175550143'], { company: 'Cruz Bakery & Café', email: 'jose@cruzbakery.example' }));
    expect(await quietFor(emulator, 2_500)).toEqual([]);

    await relay.restart();
    expect(await quietFor(emulator, 2_500)).toEqual([]);
    expect(emulator.workspace!.contacts).toHaveLength(1);

    // After the restart it goes on from its cursor: the next change is one PATCH.
    await post(admin, 'customer.upserted', customer('cust-maria', 'Jose de la Cruz', ['+16175550142'], { company: 'Cruz Bakery & Café', email: 'jose@cruzbakery.example' }));
    await until('the update after the restart', () => contactOf('cust-maria')?.defaultFields.firstName === 'Jose');
    expect(contactWrites(emulator).filter((w) => w.startsWith('POST'))).toHaveLength(1);
  }, 60_000);

  it('an id longer than 75 characters becomes a stable short externalId found again by it; merged away and removed customers lose their contacts', async () => {
    const { emulator, admin } = await start();
    const longId = `quickbooks-realm-9130354781234567:customer:${'x'.repeat(60)}`;
    await post(admin, 'customer.upserted', customer(longId, 'Cher', ['+16175550150']));
    await post(admin, 'customer.upserted', customer('cust-ada', 'Lovelace, Ada', ['+16175550151']));
    await post(admin, 'customer.upserted', customer('cust-ada-dup', 'Ada Lovelace', ['+16175550152'], { email: 'ada@example.test' }));
    await until('three contacts', () => emulator.workspace!.contacts.length === 3);

    const short = externalIdFor(longId);
    expect(short).toMatch(/^rs-[A-Za-z0-9_-]{40}$/);
    expect(externalIdFor(longId)).toBe(short);
    const listed = await fetch(`${emulator.url}/v1/contacts?maxResults=1&externalIds=${encodeURIComponent(short)}`, { headers: { authorization: API_KEY } });
    const page = (await listed.json()) as { data: WorkspaceContact[] };
    expect(page.data.map((c) => [c.externalId, c.defaultFields.firstName, c.defaultFields.lastName])).toEqual([[short, 'Cher', null]]);
    expect(emulator.workspace!.contacts.find((c) => c.externalId === 'cust-ada')!.defaultFields).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace' });

    await post(admin, 'customer.merged', { fromCustomerId: 'cust-ada-dup', intoCustomerId: 'cust-ada', by: 'Owner' });
    await until('the duplicate gone and its number on the kept contact', () => {
      const ada = emulator.workspace!.contacts.find((c) => c.externalId === 'cust-ada');
      return emulator.workspace!.contacts.length === 2 && ada?.defaultFields.phoneNumbers.length === 2;
    });
    expect(emulator.workspace!.contacts.find((c) => c.externalId === 'cust-ada')!.defaultFields.emails).toEqual([{ name: 'Email', value: 'ada@example.test' }]);

    await post(admin, 'customer.removed', { customerId: longId });
    await until('the removed customer gone', () => emulator.workspace!.contacts.length === 1);
    expect(contactWrites(emulator).filter((w) => w.startsWith('DELETE'))).toEqual(['DELETE /v1/contacts/CT… 204', 'DELETE /v1/contacts/CT… 204']);
  }, 60_000);
});
