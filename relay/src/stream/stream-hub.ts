import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { WebSocket } from 'ws';
import { clientFrameSchema, STREAM_CLOSE } from '../../../src/shared/relay-protocol';
import type { Device } from '../devices/device-store';
import type { EventLog, LogEntry } from '../log/event-log';
import type { Logger } from '../logger';
import { decideHeartbeat, type PeerLiveness } from './heartbeat';
import { RepeatedLog } from '../repeated-log';

interface StreamConnection {
  ws: WebSocket;
  device: Device;
  /** Last seq considered for this connection (sent, or skipped as not visible). */
  cursor: number;
  acked: number;
  caughtUp: boolean;
  /** Waiting for the socket to drain before sending more. */
  stalled: boolean;
  /** The next replay chunk waits for the next event-loop turn. */
  scheduled: boolean;
  /** The relay is closing this socket: nothing it sends is read any more. */
  refused: boolean;
  warnings: RepeatedLog;
  liveness: PeerLiveness;
  /** Asked for presence frames (?presence=1). */
  presence: boolean;
}

export interface StreamHubOptions {
  heartbeatMs: number;
  /** Stop sending to a connection while this many bytes wait in its socket buffer. */
  highWaterBytes?: number;
  /** Most events read and sent to one connection in one event-loop turn. */
  readBatch?: number;
  /** Called with the time each replay chunk took (read + send), for metrics. */
  onChunk?: (seconds: number) => void;
  /** Called with the time the fan-out of one commit to every live stream took. */
  onFanOut?: (seconds: number) => void;
  /** Called at each ack with head − acked, in events. */
  onAck?: (lagEvents: number) => void;
  /** The current presence frame, sent to a console that asked for it once it is caught up. */
  presenceFrame?: () => string;
  /** A device's first stream opened or its last one closed. */
  onOnlineChanged?: (device: Device, online: boolean) => void;
}

/** Policy violation: the console sent a frame that is not in the protocol. */
const CLOSE_BAD_FRAME = 1008;
const INVALID_FRAME = 'stream closed: invalid client frame';
/** Longest a refused console's socket stays open for its close frame to leave. */
const REFUSED_GRACE_MS = 1000;
const REFUSED_POLL_MS = 10;

/**
 * Fans the log out to WebSocket consoles. Each connection has a cursor; one pump reads
 * the log after the cursor (replay and live alike), so events committed during a replay
 * are simply read next: no gap, no duplicate. A replay goes in chunks of at most
 * `readBatch` events, one chunk per connection per event-loop turn (setImmediate between
 * them), so a console replaying a long log never holds up webhook answers; an agent's
 * chunks come from the line index (EventLog.readVisibleAfter). A slow console is paused
 * while its socket buffer is above the high-water mark and resumed when it drains.
 */
export class StreamHub {
  private readonly connections = new Set<StreamConnection>();
  private heartbeat: NodeJS.Timeout | null = null;
  private readonly highWaterBytes: number;
  private readonly readBatch: number;
  private readonly stopListening: () => void;

  constructor(
    private readonly log: EventLog,
    private readonly logger: Logger,
    private readonly options: StreamHubOptions,
  ) {
    this.highWaterBytes = options.highWaterBytes ?? 1_048_576;
    this.readBatch = options.readBatch ?? 256;
    this.stopListening = log.onCommitted(() => {
      const started = performance.now();
      for (const connection of this.connections) this.pump(connection);
      options.onFanOut?.((performance.now() - started) / 1000);
    });
  }

  attach(ws: WebSocket, device: Device, after: number, options: { presence?: boolean } = {}): void {
    const wasOnline = this.isOnline(device.id);
    const connection: StreamConnection = {
      ws,
      device,
      cursor: after,
      acked: after,
      caughtUp: false,
      stalled: false,
      scheduled: false,
      refused: false,
      warnings: new RepeatedLog(this.logger, { device: device.name }),
      liveness: { pingOutstanding: false, heardSincePing: true },
      presence: options.presence === true,
    };
    this.connections.add(connection);
    if (!wasOnline) this.options.onOnlineChanged?.(device, true);
    ws.on('pong', () => (connection.liveness.heardSincePing = true));
    ws.on('message', (data, isBinary) => this.receive(connection, isBinary ? null : data.toString()));
    ws.on('close', () => {
      this.connections.delete(connection);
      connection.warnings.flush();
      if (!this.isOnline(connection.device.id)) this.options.onOnlineChanged?.(connection.device, false);
    });
    ws.on('error', (error) => connection.warnings.warn('stream socket error', { error: error.message }));
    this.logger.info('stream opened', { device: device.name, role: device.role, after });
    this.pump(connection);
  }

