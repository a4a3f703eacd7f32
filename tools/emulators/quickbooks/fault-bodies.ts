import type { QboFault } from './faults';
import type { JsonObject } from './json';
import { intuitResponseXml } from './xml';

/**
 * QuickBooks Online emulator: the three error envelopes of spec §7.1 — the PascalCase service
 * `Fault`, the lower-case gateway shape used for 401/403, and the XML faults (401 and 429).
 */

export function serviceFaultBody(faults: QboFault[], time: string): JsonObject {
  return {
    Fault: {
      Error: faults.map((f) => ({ Message: f.message, Detail: f.detail, code: f.code, element: f.element })),
      type: faults[0]?.type ?? 'ValidationFault',
    },
    time,
  };
}

/** Gateway 401 (code 3200) or 403 (code 3100), lower-case keys and numeric epoch `time` (§7.1-2). */
export function gatewayFaultBody(status: 401 | 403, detail: string, nowMs: number): JsonObject {
  const [name, code] = status === 401 ? ['AuthenticationFailed', '3200'] : ['ApplicationAuthorizationFailed', '3100'];
  return {
    warnings: null,
    intuitObject: null,
    fault: {
      error: [{ message: `message=${name}; errorCode=00${code}; statusCode=${status}`, detail, code, element: null }],
      type: status === 401 ? 'AUTHENTICATION' : 'AUTHORIZATION',
    },
    report: null,
    queryResponse: null,
    batchItemResponse: [],
    attachableResponse: [],
    syncErrorResponse: null,
    requestId: null,
    time: nowMs,
    status: null,
    cdcresponse: [],
  };
}

/** §7.1-3: the XML 401 some gateways send whatever the Accept header says. */
export function xmlAuthenticationFault(time: string): string {
  return intuitResponseXml({
    Fault: {
      type: 'AuthenticationFault',
      Error: { code: '100', Message: 'General Authentication Error', Detail: 'AuthenticationErrorGeneral: SRV-110-Authentication Failure , statusCode: 401' },
    },
    time,
  });
}

const throttleMessage = 'message=ThrottleExceeded; errorCode=003001; statusCode=429';
const throttleDetail = 'The request limit was reached.  Try again later';

/** §7.2 code 3001; the full JSON 429 body is UNCONFIRMED, so it uses the service envelope with type SERVICE. */
export function throttleFaultBody(time: string): JsonObject {
  return { Fault: { Error: [{ Message: throttleMessage, Detail: throttleDetail, code: '3001', element: '' }], type: 'SERVICE' }, time };
}

export function xmlThrottleFault(time: string): string {
  return intuitResponseXml({ Fault: { type: 'SERVICE', Error: { code: '3001', Message: throttleMessage, Detail: throttleDetail } }, time });
}
