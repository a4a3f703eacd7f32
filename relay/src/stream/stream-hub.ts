import type { WebSocket } from 'ws';
import { clientFrameSchema, STREAM_CLOSE } from '../../../src/shared/relay-protocol';
import type { Device } from '../devices/device-store';
import type { EventLog, LogEntry } from '../log/event-log';
import type { Logger } from '../logger';
import { decideHeartbeat, type PeerLiveness } from './heartbeat';
import { isVisibleTo } from './visibility';

interface StreamConnection {
  ws: WebSocket;
  device: Device;
  /** Last seq considered for this connection (sent, or skipped as not visible). */
  cursor: number;
  acked: number;
  caughtUp: boolean;
  /** Waiting for the socket to drain before sending more. */
  stalled: boolean;
  liveness: PeerLiveness;
}

export interface StreamHubOptions {
  heartbeatMs: number;
  /** Stop sending to a connection while this many bytes wait in its socket buffer. */
  highWaterBytes?: number;
  readBatch?: number;
}

/** Policy violation: the console sent a frame that is not in the protocol. */
const CLOSE_BAD_FRAME = 1008;

/**
 * Fans the log out to WebSocket consoles. Each connection has a cursor; one pump reads
 * the log after the cursor (replay and live alike), so events committed during a replay
 * are simply read next: no gap, no duplicate. A slow console is paused while its socket
 * buffer is above the high-water mark and resumed when it drains.
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
    this.readBatch = options.readBatch ?? 500;
    this.stopListening = log.onCommitted(() => {
      for (const connection of this.connections) this.pump(connection);
    });
  }

  attach(ws: WebSocket, device: Device, after: number): void {
    const connection: StreamConnection = {
      ws,
      device,
      cursor: after,
      acked: after,
      caughtUp: false,
      stalled: false,
      liveness: { pingOutstanding: false, heardSincePing: true },
    };
    this.connections.add(connection);
    ws.on('pong', () => (connection.liveness.heardSincePing = true));
    ws.on('message', (data, isBinary) => this.receive(connection, isBinary ? null : data.toString()));
    ws.on('close', () => this.connections.delete(connection));
    ws.on('error', (error) => this.logger.warn('stream socket error', { device: device.name, error: error.message }));
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

  private pump(connection: StreamConnection): void {
    const { ws } = connection;
    if (connection.stalled || ws.readyState !== ws.OPEN) return;
    for (;;) {
      const entries = this.log.readAfter(connection.cursor, this.readBatch);
      if (entries.length === 0) break;
      for (const entry of entries) {
        connection.cursor = entry.seq;
        if (!isVisibleTo(connection.device, entry)) continue;
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
        return;
      }
    }
    if (!connection.caughtUp) {
      connection.caughtUp = true;
      ws.send(JSON.stringify({ type: 'caught_up', seq: this.log.headSeq }));
    }
  }

  private receive(connection: StreamConnection, text: string | null): void {
    connection.liveness.heardSincePing = true;
    const parsed = text === null ? null : clientFrameSchema.safeParse(parseJson(text));
    if (!parsed?.success) {
      this.logger.warn('stream closed: invalid client frame', { device: connection.device.name });
      connection.ws.close(CLOSE_BAD_FRAME, 'invalid frame');
      return;
    }
    // An ack past what was sent means nothing yet: clamp it to the cursor.
    connection.acked = Math.max(connection.acked, Math.min(parsed.data.seq, connection.cursor));
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
