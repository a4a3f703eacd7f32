import { afterEach, describe, expect, it } from 'vitest';
import { startJobsRelay, type JobsRelay } from './jobs-relay';

let t: JobsRelay | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

describe('a calendar link on a relay that does not know its public address', () => {
  it('is refused in plain words a receptionist can pass on, naming no setting', async () => {
    t = await startJobsRelay({ RELAY_PUBLIC_URL: '' });
    const admin = await t.addDevice('Back office', 'admin');
    const answer = await fetch(`${t.url}/v1/calendar/feed`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ action: 'create' }) });
    expect(answer.status).toBe(409);
    const { error } = (await answer.json()) as { error: string };
    expect(error).toBe('The relay does not know its public address yet, so it cannot make a calendar link: ask whoever runs the relay to set it up.');
    expect(error).not.toMatch(/[A-Z]{2,}_[A-Z_]+/);
  });
});
