import WebSocket from 'ws';
import type { Clock } from '../../shared/clock';
import type { LinkState } from '../../shared/api/contract';
import { LOG_EPOCH_HEADER, logEpochSchema, serverFrameSchema, STREAM_CLOSE, streamRefusalSchema, type ClientFrame, type PresenceFrame } from '../../shared/relay-protocol';
import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../core/logger';
import type { LogEntry } from '../projection/apply-event';
import { decodeStoredEvent } from '../projection/decode-stored-event';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffPolicy } from '../../shared/backoff/backoff';
import { fetchRelayHealth } from '../http/relay-rest-client';
import { relayEndpoint, RelayUrlRefused } from './relay-url';

/** The link's part of LinkStatus; the core adds the applied seq and the last event's age. */
export interface RelayLinkStatus {
  state: LinkState;
  reason: string | null;
  headSeq: number | null;
}

export interface RelayLinkOptions {
  /** http(s) or ws(s) base URL of the relay. */
  relayUrl: string;
  deviceToken: string;
  /** The last seq the projection holds; the stream resumes after it. */
  appliedSeq: () => number;
  /** Applies entries, in order, in one transaction; throwing drops the connection to start over. */
  apply: (entries: LogEntry[]) => void;
  onStatus: (status: RelayLinkStatus) => void;
  clock?: Clock;
  logger: Logger;
  random?: () => number;
  backoff?: BackoffPolicy;
  /** Client ping interval; a relay silent for a whole interval is dropped. */
  heartbeatMs?: number;
  /** Acks are cumulative; at most one per interval while events flow. */
  ackIntervalMs?: number;
  /** Reading per event-loop turn before the socket waits for the next (RECEIVE_BUDGET_MS). */
  receiveBudgetMs?: number;
  /**
   * Who is online and on which call, as the relay says on the stream (asked for with
   * `presence=1`, so a relay's presence is only sent to a console that reads it); null
   * when the stream is gone, and with it what the console knows of presence.
   */
  onPresence?: (presence: PresenceFrame | null) => void;
  /** The epoch of the relay's log the local copy is of (null: never told), sent as `epoch=` when resuming. */
  logEpoch?: () => string | null;
  /** The relay named its log's epoch as the stream opened (before any event of it is applied). */
  onLogEpoch?: (epoch: string) => void;
  /**
   * The relay refused the stream (409) because the local copy goes past what its log holds
   * (restored from an older backup, or another log): it agrees up to `validThrough`. The
   * link waits; the core downloads the log again.
   */
  onDiverged?: (validThrough: number) => void;
}

/** What the status bar says while the console downloads the log again after a 409. */
export const DIVERGED_REASON = "the relay's log no longer matches this console's copy (the relay was restored from a backup): downloading it again";

/** Reads a refusal's small JSON body; null when it is not one. */
function readRefusal(res: IncomingMessage, done: (refusal: { validThrough?: number } | null) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let settled = false;
  const settle = (refusal: { validThrough?: number } | null): void => {
    if (settled) return;
    settled = true;
    done(refusal);
  };
  res.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= 16_384) chunks.push(chunk);
  });
  res.on('error', () => settle(null));
  res.on('close', () => settle(null));
  res.on('end', () => {
    try {
      const parsed = streamRefusalSchema.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      settle(parsed.success ? parsed.data : null);
    } catch {
      settle(null);
    }
  });
}

/**
 * Entries applied per transaction at most; a larger burst is split. Large enough that
 * a catch-up or full rebuild writes each hot index page once per many events (the
 * WAL traffic dominates a rebuild), small enough that one transaction stays around a
 * second of main-process time.
 */
export const MAX_BATCH = 20_000;

/**
 * Reading per event-loop turn at most. A replay arrives faster than it is read: one poll
 * can hand over a couple of megabytes (2,000+ frames, 70–110 ms of parsing), and a
 * renderer API call waits behind all of it. Past this the socket is paused until the
 * next turn, after the apply's slice and any API call have had theirs.
 */
