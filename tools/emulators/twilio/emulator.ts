import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { formBody, signTwilio } from './signature';
import { readTwiml, type TwimlAnswer } from './twiml-document';

/**
 * Twilio Programmable Voice for tests and the demo (spec telephony-providers §2): it
 * plays an incoming call against the number's configured URLs as Twilio does. The voice
 * request (form-encoded, signed), whose answer must be well-formed TwiML with a <Dial> or a
 * <Reject>; then the status callbacks the TwiML asked for on each dialled leg and the
 * number's own "Call status changes" callback, each with its SequenceNumber; then the
 * recording callback when the dial records. It serves the recordings itself, behind
 * HTTP Basic auth (account SID and auth token) like an account enforcing authenticated media.
 * Requests are signed over the URL as configured (the public URL) and may be delivered
 * elsewhere (`deliverTo`: the relay's own address behind its TLS proxy).
 */

export interface TwilioEmulatorOptions {
  authToken: string;
  accountSid?: string;
  /** The number's "A call comes in" URL, as configured in Twilio. */
  voiceUrl: string;
  /** The number's "Call status changes" URL; null: not configured. */
  statusUrl: string | null;
  /** Where a request for a configured URL is actually sent; default: the URL itself. */
  deliverTo?: (url: string) => string;
  /** The bytes of every recording served; default: a few kB of an MP3 frame header and silence. */
  recordingBytes?: Buffer;
}

export type CallOutcome = { answered: { ringSeconds: number; talkSeconds: number } } | { unanswered: 'no-answer' | 'busy' | 'canceled'; ringSeconds: number };

export interface CallScript {
  from: string;
  to: string;
  outcome: CallOutcome;
  /** When the call comes in; default now. Callback times are this plus the script's seconds (nothing waits). */
  startedAt?: Date;
  /**
   * The caller's leg's CallDuration counts the ringing too, as when Twilio does not honour
   * answerOnBridge (UNCONFIRMED, spec §2.2); only the answering leg's CallDuration is the talk time.
   */
  callerLegCountsRinging?: boolean;
  /** Awaited once the voice request is answered, before any callback: while the agents' phones ring. */
  whileRinging?: () => Promise<void>;
}

export interface SentRequest {
  kind: 'voice' | 'status' | 'recording';
  url: string;
  params: [string, string][];
  status: number;
  body: string;
}

export interface PlayedCall {
  callSid: string;
  twiml: TwimlAnswer;
  recordingSid: string | null;
  requests: SentRequest[];
}

export class TwilioEmulator {
  readonly accountSid: string;
  /** Every request for a recording, and whether it carried the account's credentials. */
  readonly mediaRequests: { path: string; authorized: boolean }[] = [];
  /** Set: an authorized recording request is redirected there (Twilio hands recordings out from its storage), the same path. */
  redirectRecordingsTo: string | null = null;
  private readonly recordings = new Set<string>();
  private readonly recordingBytes: Buffer;

