import { describe, expect, it } from 'vitest';
import { decideHeartbeat } from '../src/stream/heartbeat';
import { isVisibleTo } from '../src/devices/event-visibility';

describe('stream heartbeat', () => {
  it('pings a fresh peer', () => {
    expect(decideHeartbeat({ pingOutstanding: false, heardSincePing: true })).toBe('ping');
  });

  it('pings again a peer that answered the last ping', () => {
    expect(decideHeartbeat({ pingOutstanding: true, heardSincePing: true })).toBe('ping');
  });

  it('drops a peer that stayed silent for a whole interval after a ping', () => {
    expect(decideHeartbeat({ pingOutstanding: true, heardSincePing: false })).toBe('terminate');
  });
});

describe('stream visibility', () => {
  const agent = { role: 'agent' as const, numbers: ['+16175550100'] };
  const call = (lines: string[]) => ({ source: 'openphone' as const, lines });

  it('shows an agent the calls on its own lines only', () => {
    expect(isVisibleTo(agent, call(['+16175550100']))).toBe(true);
    expect(isVisibleTo(agent, call(['+16175550199']))).toBe(false);
    expect(isVisibleTo(agent, call([]))).toBe(false);
  });

  it('shows an agent every console event', () => {
    expect(isVisibleTo(agent, { source: 'console', lines: [] })).toBe(true);
  });

  it('shows admin and bookkeeper devices everything', () => {
    expect(isVisibleTo({ role: 'admin', numbers: [] }, call(['+16175550199']))).toBe(true);
    expect(isVisibleTo({ role: 'bookkeeper', numbers: [] }, call([]))).toBe(true);
  });
});
