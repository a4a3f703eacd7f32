import { describe, expect, it } from 'vitest';
import { classifyFault, isUnknownOutcome, parseRetryAfter, QuickBooksFault } from './fault-classification';
import { CdcRefusedAfterReread, isCdcRefusal, refusalRepeatsAfterReread } from './sync-passes';

const service = (code: string, message: string, detail = '') => JSON.stringify({ Fault: { Error: [{ Message: message, Detail: detail, code, element: '' }], type: 'ValidationFault' }, time: '2026-09-01T10:16:40.117-07:00' });

describe('classifying QuickBooks faults (spec §7)', () => {
  it('stops an invoice on validation faults and keeps the message and intuit_tid', () => {
    for (const code of ['6070', '2500', '6140', '6240', '2020', '2050']) {
      expect(classifyFault({ status: 400, body: service(code, 'Bad', 'Why it is bad'), intuitTid: 'tid-1' })).toMatchObject({ kind: 'validation', code, message: 'Bad', detail: 'Why it is bad', intuitTid: 'tid-1' });
    }
  });

  it('tells a stale SyncToken and a deleted record from other 400s', () => {
    expect(classifyFault({ status: 400, body: service('5010', 'Stale Object Error'), intuitTid: null }).kind).toBe('stale');
    expect(classifyFault({ status: 400, body: service('610', 'Object Not Found'), intuitTid: null }).kind).toBe('not_found');
  });

  it('waits on throttles, JSON or XML, with leading zeros stripped, honouring Retry-After', () => {
    const xml = '<IntuitResponse><Fault type="SERVICE"><Error code="003001"><Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message><Detail>The request limit was reached.  Try again later</Detail></Error></Fault></IntuitResponse>';
    expect(classifyFault({ status: 429, body: xml, intuitTid: null })).toMatchObject({ kind: 'throttled', code: '3001', retryAfterMs: null });
    expect(classifyFault({ status: 429, body: service('3001', 'ThrottleExceeded'), intuitTid: null, retryAfter: '7' })).toMatchObject({ kind: 'throttled', retryAfterMs: 7000 });
  });

  it('refreshes on the gateway 401 and treats 3100/120 as a lost connection', () => {
    const gateway = JSON.stringify({ fault: { error: [{ message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401', detail: 'Token expired', code: '3200' }], type: 'AUTHENTICATION' }, time: 1730024394085 });
    expect(classifyFault({ status: 401, body: gateway, intuitTid: null })).toMatchObject({ kind: 'auth', code: '3200' });
    expect(classifyFault({ status: 401, body: '<Fault type="AuthenticationFault"><Error code="100"><Message>General Authentication Error</Message></Error></Fault>', intuitTid: null }).kind).toBe('auth');
    expect(classifyFault({ status: 403, body: service('3100', 'ApplicationAuthorizationFailed'), intuitTid: null }).kind).toBe('disconnected');
    expect(classifyFault({ status: 401, body: service('120', 'Authorization Failure'), intuitTid: null }).kind).toBe('disconnected');
  });

  it('retries server errors, an HTML 503 and answers that never came', () => {
    expect(classifyFault({ status: 500, body: service('10000', 'An application error has occurred'), intuitTid: null }).kind).toBe('retryable');
    expect(classifyFault({ status: 503, body: '<html><body><h1>503 Service Unavailable</h1></body></html>', intuitTid: null })).toMatchObject({ kind: 'retryable', message: 'HTTP 503' });
    expect(classifyFault({ status: null, body: '', intuitTid: null, networkError: 'timeout of 1500ms exceeded' })).toMatchObject({ kind: 'retryable', message: 'timeout of 1500ms exceeded' });
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(parseRetryAfter('120', 0)).toBe(120_000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:10 GMT', Date.parse('Wed, 21 Oct 2026 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter(null, 0)).toBeNull();
  });

  it('calls a 6000 after a retry an unknown outcome (a replayed requestid), never a failure; a first-try 6000 is a validation failure', () => {
    const replayed = classifyFault({ status: 200, body: service('6000', 'A business validation error has occurred while processing your request'), intuitTid: null });
    expect(replayed.kind).toBe('validation');
    expect(isUnknownOutcome(replayed, 2)).toBe(true);
    expect(isUnknownOutcome(replayed, 1)).toBe(false);
    expect(isUnknownOutcome(classifyFault({ status: 400, body: service('6070', 'Amount is not equal to UnitPrice * Qty'), intuitTid: null }), 3)).toBe(false);
    expect(isUnknownOutcome(classifyFault({ status: null, body: '', intuitTid: null, networkError: 'timeout of 1500ms exceeded' }), 1)).toBe(true);
    expect(isUnknownOutcome(classifyFault({ status: 503, body: '<html>503</html>', intuitTid: null }), 1)).toBe(true);
  });

  it("knows CDC's refusal of an old cursor by its code or the cursor's age, never by the words of the message", () => {
    const day = 86_400_000;
    const refusal = (code: string, detail: string) => new QuickBooksFault(classifyFault({ status: 400, body: service(code, 'A business validation error has occurred while processing your request', detail), intuitTid: null }));
    expect(isCdcRefusal(refusal('6000', 'Operation cdc with changedSince date 2026-07-01 which is older than fixed days is not supported.'), 40 * day)).toBe(true);
    // The same refusal in other words, or under another code once the cursor is near 30 days old.
    expect(isCdcRefusal(refusal('6000', 'Le paramètre est trop ancien.'), 31 * day)).toBe(true);
    expect(isCdcRefusal(refusal('6010', 'some other wording'), 31 * day)).toBe(true);
    // A fresh cursor refused for another reason is not an absence, whatever the text says.
    expect(isCdcRefusal(refusal('2170', 'changedSince is older than fixed days'), 2 * day)).toBe(false);
    expect(isCdcRefusal(new QuickBooksFault(classifyFault({ status: 500, body: service('10000', 'An application error'), intuitTid: null })), 40 * day)).toBe(false);
  });

  it('a CDC refusal of the cursor a full re-read just wrote stops the sync and says why in plain words, instead of reading everything again every interval', () => {
    const day = 86_400_000;
    const fresh = '2026-12-01T10:00:00.000Z';
    expect(refusalRepeatsAfterReread(fresh, fresh, 60_000)).toBe(true);
    // The first refusal of an old cursor, or of a cursor CDC itself moved on since, still reads everything again.
    expect(refusalRepeatsAfterReread('2026-10-01T10:00:00.000Z', fresh, 40 * day)).toBe(false);
    expect(refusalRepeatsAfterReread('2026-12-01T11:00:00.000Z', fresh, 60_000)).toBe(false);
    expect(refusalRepeatsAfterReread(fresh, null, 60_000)).toBe(false);
    const shown = new CdcRefusedAfterReread('tid-1').message;
    expect(shown).toContain('without reading everything again');
    expect(shown).toContain('tid-1');
    expect(shown).not.toMatch(/6000|CDC|cursor/);
  });
});