  startHeartbeat(): void {
    this.heartbeat = setInterval(() => this.beat(), this.options.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Closes every stream of these devices: their tokens no longer work. */
  revoke(deviceIds: ReadonlySet<string>): void {
    for (const connection of this.connections) {
      if (!deviceIds.has(connection.device.id)) continue;
      this.logger.info('stream closed: device revoked', { device: connection.device.name });
      connection.ws.close(STREAM_CLOSE.revoked, 'device revoked');
    }
  }

  /**
   * These devices were renamed or given another role or other lines: their open streams
   * filter by the new ones from the next event on (no reconnect). Events of a newly
   * assigned line from before now are not sent on this stream.
   */
  devicesChanged(devices: readonly Device[]): void {
    const byId = new Map(devices.map((device) => [device.id, device]));
    for (const connection of this.connections) {
      const changed = byId.get(connection.device.id);
      if (changed === undefined) continue;
      connection.device = changed;
      this.logger.info('stream filter changed', { device: changed.name, role: changed.role });
    }
  }

  /** Sends a presence frame to every caught-up console that asked for presence. */
  publishPresence(frame: string): void {
    for (const connection of this.connections) {
      const { ws } = connection;
      if (!connection.presence || !connection.caughtUp || connection.refused || ws.readyState !== ws.OPEN) continue;
      ws.send(frame);
    }
  }

  /** Devices with at least one open stream. */
  onlineDeviceIds(): Set<string> {
    return new Set([...this.connections].map((connection) => connection.device.id));
  }

  private isOnline(deviceId: string): boolean {
    for (const connection of this.connections) if (connection.device.id === deviceId) return true;
    return false;
  }

  connectedDevices(): number {
    return new Set([...this.connections].map((connection) => connection.device.id)).size;
  }

  /** head − acked, the worst connection of each device, by device name. */
  lagByDevice(): Map<string, number> {
    const lag = new Map<string, number>();
    const head = this.log.headSeq;
    for (const { device, acked } of this.connections) {
      lag.set(device.name, Math.max(lag.get(device.name) ?? 0, Math.max(0, head - acked)));
    }
    return lag;
  }

  /** Says goodbye to every console; sockets that do not finish the close handshake in time are cut. */
  async closeAll(graceMs: number): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.stopListening();
    const open = [...this.connections];
    for (const { ws } of open) ws.close(STREAM_CLOSE.shuttingDown, 'relay shutting down');
    await Promise.all(
      open.map(
        ({ ws }) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === ws.CLOSED) return resolve();
            const cut = setTimeout(() => ws.terminate(), graceMs);
            ws.once('close', () => {
              clearTimeout(cut);
              resolve();
            });
          }),
      ),
    );
  }

  /** Sends the next chunk after the connection's cursor; schedules another while more remains. */
  private pump(connection: StreamConnection): void {
    const { ws } = connection;
    if (connection.stalled || connection.scheduled || connection.refused || ws.readyState !== ws.OPEN) return;
    const started = performance.now();
    const { entries, cursor } = this.log.readVisibleAfter(connection.device, connection.cursor, this.readBatch);
    // One write for the whole chunk instead of one per frame (ws writes each frame itself).
    const socket = rawSocket(ws);
    socket?.cork();
    try {
      this.sendChunk(connection, entries, cursor, started);
    } finally {
      socket?.uncork();
    }
  }

  private sendChunk(connection: StreamConnection, entries: readonly LogEntry[], cursor: number, started: number): void {
    const { ws } = connection;
    for (const entry of entries) {
      connection.cursor = entry.seq;
      const frame = eventFrame(entry);
      if (ws.bufferedAmount + frame.length < this.highWaterBytes) {
        ws.send(frame);
        continue;
      }
      // The callback fires once this frame is handed to the OS: everything queued
      // before it has drained, so sending may resume.
      connection.stalled = true;
      this.logger.debug('stream paused: console reading slowly', { device: connection.device.name, seq: entry.seq });
      ws.send(frame, () => {
        connection.stalled = false;
        this.pump(connection);
      });
      this.options.onChunk?.((performance.now() - started) / 1000);
      return;
    }
    connection.cursor = cursor;
    if (entries.length > 0) this.options.onChunk?.((performance.now() - started) / 1000);
    if (entries.length === this.readBatch) {
      // More may remain: the rest waits a turn, so webhooks are answered in between.
      connection.scheduled = true;
      setImmediate(() => {
        connection.scheduled = false;
        this.pump(connection);
      });
      return;
    }
    if (!connection.caughtUp) {
      connection.caughtUp = true;
      ws.send(JSON.stringify({ type: 'caught_up', seq: this.log.headSeq }));
      if (connection.presence && this.options.presenceFrame) ws.send(this.options.presenceFrame());
    }
  }

  private receive(connection: StreamConnection, text: string | null): void {
    // A socket being closed for a bad frame is not parsed any further (see refuse()):
    // what it already sent is only counted, into one summary line when it closes.
    if (connection.refused) return connection.warnings.warn(INVALID_FRAME);
    connection.liveness.heardSincePing = true;
    const parsed = text === null ? null : clientFrameSchema.safeParse(parseJson(text));
    if (!parsed?.success) return this.refuse(connection);
    // An ack past what was sent means nothing yet: clamp it to the cursor.
    connection.acked = Math.max(connection.acked, Math.min(parsed.data.seq, connection.cursor));
    this.options.onAck?.(Math.max(0, this.log.headSeq - connection.acked));
  }

  /**
   * Closes the stream of a console that broke the protocol, and stops reading it: the
   * frames it already sent are dropped unread, and its socket is cut as soon as the close
   * frame has left (no waiting for the console's own close frame).
   */
  private refuse(connection: StreamConnection): void {
    const { ws } = connection;
    connection.refused = true;
    connection.warnings.warn(INVALID_FRAME);
    ws.close(CLOSE_BAD_FRAME, 'invalid frame');
    // ws.pause() stops the socket reading (public API), so what it sends meanwhile costs nothing.
    ws.pause();
    terminateOnceSent(ws, REFUSED_GRACE_MS);
  }

  private beat(): void {
    for (const connection of this.connections) {
      if (decideHeartbeat(connection.liveness) === 'terminate') {
        this.logger.info('stream dropped: no pong', { device: connection.device.name });
        connection.ws.terminate();
        continue;
      }
      connection.liveness = { pingOutstanding: true, heardSincePing: false };
      connection.ws.ping();
    }
  }
}

/**
 * Cuts a closing socket as soon as everything queued, the close frame last, has been
 * handed to the OS (ws.bufferedAmount is 0), at most `graceMs` later. ws has no public
 * event for "close frame written", and waiting for the peer's close frame would mean
 * reading it again; so the buffer is polled briefly instead.
 */
function terminateOnceSent(ws: WebSocket, graceMs: number): void {
  const deadline = Date.now() + graceMs;
  const check = (): void => {
    if (ws.readyState === ws.CLOSED) return;
    if (ws.bufferedAmount === 0 || Date.now() >= deadline) return ws.terminate();
    setTimeout(check, REFUSED_POLL_MS).unref();
  };
  setImmediate(check);
}

/** ws keeps its net.Socket private; corking it is the only way to batch frames into one write. */
function rawSocket(ws: WebSocket): Socket | undefined {
  return (ws as unknown as { _socket?: Socket })._socket;
}

function eventFrame(entry: LogEntry): string {
  // The event is stored serialized; splice it in rather than parse and re-serialize.
  return `{"type":"event","seq":${entry.seq},"event":${entry.json}}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
