import type { RelayDatabase } from '../database';
import { activeDevicesByTokenHash, type Device } from './device-store';
import { hashDeviceToken } from './device-token';

export interface DeviceRegistryListeners {
  /** Devices whose tokens stopped working: their streams are closed. */
  onRevoked: (deviceIds: ReadonlySet<string>) => void;
  /** Active devices renamed, or given another role or other lines: their open streams filter by the new ones. */
  onChanged?: (devices: readonly Device[]) => void;
  /** Any device added, changed or revoked: presence is sent again. */
  onTeamChanged?: () => void;
}

/**
 * The running relay's view of the device table. The device CLI writes the same SQLite
 * file from another process; `PRAGMA data_version` changes whenever another connection
 * commits, so a cheap poll notices added and revoked devices within one interval. The
 * device endpoints write through this relay's own connection, which data_version does
 * not count, so they call `reload()`.
 */
export class DeviceRegistry {
  private active: Map<string, Device>;
  private dataVersion: number;
  private timer: NodeJS.Timeout | null = null;
  /** Last time each device authenticated, since this relay started (kept in memory: a request must not write). */
  private readonly lastSeen = new Map<string, number>();
  private readonly listeners: DeviceRegistryListeners;

  constructor(
    private readonly db: RelayDatabase,
    listeners: DeviceRegistryListeners | ((deviceIds: ReadonlySet<string>) => void),
    private readonly clock: () => number = Date.now,
  ) {
    this.listeners = typeof listeners === 'function' ? { onRevoked: listeners } : listeners;
    this.active = activeDevicesByTokenHash(db);
    this.dataVersion = this.readDataVersion();
  }

  /**
   * Checks data_version first (one cheap pragma), so a device added or revoked a
   * moment ago is honoured on this very request. Looking up the token's hash leaks
   * nothing useful through timing: the tokens are unguessable.
   */
  authenticate(token: string | null): Device | null {
    if (token === null) return null;
    this.refresh();
    const device = this.active.get(hashDeviceToken(token)) ?? null;
    if (device !== null) this.lastSeen.set(device.id, this.clock());
    return device;
  }

  /** Marks a device as heard from now (its stream is open, or just closed). */
  seen(deviceId: string): void {
    this.lastSeen.set(deviceId, this.clock());
  }

  lastSeenAt(deviceId: string): string | null {
    const at = this.lastSeen.get(deviceId);
    return at === undefined ? null : new Date(at).toISOString();
  }

  /** The active devices. */
  activeDevices(): Device[] {
    this.refresh();
    return [...this.active.values()];
  }

  watch(intervalMs: number): void {
    this.timer = setInterval(() => this.refresh(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Reloads the devices when another process committed to the database. */
  refresh(): void {
    const version = this.readDataVersion();
    if (version === this.dataVersion) return;
    this.dataVersion = version;
    this.reload();
  }

  /** Reloads the devices now, and tells the listeners what changed. */
  reload(): void {
    const previous = new Map([...this.active.values()].map((device) => [device.id, device]));
    this.active = activeDevicesByTokenHash(this.db);
    const current = new Map([...this.active.values()].map((device) => [device.id, device]));
    const revoked = new Set([...previous.keys()].filter((id) => !current.has(id)));
    const changed = [...current.values()].filter((device) => {
      const before = previous.get(device.id);
      return before !== undefined && (before.name !== device.name || before.role !== device.role || before.numbers.join() !== device.numbers.join());
    });
    if (revoked.size > 0) this.listeners.onRevoked(revoked);
    if (changed.length > 0) this.listeners.onChanged?.(changed);
    if (revoked.size > 0 || changed.length > 0 || previous.size !== current.size) this.listeners.onTeamChanged?.();
  }

  private readDataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }
}
