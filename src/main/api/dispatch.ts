import { isApiMethod, parseApiInput, type ApiHandlers, type ApiMethod, type ApiResult } from '../../shared/api/contract';

/**
 * Serves one renderer API call, whatever carried it (Electron IPC or the harness's
 * WebSocket): the method name is checked against the contract, the input is
 * validated by the contract's schema, and every failure comes back as data.
 */
export async function dispatchApiCall(handlers: ApiHandlers, method: unknown, input: unknown): Promise<ApiResult<unknown>> {
  if (!isApiMethod(method)) return { ok: false, error: `unknown API method: ${describe(method)}` };
  try {
    const value = await callHandler(handlers, method, parseApiInput(method, input));
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

// The parsed input matches the method's schema; TypeScript cannot correlate the
// two across the union of methods, hence the one widening here.
function callHandler<M extends ApiMethod>(handlers: ApiHandlers, method: M, input: unknown): Promise<unknown> {
  const handler = handlers[method] as (input: unknown) => Promise<unknown>;
  return handler(input);
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 100)) : typeof value;
}
