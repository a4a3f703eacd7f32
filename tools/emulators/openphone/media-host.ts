import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * Stands in for the cloud bucket OpenPhone's media URLs point to (spec §1.8: Google
 * Cloud Storage / S3 style hosts): a loopback HTTP server serving recordings
 * (audio/mpeg) and MMS photos (image/jpeg) it generates, at signed URLs that expire
 * (`?expires=<unix s>&sig=<hex>`; expired or badly signed → 403 with a bucket's XML error),
 * with switches to fail the next requests, stall them mid-body, or redirect, so tests can
 * show a relay retrying, alerting and recovering. It never imports the relay.
 */

export interface MediaHostOptions {
  /** Seconds since the epoch, for expiry; default the real clock. */
  nowSeconds?: () => number;
}

export interface SeenRequest {
  method: string;
  /** Path and query as requested. */
  url: string;
  at: number;
}

interface StoredMedia {
  contentType: string;
  body: Buffer;
}

export class MediaHost {
  /** Every request the host received, in order. */
  readonly requests: SeenRequest[] = [];
  private readonly media = new Map<string, StoredMedia>();
  private readonly redirects = new Map<string, string>();
  private readonly secret = randomBytes(32);
  private readonly sockets = new Set<Socket>();
  private failures: { count: number; status: number } = { count: 0, status: 503 };
  private stalls = 0;
  private contentTypeOverride: string | null = null;

  private constructor(
    private readonly server: Server,
    private readonly nowSeconds: () => number,
  ) {}

  static async start(options: MediaHostOptions = {}): Promise<MediaHost> {
    const server = createServer();
    const host = new MediaHost(server, options.nowSeconds ?? (() => Math.floor(Date.now() / 1000)));
    server.on('request', (req, res) => host.serve(req, res));
    server.on('connection', (socket) => {
      host.sockets.add(socket);
      socket.once('close', () => host.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return host;
  }

  /** `127.0.0.1:<port>`, as RELAY_MEDIA_ALLOWED_HOSTS lists it. */
  get hostPort(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get origin(): string {
    return `http://${this.hostPort}`;
  }

  /** Serves `body` at `path` (e.g. `/recordings/AC1.mp3`). */
  put(path: string, contentType: string, body: Buffer): Buffer {
    this.media.set(path, { contentType, body });
    return body;
  }

  /** A call recording of about `seconds` of silence (MPEG-1 Layer III frames), unique to `name`. */
  addRecording(path: string, seconds = 2, name = path): Buffer {
    return this.put(path, 'audio/mpeg', silentMp3(seconds, name));
  }

  /** An MMS photo (a small baseline JPEG), unique to `name`, padded to at least `minBytes`. */
  addPhoto(path: string, name = path, minBytes = 0): Buffer {
    return this.put(path, 'image/jpeg', grayJpeg(name, minBytes));
  }

  /** A signed URL for `path`, valid `expiresInSeconds` from now (negative: already expired). */
  signedUrl(path: string, expiresInSeconds = 3600): string {
    const expires = this.nowSeconds() + expiresInSeconds;
    return `${this.origin}${path}?expires=${expires}&sig=${this.sign(path, expires)}`;
  }

  /** Answers the next `count` media requests with `status` (a bucket having a bad minute). */
  failNext(count: number, status = 503): void {
    this.failures = { count, status };
  }

  /** The next `count` media requests get their headers and half the body, then nothing more. */
  stallNext(count: number): void {
    this.stalls = count;
  }

  /** Requests for `path` are redirected (302) to `location`, unsigned. */
  redirect(path: string, location: string): void {
    this.redirects.set(path, location);
  }

  /** Serve every file with this content type instead of its own (null: their own). */
  answerContentType(contentType: string | null): void {
    this.contentTypeOverride = contentType;
  }

  /** Requests whose path is `path`. */
  requestsFor(path: string): SeenRequest[] {
    return this.requests.filter((request) => request.url.split('?')[0] === path);
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private sign(path: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${path}\n${expires}`).digest('hex');
  }

  private serve(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://media.invalid');
    this.requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', at: Date.now() });
    const redirect = this.redirects.get(url.pathname);
    if (redirect !== undefined) {
      res.writeHead(302, { location: redirect, 'content-length': '0' });
      return void res.end();
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return bucketError(res, 405, 'MethodNotAllowed', 'The specified method is not allowed.');
    const expires = Number(url.searchParams.get('expires'));
    const signature = url.searchParams.get('sig') ?? '';
    const expected = Number.isFinite(expires) ? this.sign(url.pathname, expires) : '';
    if (signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) {
      return bucketError(res, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
    }
    if (expires < this.nowSeconds()) return bucketError(res, 403, 'ExpiredToken', 'The provided token has expired. Request signature expired.');
    if (this.failures.count > 0) {
      this.failures.count -= 1;
      return bucketError(res, this.failures.status, 'ServiceUnavailable', 'We encountered an internal error. Please try again.');
    }
    const media = this.media.get(url.pathname);
    if (media === undefined) return bucketError(res, 404, 'NoSuchKey', 'The specified key does not exist.');
    res.writeHead(200, { 'content-type': this.contentTypeOverride ?? media.contentType, 'content-length': String(media.body.length), 'cache-control': 'private, max-age=0' });
    if (req.method === 'HEAD') return void res.end();
    if (this.stalls > 0) {
      this.stalls -= 1;
      // Half the body, then silence: the connection stays open until the client gives up.
      return void res.write(media.body.subarray(0, Math.floor(media.body.length / 2)));
    }
    res.end(media.body);
  }
}

function bucketError(res: ServerResponse, status: number, code: string, message: string): void {
  const body = `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  res.writeHead(status, { 'content-type': 'application/xml; charset=UTF-8', 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/**
 * `seconds` of silent MPEG-1 Layer III, 128 kbit/s, 44.1 kHz mono: 417-byte frames whose
 * side information is all zeros (no audio data: decoders play silence), after an ID3v2.3
 * tag titled `name` so every recording hashes differently.
 */
export function silentMp3(seconds: number, name: string): Buffer {
  const title = Buffer.from(`\u0000${name}`, 'latin1'); // encoding byte 0 (ISO-8859-1), then the text
  const frame = Buffer.concat([Buffer.from('TIT2'), uint32(title.length), Buffer.from([0, 0]), title]);
  const tag = Buffer.concat([Buffer.from('ID3'), Buffer.from([3, 0, 0]), syncSafe(frame.length), frame]);
  const audioFrame = Buffer.alloc(417);
  audioFrame.set([0xff, 0xfb, 0x90, 0xc4]);
  const frames = Math.max(1, Math.round((seconds * 44_100) / 1152));
  return Buffer.concat([tag, ...Array.from({ length: frames }, () => audioFrame)]);
}

/**
 * An 8×8 mid-gray baseline JPEG: one component, quantization all ones, one-symbol Huffman
 * tables (DC difference 0, end of block), so the single block's entropy data is two bits.
 * A comment segment carries `name` (every photo hashes differently); more pad it to `minBytes`.
 */
export function grayJpeg(name: string, minBytes = 0): Buffer {
  const segment = (marker: number, payload: Buffer): Buffer => Buffer.concat([Buffer.from([0xff, marker]), uint16(payload.length + 2), payload]);
  const oneSymbolTable = (tableClass: number): Buffer => Buffer.concat([Buffer.from([tableClass << 4]), Buffer.from([1, ...Array<number>(15).fill(0)]), Buffer.from([0])]);
  const head = Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xfe, Buffer.from(name, 'utf8').subarray(0, 60_000)),
    segment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)])),
    segment(0xc0, Buffer.from([8, 0, 8, 0, 8, 1, 1, 0x11, 0])),
    segment(0xc4, oneSymbolTable(0)),
    segment(0xc4, oneSymbolTable(1)),
  ]);
  const tail = Buffer.concat([segment(0xda, Buffer.from([1, 1, 0, 0, 63, 0])), Buffer.from([0x3f, 0xff, 0xd9])]);
  const padding: Buffer[] = [];
  let size = head.length + tail.length;
  while (size < minBytes) {
    const length = Math.min(60_000, Math.max(1, minBytes - size - 4));
    padding.push(segment(0xfe, Buffer.alloc(length, 0x20)));
    size += length + 4;
  }
  return Buffer.concat([head, ...padding, tail]);
}

function uint16(value: number): Buffer {
  const buffer = Buffer.alloc(2);
  buffer.writeUInt16BE(value);
  return buffer;
}

function uint32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value);
  return buffer;
}

/** ID3v2 sizes: 7 bits per byte. */
function syncSafe(value: number): Buffer {
  return Buffer.from([(value >> 21) & 0x7f, (value >> 14) & 0x7f, (value >> 7) & 0x7f, value & 0x7f]);
}
