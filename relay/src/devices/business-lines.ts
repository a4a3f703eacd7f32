import { directorySyncedData, lineDefinedData } from '../../../src/shared/events/model';
import type { BusinessLine } from '../../../src/shared/relay-rest/devices';
import type { RelayDatabase } from '../database';
import type { Device } from './device-store';

/** What the log says of the lines: each provider's latest directory, and the names admins gave. */
export interface LineFacts {
  synced: Map<string, { number: string; name: string | null }[]>;
  defined: Map<string, string>;
}

/**
 * The business's lines (pure): the providers' latest directories, the lines admins named
 * (`line.defined`), and the lines assigned to consoles; a synced name wins where the
 * provider gives one. `viewer` an agent: only its own lines, without who else has them.
 */
export function businessLines(facts: LineFacts, devices: readonly Device[], viewer: Pick<Device, 'role' | 'numbers'>): BusinessLine[] {
  const lines = new Map<string, BusinessLine>();
  const line = (number: string): BusinessLine => {
    let found = lines.get(number);
    if (!found) lines.set(number, (found = { number, name: null, synced: false, assignedTo: [] }));
    return found;
  };
  for (const [number, name] of facts.defined) line(number).name = name;
  for (const directory of facts.synced.values()) {
    for (const listed of directory) {
      const found = line(listed.number);
      found.synced = true;
      if (listed.name !== null && listed.name.trim() !== '') found.name = listed.name;
    }
  }
  for (const device of devices) {
    if (device.role !== 'agent') continue;
    for (const number of device.numbers) line(number).assignedTo.push(device.name);
  }
  const all = [...lines.values()].sort((a, b) => a.number.localeCompare(b.number));
  if (viewer.role !== 'agent') return all;
  return all.filter((found) => viewer.numbers.includes(found.number)).map((found) => ({ ...found, assignedTo: [] }));
}

/**
 * Reads the line facts from the log incrementally: the first read scans it once, later
 * reads only the rows committed since (seq is the rowid, so that is a range read).
 */
export class LineFactsReader {
  private readonly facts: LineFacts = { synced: new Map(), defined: new Map() };
  private readSeq = 0;

  constructor(private readonly db: RelayDatabase) {}

  read(): LineFacts {
    // One snapshot for both statements: nothing committed between them is skipped.
    return this.db.transaction(() => this.readNew())();
  }

  private readNew(): LineFacts {
    const rows = this.db
      .prepare("SELECT seq, event FROM events WHERE seq > ? AND type IN ('provider.directory_synced', 'line.defined') ORDER BY seq")
      .all(this.readSeq) as { seq: number; event: string }[];
    for (const row of rows) {
      this.readSeq = row.seq;
      const event = JSON.parse(row.event) as { type: string; data: unknown };
      if (event.type === 'line.defined') {
        const data = lineDefinedData.safeParse(event.data);
        if (data.success) this.facts.defined.set(data.data.number, data.data.name);
      } else {
        const data = directorySyncedData.safeParse(event.data);
        if (data.success) this.facts.synced.set(data.data.provider, data.data.lines.map(({ number, name }) => ({ number, name })));
      }
    }
    const head = this.db.prepare('SELECT max(seq) AS seq FROM events').get() as { seq: number | null };
    this.readSeq = Math.max(this.readSeq, head.seq ?? 0);
    return this.facts;
  }
}