export const RECEIVE_BUDGET_MS = 8;

/**
 * The console's WebSocket to the relay's stream. Resumes after the applied seq,
 * applies events exactly once and in order (a burst in one transaction), acks after
 * the commit, and reconnects with exponential backoff and full jitter. A refused or
 * revoked token waits the longest delay between attempts: it will not start working
 * by itself, and the relay should not be hammered by a console that lost its access.
 */
export class RelayLink {
  private ws: WebSocket | null = null;
  private stopped = true;
  private paused = false;
  private attempt = 0;
  private pending: LogEntry[] = [];
  private flushScheduled = false;
  /** When this turn's reading began (null: nothing read yet this turn), and whether it paused the socket. */
  private turnStartedAt: number | null = null;
  private turnPaused = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private ackTimer: NodeJS.Timeout | null = null;
  private lastAckAtMs = 0;
  private ackedSeq = 0;
  private current: RelayLinkStatus = { state: 'offline', reason: 'not started', headSeq: null };
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly backoff: BackoffPolicy;

  constructor(private readonly options: RelayLinkOptions) {
    this.clock = options.clock ?? Date.now;
    this.random = options.random ?? Math.random;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
  }

  status(): RelayLinkStatus {
    return { ...this.current };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  /** Stops reading the stream (TCP holds the relay back) while the core works through what it has; resume() reads on. */
  pause(): void {
    this.paused = true;
    this.ws?.pause();
  }

  resume(): void {
    this.paused = false;
    if (!this.turnPaused) this.ws?.resume();
  }

  /** Closes the stream; pending entries already received are applied first. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const ws = this.ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
    else ws.close(1000, 'console stopping');
    const cut = setTimeout(() => ws.terminate(), 2_000);
    await closed;
    clearTimeout(cut);
  }

  private connect(): void {
    let url: URL;
    try {
      url = relayEndpoint(this.options.relayUrl, '/v1/stream', 'ws');
    } catch (error) {
      // An address the token may not go to will not become one by retrying: say so and wait for new settings.
      if (!(error instanceof RelayUrlRefused)) throw error;
      this.setStatus({ state: 'offline', reason: error.message, headSeq: null });
      return;
    }
    url.searchParams.set('after', String(this.options.appliedSeq()));
    const epoch = this.options.logEpoch?.() ?? null;
    if (epoch !== null) url.searchParams.set('epoch', epoch);
    if (this.options.onPresence) url.searchParams.set('presence', '1');
    this.setStatus({ state: 'connecting', reason: null, headSeq: this.current.headSeq });
    const ws = new WebSocket(url, { headers: { authorization: `Bearer ${this.options.deviceToken}` }, handshakeTimeout: 10_000 });
    this.ws = ws;
    this.ackedSeq = this.options.appliedSeq();
    let opened = false;
    let failure: { reason: string; refused: boolean } | null = null;

    ws.on('unexpected-response', (_req, res) => {
      if (res.statusCode === 409) {
        failure = { reason: DIVERGED_REASON, refused: true };
        // The body says how far the copy agrees: read it before the socket goes.
        readRefusal(res, (refusal) => {
          ws.terminate();
          if (!this.stopped) this.options.onDiverged?.(refusal?.validThrough ?? 0);
        });
        return;
      }
      const refused = res.statusCode === 401 || res.statusCode === 403;
      failure = { reason: refused ? `device token refused (${res.statusCode})` : `relay answered ${res.statusCode}`, refused };
      res.resume();
      ws.terminate();
    });
    ws.on('upgrade', (res) => {
      const told = logEpochSchema.safeParse(res.headers[LOG_EPOCH_HEADER]);
      if (told.success && told.data !== epoch) this.options.onLogEpoch?.(told.data);
    });
    ws.on('open', () => {
      opened = true;
      if (this.paused) ws.pause();
      this.setStatus({ state: 'catching_up', reason: null, headSeq: this.current.headSeq });
      this.startHeartbeat(ws);
      void this.learnHead(ws);
    });
    ws.on('message', (data, isBinary) => {
      if (this.ws !== ws) return;
      this.receive(ws, isBinary ? '' : data.toString());
    });
    ws.on('error', (error) => {
      failure ??= { reason: opened ? `connection lost: ${error.message}` : 'relay unreachable', refused: false };
      this.options.logger.warn(`relay link: ${error.message}`);
    });
    ws.on('close', (code, reasonBuffer) => {
      if (this.ws !== ws) return;
      this.stopHeartbeat();
      this.flush(ws);
      this.ws = null;
      this.options.onPresence?.(null);
      if (this.stopped) return;
      const closeReason = reasonBuffer.toString();
      if (code === STREAM_CLOSE.revoked) failure = { reason: 'device token revoked', refused: true };
      else if (code === STREAM_CLOSE.shuttingDown) failure = { reason: 'relay restarting', refused: false };
      failure ??= { reason: opened ? `connection lost${closeReason ? `: ${closeReason}` : ''}` : 'relay unreachable', refused: false };
      this.setStatus({ state: 'offline', reason: failure.reason, headSeq: this.current.headSeq });
      const delay = failure.refused ? this.backoff.capMs : backoffDelay(this.attempt, this.random, this.backoff);
      this.attempt += 1;
      this.reconnectTimer = setTimeout(() => {
        this.reconnectTimer = null;
        if (!this.stopped) this.connect();
      }, delay);
    });
  }

  /**
   * The relay's head before the replay ends, so a long catch-up can show "N of M". The
   * relay tells it only to a device (or its operator), so the request carries the token.
   * A relay that does not say it (an older one, or a proxy that drops the header) leaves
   * the head unknown: the status bar shows no count, and the stream's caught_up frame
   * still says when the catch-up is done.
   */
  private async learnHead(ws: WebSocket): Promise<void> {
    let head: number | undefined;
    try {
      ({ headSeq: head } = await fetchRelayHealth({ url: this.options.relayUrl, token: this.options.deviceToken }));
    } catch {
      return; // Progress is a nicety; the outbound client has logged why it failed.
    }
    if (head === undefined || this.ws !== ws || this.current.state !== 'catching_up') return;
    if (this.current.headSeq === null || head > this.current.headSeq) this.setStatus({ state: 'catching_up', reason: null, headSeq: head });
  }

  private receive(ws: WebSocket, text: string): void {
    this.budgetReading(ws);
    const parsed = parseJson(text);
    const frame = serverFrameSchema.safeParse(parsed);
    if (!frame.success) {
      this.options.logger.warn('relay link: ignoring a frame outside the protocol');
      return;
    }
    if (frame.data.type === 'event') {
      // Every event is kept as received (LogEntry.stored), read or not: a later version may read it.
      const reading = decodeStoredEvent(frame.data.event);
      if (reading.kind !== 'read') this.options.logger.warn(`relay link: event ${frame.data.seq} is not one this console reads (${reading.reason}); keeping it for a later version`);
      const storedJson = eventTextOf(text, parsed, frame.data.seq);
      this.pending.push({ seq: frame.data.seq, event: reading.kind === 'read' ? reading.event : null, stored: frame.data.event, ...(storedJson === undefined ? {} : { storedJson }) });
      if (this.pending.length >= MAX_BATCH) this.flush(ws);
      else if (!this.flushScheduled) {
        // Frames that arrived together (a replay, a burst) are applied in one transaction.
        this.flushScheduled = true;
        setImmediate(() => {
          this.flushScheduled = false;
          this.flush(ws);
        });
      }
      return;
    }
    if (frame.data.type === 'presence') {
      this.options.onPresence?.(frame.data);
      return;
    }
    this.flush(ws);
    this.attempt = 0;
    this.setStatus({ state: 'live', reason: null, headSeq: frame.data.seq });
    // Everything up to the head has been received and applied (an agent's stream
    // leaves out others' events): say so, so the relay's lag for this device is true.
    this.sendAck(ws, Math.max(this.options.appliedSeq(), frame.data.seq));
  }

  private budgetReading(ws: WebSocket): void {
    const now = performance.now();
    if (this.turnStartedAt === null) {
      this.turnStartedAt = now;
      setImmediate(() => {
        this.turnStartedAt = null;
        if (!this.turnPaused) return;
        this.turnPaused = false;
        if (!this.paused && this.ws === ws) ws.resume();
      });
      return;
    }
    if (!this.turnPaused && now - this.turnStartedAt >= (this.options.receiveBudgetMs ?? RECEIVE_BUDGET_MS)) {
      this.turnPaused = true;
      ws.pause();
    }
  }

  private flush(ws: WebSocket): void {
    if (this.pending.length === 0) return;
    const applied = this.options.appliedSeq();
    const entries: LogEntry[] = [];
    let last = applied;
    for (const entry of this.pending) {
      if (entry.seq <= last) continue;
      entries.push(entry);
      last = entry.seq;
    }
    this.pending = [];
    if (entries.length === 0) return;
    try {
      this.options.apply(entries);
    } catch (error) {
      this.options.logger.error(`relay link: could not apply events after ${applied}: ${error instanceof Error ? error.message : String(error)}`);
      ws.terminate();
      return;
    }
    if (this.current.state === 'live' && (this.current.headSeq ?? 0) < last) this.current = { ...this.current, headSeq: last };
    this.scheduleAck(ws);
  }

  private scheduleAck(ws: WebSocket): void {
    const interval = this.options.ackIntervalMs ?? 250;
    const sinceLast = this.clock() - this.lastAckAtMs;
    if (sinceLast >= interval) {
      this.sendAck(ws);
      return;
    }
    if (this.ackTimer) return;
    this.ackTimer = setTimeout(() => {
      this.ackTimer = null;
      this.sendAck(ws);
    }, interval - sinceLast);
  }

  private sendAck(ws: WebSocket, seq = this.options.appliedSeq()): void {
    if (seq <= this.ackedSeq || ws.readyState !== WebSocket.OPEN) return;
    const frame: ClientFrame = { type: 'ack', seq };
    ws.send(JSON.stringify(frame));
    this.ackedSeq = seq;
    this.lastAckAtMs = this.clock();
  }

  private startHeartbeat(ws: WebSocket): void {
    let heard = true;
    const hear = (): void => {
      heard = true;
    };
    ws.on('ping', hear);
    ws.on('pong', hear);
    ws.on('message', hear);
    this.heartbeatTimer = setInterval(() => {
      if (!heard) {
        this.options.logger.warn('relay link: the relay stopped answering; reconnecting');
        ws.terminate();
        return;
      }
      heard = false;
      ws.ping();
    }, this.options.heartbeatMs ?? 30_000);
    this.heartbeatTimer.unref();
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
    if (this.ackTimer) clearTimeout(this.ackTimer);
    this.ackTimer = null;
  }

  private setStatus(status: RelayLinkStatus): void {
    const changed = status.state !== this.current.state || status.reason !== this.current.reason || status.headSeq !== this.current.headSeq;
    this.current = status;
    if (changed) this.options.onStatus({ ...status });
  }
}

/**
 * The relay writes an event frame around the event's stored JSON text
 * (`{"type":"event","seq":N,"event":<text>}`): that text, parsed already, is the local
 * copy's, with no second JSON.stringify per event. A frame written any other way (its
 * members in another order, spaces, one more member) gives none, and the copy is written
 * from the parsed event as before.
 */
export function eventTextOf(frameText: string, frame: unknown, seq: number): string | undefined {
  const head = `{"type":"event","seq":${seq},"event":`;
  // Three members, the event last: what follows its text is the frame's closing brace.
  if (!frameText.startsWith(head) || !frameText.endsWith('}') || Object.keys(frame as object).length !== 3) return undefined;
  return frameText.slice(head.length, -1);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
