import { z } from 'zod';

/**
 * The relay's calls to Flutterwave's v3 API (docs/providers/flutterwave.md §1, §2, §4, §8) with
 * fetch, as the relay's other outbound calls (openphone/rest, quickbooks/intuit-oauth-client.ts):
 * `Authorization: Bearer <secret key>`, every answer in the `{status, message, data}` envelope.
 * No retries here: the verifier retries on its own schedule, and a payment link is created once
 * per request (a retry with the same tx_ref would be refused). Each call says what became of it.
 */

export type FlutterwaveFailure =
  /** 401: the secret key is wrong (or revoked). Trying again cannot help until it is changed. */
  | { kind: 'unauthorized'; message: string }
  /** Another 4xx (not 429): Flutterwave refuses this request, e.g. an unknown transaction. */
  | { kind: 'refused'; httpStatus: number; message: string }
  /** 429, 5xx, a timeout or no connection: worth trying again later. */
  | { kind: 'unavailable'; message: string };

export type FlutterwaveResult<T> = { ok: true; value: T } | ({ ok: false } & FlutterwaveFailure);

const amount = z.union([z.number(), z.string()]);
const numericId = z.union([z.number(), z.string()]).transform(String);

/** `data` of GET /v3/transactions/{id}/verify, as far as Ringside reads it. */
export const verifiedTransactionSchema = z
  .object({
    id: numericId,
    tx_ref: z.string(),
    amount,
    currency: z.string(),
    status: z.string(),
    created_at: z.string().optional(),
    processor_response: z.string().nullable().optional(),
    payment_plan: z.union([z.number(), z.string()]).nullable().optional(),
    customer: z.object({ email: z.string().nullable().optional() }).loose().nullable().optional(),
  })
  .loose();
export type VerifiedTransaction = z.infer<typeof verifiedTransactionSchema>;

export const flutterwaveSubscriptionSchema = z
  .object({ id: numericId, status: z.string(), plan: z.union([z.number(), z.string()]).transform(String), customer: z.object({ customer_email: z.string().optional() }).loose().optional() })
  .loose();
export type FlutterwaveSubscription = z.infer<typeof flutterwaveSubscriptionSchema>;

export interface CreatePaymentRequest {
  tx_ref: string;
  amount: string;
  currency: string;
  redirect_url: string;
  customer: { email: string; name: string };
  meta: Record<string, string>;
  customizations: { title: string; description: string };
  payment_plan?: string;
}

export interface FlutterwaveClient {
  verifyTransaction(transactionId: string): Promise<FlutterwaveResult<VerifiedTransaction>>;
  createPayment(request: CreatePaymentRequest): Promise<FlutterwaveResult<{ link: string }>>;
  /** Every subscription of the email, all pages of `GET /v3/subscriptions?email=` read. */
  subscriptionsOf(email: string): Promise<FlutterwaveResult<FlutterwaveSubscription[]>>;
  /** The latest attempt under a reference (used only to find its transaction id; the decision is taken on /{id}/verify). */
  verifyByReference(txRef: string): Promise<FlutterwaveResult<VerifiedTransaction>>;
}

const envelope = z.object({ status: z.string(), message: z.string().optional(), data: z.unknown(), meta: z.unknown().optional() }).loose();

/** `meta.page_info` of a paginated list (§8): pages are numbered from 1. */
const pageInfoSchema = z.object({ page_info: z.object({ current_page: z.coerce.number().int().min(1), total_pages: z.coerce.number().int().min(0) }).loose() }).loose();
/** A subscriber has a handful of subscriptions: more pages than this is a fault, not a list to walk. */
const MOST_SUBSCRIPTION_PAGES = 50;

export function flutterwaveClient(options: { apiBaseUrl: string; secretKey: string; timeoutMs?: number }): FlutterwaveClient {
  const timeoutMs = options.timeoutMs ?? 30_000;
  async function call<T>(method: 'GET' | 'POST', path: string, schema: z.ZodType<T>, body?: unknown): Promise<FlutterwaveResult<T>> {
    const answer = await callWithMeta(method, path, schema, body);
    return answer.ok ? { ok: true, value: answer.value.data } : answer;
  }
  /** Every page of a list, following `meta.page_info` (an answer without it is one page). */
  async function allPages<T>(path: string, schema: z.ZodType<T[]>): Promise<FlutterwaveResult<T[]>> {
    const items: T[] = [];
    for (let page = 1; ; page++) {
      const answer = await callWithMeta('GET', `${path}&page=${page}`, schema);
      if (!answer.ok) return answer;
      items.push(...answer.value.data);
      const info = pageInfoSchema.safeParse(answer.value.meta);
      if (!info.success || info.data.page_info.current_page >= info.data.page_info.total_pages) return { ok: true, value: items };
      if (page >= MOST_SUBSCRIPTION_PAGES) return { ok: false, kind: 'refused', httpStatus: 200, message: `Flutterwave's list has more than ${MOST_SUBSCRIPTION_PAGES} pages` };
    }
  }
  async function callWithMeta<T>(method: 'GET' | 'POST', path: string, schema: z.ZodType<T>, body?: unknown): Promise<FlutterwaveResult<{ data: T; meta: unknown }>> {
    let response: Response;
    try {
      response = await fetch(`${options.apiBaseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${options.secretKey}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      return { ok: false, kind: 'unavailable', message: `Flutterwave could not be reached (${error instanceof Error ? error.message : String(error)})` };
    }
    let parsed: z.infer<typeof envelope> | null = null;
    try {
      const read = envelope.safeParse(JSON.parse(await response.text()));
      if (read.success) parsed = read.data;
    } catch {
      parsed = null;
    }
    const message = (parsed?.message ?? '').slice(0, 300) || `HTTP ${response.status}`;
    if (response.status === 401) return { ok: false, kind: 'unauthorized', message };
    if (response.status === 429 || response.status >= 500) return { ok: false, kind: 'unavailable', message: `Flutterwave answered ${response.status}: ${message}` };
    if (response.status >= 400 || parsed === null || parsed.status !== 'success') {
      if (parsed === null && response.status < 400) return { ok: false, kind: 'unavailable', message: `Flutterwave's answer could not be read (HTTP ${response.status})` };
      return { ok: false, kind: 'refused', httpStatus: response.status, message };
    }
    const data = schema.safeParse(parsed.data);
    if (!data.success) return { ok: false, kind: 'refused', httpStatus: response.status, message: `Flutterwave's answer is not as documented: ${data.error.issues[0]?.message ?? 'unreadable'}` };
    return { ok: true, value: { data: data.data, meta: parsed.meta } };
  }
  return {
    verifyTransaction: (transactionId) => call('GET', `/transactions/${encodeURIComponent(transactionId)}/verify`, verifiedTransactionSchema),
    createPayment: (request) => call('POST', '/payments', z.object({ link: z.string().min(1).max(2000) }).loose(), request),
    verifyByReference: (txRef) => call('GET', `/transactions/verify_by_reference?tx_ref=${encodeURIComponent(txRef)}`, verifiedTransactionSchema),
    subscriptionsOf: (email) => allPages(`/subscriptions?email=${encodeURIComponent(email)}`, z.array(flutterwaveSubscriptionSchema)),
  };
}
