import { afterEach, describe, expect, it } from 'vitest';
import type { ReconciliationOverview } from '../../../../../src/shared/relay-rest/reconciliation';
import { healthCheckMarkerOf, healthCheckText } from '../../../../src/providers/openphone/health-check/health-check-marker';
import { eventually, FRONT_DESK, startOperationsRelay, SUPPORT, type OperationsRelay } from './operations-relay';

let current: OperationsRelay | null = null;
afterEach(async () => {
  await current?.stop();
  current = null;
});

const HEALTH_CHECK = { OPENPHONE_HEALTH_CHECK_FROM: FRONT_DESK, OPENPHONE_HEALTH_CHECK_TO: SUPPORT, OPENPHONE_HEALTH_CHECK_WAIT_SECONDS: '120' };

async function healthOf(target: OperationsRelay, token: string): Promise<ReconciliationOverview['healthCheck']> {
  const answer = await fetch(`${target.url}/v1/reconciliation`, { headers: { authorization: `Bearer ${token}` } });
  return ((await answer.json()) as ReconciliationOverview).healthCheck;
}

const healthAlerts = (relay: OperationsRelay) => relay.eventsOf('relay.alert').filter((event) => event.data.alertId === 'openphone:health-check');

describe('the webhook health check', () => {
  it('with webhooks switched off, a critical alert is raised once its 2 minutes have passed, not before', async () => {
    const relay = (current = await startOperationsRelay(HEALTH_CHECK));
    relay.switch.turnOff();
    const admin = relay.addDevice('Owner', 'admin');
    // Sent at start-up, through OpenPhone's API, from one line to the other.
    const sent = await eventually(() => relay.emulator.messages.find((message) => message.text.includes('[ringside-health:')), 'the test text');
    expect(sent).toMatchObject({ from: FRONT_DESK, to: [SUPPORT] });
    expect(await healthOf(relay, admin)).toMatchObject({ configured: true, last: { state: 'waiting' }, lastSuccessAt: null });

    relay.advance(119_000);
    relay.relay.healthCheck!.tick();
    expect(healthAlerts(relay)).toEqual([]);

    relay.advance(2_000);
    relay.relay.healthCheck!.tick();
    await eventually(() => (healthAlerts(relay).length > 0 ? true : undefined), 'the alert');
    expect(healthAlerts(relay)).toEqual([expect.objectContaining({ lines: [FRONT_DESK, SUPPORT], data: expect.objectContaining({ state: 'raised', severity: 'critical' }) })]);
    expect(healthAlerts(relay)[0]!.data.message).toMatch(/^Calls and texts may not be reaching Ringside: .*did not arrive within 120 seconds/);
    expect(await healthOf(relay, admin)).toMatchObject({ last: { state: 'failed', error: "the test text's webhook did not arrive within 120 seconds" }, lastSuccessAt: null });
    // No webhook came: nothing of the test text is in the log.
    expect(relay.eventsOf('message.recorded')).toEqual([]);
    expect(relay.switch.withheld).toEqual([`message.delivered ${sent.id}`, expect.stringMatching(/^message\.received AC/)]);
  });

  it("a test text that comes back by webhook passes: recorded as a health check on both lines, its success kept, and no alert", async () => {
    const relay = (current = await startOperationsRelay(HEALTH_CHECK));
    const admin = relay.addDevice('Owner', 'admin');
    const health = await eventually(async () => {
      const status = await healthOf(relay, admin);
      return status.last?.state === 'passed' ? status : undefined;
    }, 'the check to pass');
    expect(health.lastSuccessAt).not.toBeNull();
    await relay.emulator.settled();
    const records = await eventually(() => {
      const found = relay.eventsOf('message.recorded');
      return found.length === 2 ? found : undefined;
    }, 'the received and delivered records');
    expect(records.map((event) => [event.data.direction, event.data.businessNumber, event.data.healthCheck])).toEqual(
      expect.arrayContaining([
        ['incoming', SUPPORT, true],
        ['outgoing', FRONT_DESK, true],
      ]),
    );
    relay.advance(10 * 60_000);
    relay.relay.healthCheck!.tick();
    expect(healthAlerts(relay)).toEqual([]);
  });

  it("a customer who texts a well-formed marker, even one the relay issued, gets an ordinary text: shown in the feed and billed; the relay's own test texts stay hidden", async () => {
    const relay = (current = await startOperationsRelay(HEALTH_CHECK));
    const admin = relay.addDevice('Owner', 'admin');
    await eventually(async () => ((await healthOf(relay, admin)).last?.state === 'passed' ? true : undefined), 'the check to pass');
    const issued = healthCheckMarkerOf(relay.emulator.messages.find((message) => message.text.includes('[ringside-health:'))!.text)!;
    const customer = '+16175550177';
    await relay.webhooks.textIn({ line: SUPPORT, customers: [customer], text: `Copying this: ${healthCheckText(issued)}`, createdAt: new Date(relay.now()) });
    await relay.webhooks.textIn({ line: FRONT_DESK, customers: [customer], text: healthCheckText('00112233445566ff'), createdAt: new Date(relay.now()) });
    const fromCustomer = await eventually(() => {
      const found = relay.eventsOf('message.recorded').filter((event) => event.data.participants.includes(customer));
      return found.length === 2 ? found : undefined;
    }, "the customer's texts");
    // Not flagged: every console shows them, counts them unread and bills them like any text.
    expect(fromCustomer.map((event) => [event.data.businessNumber, event.data.healthCheck])).toEqual([
      [SUPPORT, false],
      [FRONT_DESK, false],
    ]);
    const own = relay.eventsOf('message.recorded').filter((event) => !event.data.participants.includes(customer));
    expect(own.length).toBeGreaterThanOrEqual(1);
    expect(own.every((event) => event.data.healthCheck)).toBe(true);
  });
});
