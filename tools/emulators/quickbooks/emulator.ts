import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleApi, isApiPath } from './api-routes';
import type { ApiContext } from './api-routes';
import type { EntityChange, EntityName } from './company';
import { Company } from './company';
import { repointCustomerReferences } from './customers';
import { createEntity, updateEntity, voidEntity } from './entity-operations';
import type { EmulatorRequest, EmulatorResponse } from './exchange';
import { jsonResponse, newIntuitTid, textResponse } from './exchange';
import { gatewayFaultBody, serviceFaultBody, throttleFaultBody, xmlAuthenticationFault, xmlThrottleFault } from './fault-bodies';
import type { InjectedFault } from './fault-injector';
import { FaultInjector } from './fault-injector';
import { fault } from './faults';
import type { JsonObject } from './json';
import type { QuickBooksLimits } from './limits';
import { defaultLimits } from './limits';
import { OAuthAuthority } from './oauth-authority';
import type { ConsentMode, OAuthApp } from './oauth-routes';
import { authorize, consent, discovery, oauthPaths, revoke, token, userinfo } from './oauth-routes';
import { RealmRateLimiter } from './rate-limiter';
import type { CdcOrder } from './change-data-capture';
import { RequestReplay, type BatchReplayMode } from './request-replay';
import type { BulkCustomerOptions } from './sandbox-seed';
import { addBulkCustomers, seedAccounts, seedSandbox } from './sandbox-seed';
import type { TaxRegionOptions } from './tax-regions';
import { taxSettingsFor, termId } from './tax-regions';
import type { WebhookDelivery, WebhookEntity, WebhookFormat } from './webhooks';
import { cloudEventsWebhookBody, legacyWebhookBody, postSignedWebhook } from './webhooks';

/**
 * QuickBooks Online EMULATOR (not Intuit's service): one HTTP server that stands in for Intuit's
 * OAuth hosts and the Accounting API, faithful to shared/specs/quickbooks-online.md §13, so a client
 * written for the real API works against it with only its base URLs changed. Tests drive its clock,
 * inject faults, play the owner (payments, edits, merges, disconnects) and send signed webhooks.
 */

export const emulatorDefaults = {
  clientId: 'ringside-emulator-client',
  clientSecret: 'ringside-emulator-secret',
  redirectUri: 'http://localhost:8787/quickbooks/callback',
  realmId: '9130355555555555',
  companyName: 'Ringside Sandbox Company',
  timeZone: 'America/Los_Angeles',
  webhookVerifierToken: 'ringside-emulator-verifier-token',
} as const;

export interface QuickBooksEmulatorOptions {
  /** Epoch ms; advanceClock() adds to it. Default Date.now. */
  clock?: () => number;
  clientId?: string;
  clientSecret?: string;
  /** Exact redirect URIs the app registered (§2.1). */
  redirectUris?: string[];
  company?: { realmId?: string; companyName?: string; timeZone?: string };
  /** Sandbox caps emails at 40 a day (§8). Default sandbox. */
  environment?: 'sandbox' | 'production';
  /** Default 'sandbox' (sample customers and service items); 'empty' has only the standard accounts. */
  seed?: 'sandbox' | 'empty';
  limits?: Partial<QuickBooksLimits>;
  /** 'auto' redirects at once (default), 'page' shows Connect/Cancel, 'deny' answers access_denied. */
  consent?: ConsentMode;
  webhookVerifierToken?: string;
  /** 401s in the gateway JSON shape (default) or Intuit's XML variant (§7.1). */
  authFaultFormat?: 'json' | 'xml';
  /** Deliver webhooks for every change on its own, batched after `delayMs` (default 200). */
  webhooks?: { url: string; format?: WebhookFormat; delayMs?: number };
  /** The company's region and tax model (tax-regions.ts): 'US' (default), 'US-AST', 'GB', 'CA', 'AU'. */
  tax?: TaxRegionOptions;
  /** SalesFormsPrefs: CustomTxnNumbers (default on) and DefaultTerms by name (default none: DueDate = TxnDate). */
  preferences?: { customTxnNumbers?: boolean; defaultTerms?: string | null };
  /** A batch repeated under its requestid: the original answer (default) or per-item 6000 (request-replay.ts). */
  batchReplay?: BatchReplayMode;
  /** Which 1,000 changes a capped CDC answer holds: 'oldest-first' (default), 'newest-first', 'arbitrary'. */
  cdcOrder?: CdcOrder;
}

export interface RequestLogEntry {
  atMs: number;
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  intuitTid: string;
  injected?: InjectedFault;
}

