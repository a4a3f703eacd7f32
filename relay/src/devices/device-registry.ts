import type { RelayDatabase } from '../database';
import { activeDevicesByTokenHash, type Device } from './device-store';
import { hashDeviceToken } from './device-token';

/**
 * The running relay's view of the device table. The device CLI writes the same SQLite
 * file from another process; `PRAGMA data_version` changes whenever another connection
 * commits, so a cheap poll notices added and revoked devices within one interval.
 */
export class DeviceRegistry {
  private active: Map<string, Device>;
  private dataVersion: number;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: RelayDatabase,
    private readonly onRevoked: (deviceIds: ReadonlySet<string>) => void,
  ) {
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
    return this.active.get(hashDeviceToken(token)) ?? null;
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
    const previous = this.active;
    this.active = activeDevicesByTokenHash(this.db);
    const stillActive = new Set([...this.active.values()].map((device) => device.id));
    const revoked = new Set([...previous.values()].map((device) => device.id).filter((id) => !stillActive.has(id)));
    if (revoked.size > 0) this.onRevoked(revoked);
  }

  private readDataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }
}
