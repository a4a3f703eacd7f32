import { describe, expect, it } from 'vitest';
import { businessLines } from '../src/devices/business-lines';
import type { Device } from '../src/devices/device-store';
import { presenceOf } from '../src/stream/presence-board';

const device = (name: string, role: Device['role'], numbers: string[] = []): Device => ({
  id: `id-${name}`,
  name,
  role,
  numbers,
  tokenHash: `hash-${name}`,
  createdAt: '2026-11-01T09:00:00.000Z',
  revokedAt: null,
});

describe("the business's lines", () => {
  const facts = {
    synced: new Map([['openphone', [{ number: '+16175550100', name: 'Main (OpenPhone)' }, { number: '+16175550101', name: null }]]]),
    defined: new Map([
      ['+16175550100', 'Front desk line'],
      ['+16175550101', 'Support'],
      ['+16175550102', 'Old fax'],
    ]),
  };
  const team = [device('Owner', 'admin'), device('Dana', 'agent', ['+16175550101', '+16175550199']), device('Sam', 'agent', ['+16175550101'])];

  it('are the synced, the named and the assigned ones, a synced name winning over one given here', () => {
    expect(businessLines(facts, team, team[0]!)).toEqual([
      { number: '+16175550100', name: 'Main (OpenPhone)', synced: true, assignedTo: [] },
      { number: '+16175550101', name: 'Support', synced: true, assignedTo: ['Dana', 'Sam'] },
      { number: '+16175550102', name: 'Old fax', synced: false, assignedTo: [] },
      { number: '+16175550199', name: null, synced: false, assignedTo: ['Dana'] },
    ]);
  });

  it("are only an agent's own to that agent, without who else answers them", () => {
    expect(businessLines(facts, team, team[2]!)).toEqual([{ number: '+16175550101', name: 'Support', synced: true, assignedTo: [] }]);
  });
});

describe('presence', () => {
  it('lists every active console by name, on a call only while online', () => {
    const team = [device('Sam', 'agent'), device('Dana', 'agent'), device('Owner', 'admin')];
    const frame = presenceOf({
      devices: team,
      online: new Set(['id-Dana', 'id-Owner']),
      lastSeenAt: (id) => (id === 'id-Sam' ? '2026-12-01T08:00:00.000Z' : null),
      onCall: new Map([
        ['id-Dana', 'openphone:AC1'],
        ['id-Sam', 'openphone:AC2'],
      ]),
    });
    expect(frame).toEqual({
      type: 'presence',
      devices: [
        { name: 'Dana', role: 'agent', online: true, lastSeenAt: null, onCall: 'openphone:AC1' },
        { name: 'Owner', role: 'admin', online: true, lastSeenAt: null, onCall: null },
        { name: 'Sam', role: 'agent', online: false, lastSeenAt: '2026-12-01T08:00:00.000Z', onCall: null },
      ],
    });
  });
});