export interface EmulatorUrls {
  /** Base of every host below; the Accounting API base for a client is this too (`/v3/company/…` under it). */
  base: string;
  authorize: string;
  token: string;
  revoke: string;
  userinfo: string;
  discovery: string;
  /** `{base}/v3/company/{realmId}`. */
  company: string;
}

export function createQuickBooksEmulator(options: QuickBooksEmulatorOptions = {}) {
  let offsetMs = 0;
  const baseClock = options.clock ?? Date.now;
  const now = () => baseClock() + offsetMs;
  const limits: QuickBooksLimits = { ...defaultLimits, ...options.limits };
  const clientId = options.clientId ?? emulatorDefaults.clientId;
  const clientSecret = options.clientSecret ?? emulatorDefaults.clientSecret;
  const redirectUris = options.redirectUris ?? [emulatorDefaults.redirectUri];
  const realmId = options.company?.realmId ?? emulatorDefaults.realmId;
  const companyName = options.company?.companyName ?? emulatorDefaults.companyName;
  const webhookVerifierToken = options.webhookVerifierToken ?? emulatorDefaults.webhookVerifierToken;
  let consentMode: ConsentMode = options.consent ?? 'auto';
  let authFaultFormat = options.authFaultFormat ?? 'json';

  const company = new Company({ realmId, companyName, timeZone: options.company?.timeZone ?? emulatorDefaults.timeZone, environment: options.environment ?? 'sandbox' }, now, taxSettingsFor(options.tax));
  seedAccounts(company);
  if ((options.seed ?? 'sandbox') === 'sandbox') seedSandbox(company);
  const setDefaultTerms = (name: string | null): void => {
    company.preferences.defaultTermsId = name === null ? null : (termId(company, name) ?? null);
  };
  if (options.preferences?.customTxnNumbers !== undefined) company.preferences.customTxnNumbers = options.preferences.customTxnNumbers;
  if (options.preferences?.defaultTerms !== undefined) setDefaultTerms(options.preferences.defaultTerms);

  const authority = new OAuthAuthority(realmId, clientId, limits, now);
  const app: OAuthApp = { clientId, clientSecret, redirectUris, realmId, companyName, consent: () => consentMode };
  const faults = new FaultInjector();
  const replay = new RequestReplay(() => limits.requestIdRetentionSec * 1000, (ms) => company.stamp(ms, true), options.batchReplay ?? 'original');
  let cdcOrder: CdcOrder = options.cdcOrder ?? 'oldest-first';
  const api: ApiContext = {
    company,
    authority,
    limits,
    rateLimiter: new RealmRateLimiter(limits),
    replay,
    authFaultFormat: () => authFaultFormat,
    cdcOrder: () => cdcOrder,
  };
  const log: RequestLogEntry[] = [];

  // Webhooks: every change is remembered; takeChanges() hands them out, auto-delivery posts them.
  let changes: WebhookEntity[] = [];
  let autoQueue: WebhookEntity[] = [];
  let autoTimer: NodeJS.Timeout | undefined;
  const toWebhookEntity = (c: EntityChange): WebhookEntity => ({
    name: c.name,
    id: c.id,
    operation: c.operation,
    lastUpdated: new Date(c.atMs).toISOString(),
    ...(c.deletedId ? { deletedId: c.deletedId } : {}),
  });
  company.onChange((c) => {
    if (c.name === 'Account') return;
    const entity = toWebhookEntity(c);
    changes.push(entity);
    if (options.webhooks) {
      autoQueue.push(entity);
      autoTimer ??= setTimeout(() => void flushWebhooks(), options.webhooks.delayMs ?? 200);
    }
  });

  async function flushWebhooks(): Promise<WebhookDelivery | undefined> {
    autoTimer = undefined;
    const target = options.webhooks;
    if (!target || autoQueue.length === 0) return undefined;
    const batch = autoQueue;
    autoQueue = [];
    try {
      const delivery = await sendWebhook(target.url, batch, webhookVerifierToken, { format: target.format });
      if (delivery.status !== 200) throw new Error(`webhook answered ${delivery.status}`);
      return delivery;
    } catch {
      // Intuit retries failed deliveries (10 s, 20 s, 30 s…); the emulator retries after 1 s of wall time.
      autoQueue = [...batch, ...autoQueue];
      autoTimer ??= setTimeout(() => void flushWebhooks(), 1000);
      autoTimer.unref();
      return undefined;
    }
  }

  function sendWebhook(targetUrl: string, entities: WebhookEntity[], verifierToken = webhookVerifierToken, sendOptions: { format?: WebhookFormat } = {}): Promise<WebhookDelivery> {
    const nowIso = new Date(now()).toISOString();
    const format = sendOptions.format ?? 'legacy';
    const body = format === 'legacy' ? legacyWebhookBody(realmId, entities, nowIso) : cloudEventsWebhookBody(realmId, entities, nowIso);
    return postSignedWebhook(targetUrl, body, verifierToken, format === 'legacy' ? 'application/json' : 'application/cloudevents-batch+json');
  }

  function injectedResponse(f: InjectedFault): EmulatorResponse | undefined {
    const time = company.stamp(now(), true);
    switch (f) {
      case 500:
        return jsonResponse(500, serviceFaultBody([fault.systemError()], time));
      case 503:
        return textResponse(503, 'text/html', '<html><body><h1>503 Service Unavailable</h1></body></html>');
      case 429:
        return jsonResponse(429, throttleFaultBody(time));
      case 'xml-429':
        return textResponse(429, 'application/xml', xmlThrottleFault(time));
      case 401:
        return jsonResponse(401, gatewayFaultBody(401, 'Token invalid', now()), { 'www-authenticate': 'Bearer realm="Intuit"' });
      case 'xml-401':
        return textResponse(401, 'application/xml', xmlAuthenticationFault(time));
      case 'fault-200':
        return jsonResponse(200, serviceFaultBody([fault.systemError()], time));
      default:
        return undefined;
    }
  }

  function dispatch(req: EmulatorRequest): EmulatorResponse {
    const path = req.url.pathname;
    if (isApiPath(path)) return handleApi(req, api);
    if (path === oauthPaths.authorize && req.method === 'GET') return authorize(req, app, authority);
    if (path === oauthPaths.consent && req.method === 'POST') return consent(req, app, authority);
    if (path === oauthPaths.token && req.method === 'POST') return token(req, app, authority);
    if (path === oauthPaths.revoke && req.method === 'POST') return revoke(req, app, authority);
    if (path === oauthPaths.userinfo && req.method === 'GET') return userinfo(req, app, authority);
    if ((path === oauthPaths.discovery || path === oauthPaths.sandboxDiscovery) && req.method === 'GET') return discovery(baseUrl());
    return textResponse(404, 'text/html', '<html><body><h1>404 Not Found</h1></body></html>');
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request: EmulatorRequest = { method: req.method ?? 'GET', url: new URL(req.url ?? '/', 'http://emulator.invalid'), headers: req.headers, body: Buffer.concat(chunks) };
      const intuitTid = newIntuitTid();
      const injected = faults.take(request.method, request.url.pathname);
      const entry: RequestLogEntry = {
        atMs: now(),
        method: request.method,
        path: request.url.pathname,
        query: Object.fromEntries(request.url.searchParams),
        status: 0,
        intuitTid,
        ...(injected !== undefined ? { injected } : {}),
      };
      log.push(entry);
      if (injected === 'drop-before-commit') return void req.socket.destroy();
      let response = injected !== undefined ? injectedResponse(injected) : undefined;
      if (!response) {
        try {
          response = dispatch(request);
        } catch (e) {
          console.error('[quickbooks emulator] unexpected error', e);
          response = jsonResponse(500, serviceFaultBody([fault.systemError()], company.stamp(now(), true)));
        }
      }
      entry.status = response.status;
      // The write is committed; now lose the answer.
      if (injected === 'drop-after-commit') return void req.socket.destroy();
      if (injected === 'timeout-after-commit') return;
      res.writeHead(response.status, { ...response.headers, intuit_tid: intuitTid, 'content-length': String(response.body.length) });
      res.end(response.body);
    });
  });

  function baseUrl(): string {
    const address = server.address() as AddressInfo | null;
    if (!address || typeof address === 'string') throw new Error('QuickBooks emulator is not listening yet');
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
  }

  const render = (name: EntityName) => () => {
    const balances = company.customerBalances();
    return company.all(name).map((e) => company.render(e, balances));
  };

  /** Changes made "in QuickBooks" by the owner: they bump SyncToken like any write. */
  function ownerEdit(name: EntityName, id: string, patch: JsonObject): JsonObject {
    const entity = company.live(name, id);
    return updateEntity(company, name, { ...patch, Id: id, SyncToken: String(entity.syncToken), sparse: true }, { allowDuplicateDocNumber: false });
  }

  return {
    server,
    realmId,
    companyName,
    clientId,
    clientSecret,
    redirectUris,
    webhookVerifierToken,
    limits,
    faults,
    get baseUrl(): string {
      return baseUrl();
    },
    get urls(): EmulatorUrls {
      const base = baseUrl();
      return {
        base,
        authorize: `${base}${oauthPaths.authorize}`,
        token: `${base}${oauthPaths.token}`,
        revoke: `${base}${oauthPaths.revoke}`,
        userinfo: `${base}${oauthPaths.userinfo}`,
        discovery: `${base}${oauthPaths.sandboxDiscovery}`,
        company: `${base}/v3/company/${realmId}`,
      };
    },
    /** Starts listening (default 127.0.0.1, port 0) and resolves with the base URL. */
    listen(port = 0, host = '127.0.0.1'): Promise<string> {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve(baseUrl()));
      });
    },
    now,
    advanceClock(ms: number): void {
      offsetMs += ms;
    },
    setConsentMode(mode: ConsentMode): void {
      consentMode = mode;
    },
    setAuthFaultFormat(format: 'json' | 'xml'): void {
      authFaultFormat = format;
    },
    setBatchReplay(mode: BatchReplayMode): void {
      replay.batchReplay = mode;
    },
    setCdcOrder(order: CdcOrder): void {
      cdcOrder = order;
    },
    setCustomTransactionNumbers(on: boolean): void {
      company.preferences.customTxnNumbers = on;
    },
    /** The company's default terms by name ("Net 30"), or none. */
    setDefaultTerms,
    taxCodes: render('TaxCode'),
    customers: render('Customer'),
    items: render('Item'),
    invoices: render('Invoice'),
    payments: render('Payment'),
    accounts: render('Account'),
    sentEmails: () => company.emails.map((e) => ({ ...e })),
    requests: (): RequestLogEntry[] => log.map((e) => ({ ...e })),
    /** The owner disconnects the app in QuickBooks: every token stops working (invalid_grant, 401). */
    disconnect(): void {
      authority.disconnectAll();
    },
    /** The owner records a payment against an invoice in QuickBooks (default: its whole balance). */
    createPaymentFor(invoiceId: string, amount?: number): JsonObject {
      const invoice = company.live('Invoice', invoiceId);
      const cents = amount === undefined ? company.invoiceBalanceCents(invoice) : BigInt(Math.round(amount * 100));
      const value = Number(cents) / 100;
      return createEntity(company, 'Payment', { CustomerRef: invoice.body.CustomerRef ?? null, TotalAmt: value, Line: [{ Amount: value, LinkedTxn: [{ TxnId: invoiceId, TxnType: 'Invoice' }] }] }, { allowDuplicateDocNumber: false });
    },
    editCustomer: (id: string, patch: JsonObject) => ownerEdit('Customer', id, patch),
    editInvoice: (id: string, patch: JsonObject) => ownerEdit('Invoice', id, patch),
    /** The owner voids an invoice in QuickBooks (amounts 0, "Voided" before its note). */
    voidInvoice: (id: string) => voidEntity(company, 'Invoice', { Id: id, SyncToken: String(company.live('Invoice', id).syncToken) }),
    deactivateCustomer: (id: string) => ownerEdit('Customer', id, { Active: false }),
    /** The owner merges `fromId` into `intoId`: transactions move, `fromId` reads as deleted. */
    mergeCustomers(fromId: string, intoId: string): JsonObject {
      const from = company.live('Customer', fromId);
      const into = company.live('Customer', intoId);
      repointCustomerReferences(company, fromId, into);
      company.markDeleted(from, 'Merge', fromId);
      company.touch(into, 'Merge');
      return company.render(into);
    },
    /** Adds customers straight into the books: generated ones (count) or given Customer bodies. */
    addCustomers(input: number | JsonObject[], bulkOptions?: BulkCustomerOptions): string[] {
      if (typeof input === 'number') return addBulkCustomers(company, input, bulkOptions);
      return input.map((c) => String(createEntity(company, 'Customer', c, { allowDuplicateDocNumber: false }).Id));
    },
    /** Changes since the last call, as webhook entities (send them with sendWebhook). */
    takeChanges(): WebhookEntity[] {
      const taken = changes;
      changes = [];
      return taken;
    },
    sendWebhook,
    flushWebhooks,
    close(): Promise<void> {
      if (autoTimer) clearTimeout(autoTimer);
      return new Promise((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

export type QuickBooksEmulator = ReturnType<typeof createQuickBooksEmulator>;