  private constructor(
    private readonly options: TwilioEmulatorOptions,
    private readonly server: http.Server,
    /** http://127.0.0.1:PORT, where recordings are served. */
    readonly mediaOrigin: string,
  ) {
    this.accountSid = options.accountSid ?? `AC${randomBytes(16).toString('hex')}`;
    this.recordingBytes = options.recordingBytes ?? Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x64]), Buffer.alloc(4096)]);
  }

  static async start(options: TwilioEmulatorOptions): Promise<TwilioEmulator> {
    let emulator: TwilioEmulator | null = null;
    const server = http.createServer((req, res) => emulator!.serveMedia(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    emulator = new TwilioEmulator(options, server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return emulator;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Signs and posts one form request as Twilio does; the configured URL is what is signed. */
  async post(kind: SentRequest['kind'], url: string, params: [string, string][], requests: SentRequest[] = []): Promise<SentRequest> {
    const body = formBody(params);
    const response = await fetch(this.options.deliverTo?.(url) ?? url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        'x-twilio-signature': signTwilio(this.options.authToken, url, params),
        // Real Twilio sends these too (UNCONFIRMED, §2.5); nothing may depend on them.
        'user-agent': 'TwilioProxy/1.1',
        'i-twilio-idempotency-token': randomBytes(16).toString('hex'),
      },
      body,
    });
    const sent = { kind, url, params, status: response.status, body: await response.text() };
    requests.push(sent);
    return sent;
  }

  /** One incoming call, start to end. Throws when the voice URL's answer is not TwiML Twilio could act on. */
  async playCall(script: CallScript): Promise<PlayedCall> {
    const callSid = sid('CA');
    const startedMs = (script.startedAt ?? new Date()).getTime();
    const at = (seconds: number) => rfc2822(new Date(startedMs + seconds * 1000));
    const requests: SentRequest[] = [];
    const call: [string, string][] = [
      ['AccountSid', this.accountSid],
      ['ApiVersion', '2010-04-01'],
      ['CallSid', callSid],
      ['From', script.from],
      ['To', script.to],
      ['Caller', script.from],
      ['Called', script.to],
      ['Direction', 'inbound'],
      ['FromCountry', 'US'],
      ['ToCountry', 'US'],
    ];
    const voice = await this.post('voice', this.options.voiceUrl, [...call, ['CallStatus', 'ringing']], requests);
    if (voice.status !== 200) throw new Error(`the voice URL answered ${voice.status}: ${voice.body.slice(0, 200)}`);
    const twiml = readTwiml(voice.body);
    await script.whileRinging?.();
    const parentSequence = { next: 0 };
    const parentStatus = async (status: string, seconds: number, extra: [string, string][] = []): Promise<void> => {
      if (this.options.statusUrl === null) return;
      await this.post('status', this.options.statusUrl, [...call, ['CallStatus', status], ['CallbackSource', 'call-progress-events'], ['SequenceNumber', String(parentSequence.next++)], ['Timestamp', at(seconds)], ...extra], requests);
    };

    if (twiml.kind === 'reject') {
      await parentStatus(twiml.reason === 'busy' ? 'busy' : 'no-answer', 0);
      return { callSid, twiml, recordingSid: null, requests };
    }

    const { outcome } = script;
    // Nobody rings longer than the dial's timeout.
    const ringSeconds = Math.min('answered' in outcome ? outcome.answered.ringSeconds : outcome.ringSeconds, twiml.timeoutSeconds);
    const legs = twiml.nouns.map((noun) => ({ noun, sid: sid('CA'), sequence: 0 }));
    const legStatus = async (leg: (typeof legs)[number], status: string, event: string, seconds: number, extra: [string, string][] = []): Promise<void> => {
      if (leg.noun.statusCallback === null || !leg.noun.statusCallbackEvent.includes(event)) return;
      const params: [string, string][] = [
        ['AccountSid', this.accountSid],
        ['ApiVersion', '2010-04-01'],
        ['CallSid', leg.sid],
        ['ParentCallSid', callSid],
        ['From', script.from],
        ['To', leg.noun.target],
        ['Direction', 'outbound-dial'],
        ['CallStatus', status],
        ['CallbackSource', 'call-progress-events'],
        ['SequenceNumber', String(leg.sequence++)],
        ['Timestamp', at(seconds)],
        ...extra,
      ];
      await this.post('status', leg.noun.statusCallback, params, requests);
    };
    for (const leg of legs) await legStatus(leg, 'ringing', 'ringing', 0);

    if ('unanswered' in outcome) {
      const status = outcome.unanswered;
      for (const leg of legs) await legStatus(leg, status, 'completed', ringSeconds, [['CallDuration', '0']]);
      // Without answerOnBridge Twilio picked the caller up to run the TwiML: the leg "completed", its time the ringing.
      if (twiml.answerOnBridge) await parentStatus(status, ringSeconds, [['CallDuration', '0'], ['Duration', '0']]);
      else await parentStatus('completed', ringSeconds, [['CallDuration', String(ringSeconds)], ['Duration', String(Math.ceil(ringSeconds / 60))]]);
      return { callSid, twiml, recordingSid: null, requests };
    }

    const { talkSeconds } = outcome.answered;
    const [answering, ...others] = legs;
    await legStatus(answering!, 'in-progress', 'answered', ringSeconds);
    // A simultaneous dial hangs up the other numbers once one answers.
    for (const leg of others) await legStatus(leg, 'canceled', 'completed', ringSeconds, [['CallDuration', '0']]);
    const endSeconds = ringSeconds + talkSeconds;
    await legStatus(answering!, 'completed', 'completed', endSeconds, [['CallDuration', String(talkSeconds)], ['Duration', String(Math.ceil(talkSeconds / 60))]]);
    const parentSeconds = twiml.answerOnBridge && script.callerLegCountsRinging !== true ? talkSeconds : endSeconds;
    await parentStatus('completed', endSeconds, [['CallDuration', String(parentSeconds)], ['Duration', String(Math.ceil(parentSeconds / 60))]]);

    let recordingSid: string | null = null;
    if (twiml.record && twiml.recordingStatusCallback !== null) {
      recordingSid = sid('RE');
      this.recordings.add(recordingSid);
      await this.post(
        'recording',
        twiml.recordingStatusCallback,
        [
          ['AccountSid', this.accountSid],
          ['CallSid', callSid],
          ['RecordingSid', recordingSid],
          ['RecordingUrl', `${this.mediaOrigin}/2010-04-01/Accounts/${this.accountSid}/Recordings/${recordingSid}`],
          ['RecordingStatus', 'completed'],
          ['RecordingDuration', String(talkSeconds)],
          ['RecordingChannels', '2'],
          ['RecordingStartTime', at(ringSeconds)],
          ['RecordingSource', 'DialVerb'],
          ['RecordingTrack', 'both'],
        ],
        requests,
      );
    }
    return { callSid, twiml, recordingSid, requests };
  }

  /** GET /2010-04-01/Accounts/<sid>/Recordings/<RE…>.mp3, with the account's Basic credentials only. */
  private serveMedia(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = req.url ?? '/';
    const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.options.authToken}`).toString('base64')}`;
    const authorized = req.headers.authorization === expected;
    this.mediaRequests.push({ path, authorized });
    const match = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Recordings\/(RE[0-9a-f]{32})\.mp3$/.exec(path);
    if (req.method !== 'GET' || match === null || match[1] !== this.accountSid || !this.recordings.has(match[2]!)) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"code":20404,"message":"The requested resource was not found"}');
      return;
    }
    if (!authorized) {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="Twilio API"' }).end('{"code":20003,"message":"Authenticate"}');
      return;
    }
    if (this.redirectRecordingsTo !== null) {
      res.writeHead(302, { location: `${this.redirectRecordingsTo}${path}` }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': this.recordingBytes.length }).end(this.recordingBytes);
  }
}

function sid(prefix: 'CA' | 'RE'): string {
  return prefix + randomBytes(16).toString('hex');
}

/** `Thu, 01 Jan 2026 00:01:35 +0000`, as Twilio writes Timestamp. */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}
