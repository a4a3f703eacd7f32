/**
 * What a failed QuickBooks call means for the caller (spec §7): classified by HTTP status
 * first, then by the fault code, tolerating the PascalCase service envelope, the gateway's
 * lowercase one and XML. Match on codes, never on message text.
 */

export type FaultKind =
  /** 429 / 3001: wait (Retry-After, else 60 s per Intuit) and try again. */
  | 'throttled'
  /** 401 / 3200 / 100: the access token is expired or revoked; get a fresh one once. */
  | 'auth'
  /** 403 / 3100, 120: the app lost access to the company; a person must reconnect. */
  | 'disconnected'
  /** 5xx, 10000, timeouts, dropped connections: retry with backoff. A write's outcome is unknown. */
  | 'retryable'
  /** 5010: someone else changed the record; reread and reapply. */
  | 'stale'
  /** 610: deleted, merged or inactive. */
  | 'not_found'
  /** Anything else the request itself got wrong (6070, 2500, 6140, 6240, 2020, 2050…): stop, show, let a person fix it. */
  | 'validation';

export interface QuickBooksFaultInfo {
  kind: FaultKind;
  /** HTTP status, null when no answer came (timeout, reset). */
  status: number | null;
  /** Intuit's code without leading zeros ("3001"), null when none was given. */
  code: string | null;
  message: string;
  detail: string | null;
  /** Intuit support asks for it; kept on every failure. */
  intuitTid: string | null;
  /** Only for 'throttled': what Retry-After asked for, in ms. */
  retryAfterMs: number | null;
  /** Tries the client made before giving up (set by the API client); more than 1 means a write may be a replay. */
  attempts?: number;
}

export interface FailedAnswer {
  /** null: no HTTP answer at all. */
  status: number | null;
  body: string;
  intuitTid: string | null;
  retryAfter?: string | null;
  /** What went wrong on the wire when there was no answer ("timeout of 30000ms exceeded", "ECONNRESET"). */
  networkError?: string;
  /** Read for the Retry-After date form. */
  nowMs?: number;
}

interface ParsedFault {
  code: string | null;
  message: string | null;
  detail: string | null;
}

export class QuickBooksFault extends Error {
  constructor(readonly info: QuickBooksFaultInfo) {
    super(describeFault(info));
    this.name = 'QuickBooksFault';
  }
}

/**
 * After a retry, a write's answer may be QuickBooks replaying its requestid, and a replayed
 * batch is reported to answer 6000 for every item although the first try created them
 * (ruckus/quickbooks-ruby#344). Such an answer says nothing of the outcome: look it up.
 */
export function isUnknownOutcome(info: Pick<QuickBooksFaultInfo, 'kind' | 'code'>, attempts: number): boolean {
  if (info.kind === 'retryable' || info.kind === 'throttled') return true;
  return attempts > 1 && info.code === '6000';
}

export function describeFault(info: QuickBooksFaultInfo): string {
  const where = info.status === null ? 'no answer' : `HTTP ${info.status}`;
  const code = info.code === null ? '' : ` ${info.code}`;
  const detail = info.detail !== null && info.detail !== info.message ? `: ${info.detail}` : '';
  return `QuickBooks${code} (${where}) ${info.message}${detail}`;
}

export function classifyFault(answer: FailedAnswer): QuickBooksFaultInfo {
  const base = { status: answer.status, intuitTid: answer.intuitTid, retryAfterMs: null };
  if (answer.status === null) {
    return { ...base, kind: 'retryable', code: null, message: answer.networkError ?? 'no answer from QuickBooks', detail: null };
  }
  const parsed = parseFaultBody(answer.body);
  const code = parsed.code;
  const message = parsed.message ?? (answer.body.trim() === '' || answer.body.trimStart().startsWith('<html') ? `HTTP ${answer.status}` : answer.body.trim().slice(0, 300));
  const info = { ...base, code, message, detail: parsed.detail };
  const status = answer.status;
  if (status === 429 || code === '3001') return { ...info, kind: 'throttled', retryAfterMs: parseRetryAfter(answer.retryAfter ?? null, answer.nowMs ?? Date.now()) };
  if (code === '120' || code === '3100' || status === 403) return { ...info, kind: 'disconnected' };
  if (status === 401 || code === '3200' || code === '100') return { ...info, kind: 'auth' };
  if (status >= 500 || code === '10000') return { ...info, kind: 'retryable' };
  if (code === '5010') return { ...info, kind: 'stale' };
  if (code === '610') return { ...info, kind: 'not_found' };
  // A 404 is a wrong URL (spec §7.2), a bug on our side: not worth retrying.
  return { ...info, kind: 'validation' };
}

/** Finds the first error in any envelope (spec §7.1); null fields when the body is none of them. */
export function parseFaultBody(body: string): ParsedFault {
  const text = body.trim();
  if (text.startsWith('{')) {
    try {
      const json = JSON.parse(text) as Record<string, unknown>;
      const envelope = (json.Fault ?? json.fault) as Record<string, unknown> | undefined;
      const errors = (envelope?.Error ?? envelope?.error) as unknown[] | undefined;
      const first = Array.isArray(errors) ? (errors[0] as Record<string, unknown> | undefined) : undefined;
      if (first) {
        return {
          code: normalizeCode(first.code ?? first.Code),
          message: stringOrNull(first.Message ?? first.message),
          detail: stringOrNull(first.Detail ?? first.detail),
        };
      }
      if (typeof json.error === 'string') return { code: null, message: json.error, detail: stringOrNull(json.error_description) };
    } catch {
      // Not JSON after all; fall through to XML and plain text.
    }
  }
  if (text.startsWith('<')) {
    const code = /<Error[^>]*\bcode="([^"]*)"/i.exec(text)?.[1] ?? null;
    const message = /<Message>([\s\S]*?)<\/Message>/i.exec(text)?.[1] ?? null;
    const detail = /<Detail>([\s\S]*?)<\/Detail>/i.exec(text)?.[1] ?? null;
    return { code: normalizeCode(code), message: message === null ? null : unescapeXml(message), detail: detail === null ? null : unescapeXml(detail) };
  }
  return { code: null, message: null, detail: null };
}

/** A 200 may carry a Fault (spec §7.1-4): true when this success body is really a failure. */
export function isFaultBody(json: unknown): boolean {
  return typeof json === 'object' && json !== null && ('Fault' in json || 'fault' in json);
}

/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(header: string | null, nowMs: number): number | null {
  if (header === null || header.trim() === '') return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

function normalizeCode(raw: unknown): string | null {
  if (raw === undefined || raw === null) return null;
  const text = String(raw).trim();
  if (text === '') return null;
  return text.replace(/^0+(?=\d)/, '');
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function unescapeXml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}
