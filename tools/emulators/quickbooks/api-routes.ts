import { runBatch } from './batch';
import { changeDataCapture, type CdcOrder } from './change-data-capture';
import type { Company, EntityName } from './company';
import type { WriteOptions } from './entity-operations';
import { createEntity, deleteEntity, readEntity, updateEntity, voidEntity } from './entity-operations';
import type { EmulatorRequest, EmulatorResponse } from './exchange';
import { header, jsonResponse, textResponse } from './exchange';
import { gatewayFaultBody, serviceFaultBody, throttleFaultBody, xmlAuthenticationFault, xmlThrottleFault } from './fault-bodies';
import { QboFault, fault } from './faults';
import { sendInvoice } from './invoices';
import type { JsonObject } from './json';
import { isJsonObject } from './json';
import type { QuickBooksLimits } from './limits';
import type { OAuthAuthority } from './oauth-authority';
import { runQuery } from './query-executor';
import type { RealmRateLimiter } from './rate-limiter';
import type { RequestReplay } from './request-replay';
import { intuitResponseXml } from './xml';

/**
 * QuickBooks Online emulator: the Accounting API under `/v3/company/{realmId}/…` (spec §3–§9).
 * Order of checks: bearer token (401 gateway shape), realm (403/3100), throttle (429/3001),
 * requestid replay, then the resource. JSON only when the client asks for it (Accept or
 * `format=json`), XML otherwise; every JSON success carries a top-level `time`.
 */

export interface ApiContext {
  company: Company;
  authority: OAuthAuthority;
  limits: QuickBooksLimits;
  rateLimiter: RealmRateLimiter;
  replay: RequestReplay;
  authFaultFormat: () => 'json' | 'xml';
  /** Which 1,000 changes a capped CDC answer holds (change-data-capture.ts). */
  cdcOrder: () => CdcOrder;
}

const resourceEntities: Record<string, EntityName> = { customer: 'Customer', item: 'Item', invoice: 'Invoice', payment: 'Payment', account: 'Account', taxcode: 'TaxCode', taxrate: 'TaxRate', term: 'Term' };
const apiPath = /^\/v3\/company\/([^/]+)\/([^/]+)(?:\/([^/]+))?(?:\/([^/]+))?\/?$/;

export function isApiPath(pathname: string): boolean {
  return pathname.startsWith('/v3/company/');
}

export function handleApi(req: EmulatorRequest, ctx: ApiContext): EmulatorResponse {
  const { company } = ctx;
  const now = company.now();
  const time = company.stamp(now, true);
  const match = apiPath.exec(req.url.pathname);
  if (!match) return textResponse(404, 'text/html', '<html><body><h1>404 Not Found</h1></body></html>');
  const [, realmId, resource = '', id, action] = match;

  const bearer = ctx.authority.checkBearer(header(req, 'authorization'));
  if (!bearer.ok) {
    if (ctx.authFaultFormat() === 'xml') return textResponse(401, 'application/xml', xmlAuthenticationFault(time), { 'www-authenticate': 'Bearer realm="Intuit"' });
    return jsonResponse(401, gatewayFaultBody(401, bearer.detail, now), { 'www-authenticate': 'Bearer realm="Intuit"' });
  }
  if (realmId !== bearer.realmId || realmId !== company.identity.realmId) return jsonResponse(403, gatewayFaultBody(403, `The token is not authorized for company ${realmId}.`, now));

  const q = req.url.searchParams;
  const wantsJson = (header(req, 'accept') ?? '').includes('application/json') || q.get('format') === 'json';
  if (!ctx.rateLimiter.admit(now, resource === 'batch')) {
    return wantsJson ? jsonResponse(429, throttleFaultBody(time)) : textResponse(429, 'application/xml', xmlThrottleFault(time));
  }

  const requestId = req.method === 'POST' ? q.get('requestid') : null;
  if (requestId !== null) {
    const max = resource === 'batch' ? ctx.limits.batchRequestIdMaxLength : ctx.limits.requestIdMaxLength;
    if (requestId.length > max) return answer(serviceFaultBody([fault.stringTooLong('requestid', max, requestId.length)], time), 400, wantsJson);
    const replayed = ctx.replay.recall(requestId, now);
    if (replayed) return replayed;
  }
  try {
    const produced = route(req, ctx, resource, id, action);
    if (isRawResponse(produced)) return produced;
    const response = answer({ ...produced, time }, 200, wantsJson);
    if (requestId !== null) ctx.replay.remember(requestId, response, now);
    return response;
  } catch (e) {
    if (!(e instanceof QboFault)) throw e;
    return answer(serviceFaultBody([e], time), e.status, wantsJson);
  }
}

function isRawResponse(value: JsonObject | EmulatorResponse): value is EmulatorResponse {
  return Buffer.isBuffer(value.body);
}

function answer(body: JsonObject, status: number, wantsJson: boolean): EmulatorResponse {
  return wantsJson ? jsonResponse(status, body) : textResponse(status, 'application/xml;charset=UTF-8', intuitResponseXml(body));
}

function notFound(): EmulatorResponse {
  return textResponse(404, 'text/html', '<html><body><h1>404 Not Found</h1></body></html>');
}

function jsonBody(req: EmulatorRequest): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body.toString('utf8'));
  } catch {
    throw fault.malformedBody('(request body is not valid JSON)');
  }
  if (!isJsonObject(parsed)) throw fault.malformedBody('(request body is not a JSON object)');
  return parsed;
}

function route(req: EmulatorRequest, ctx: ApiContext, resource: string, id: string | undefined, action: string | undefined): JsonObject | EmulatorResponse {
  const { company, limits } = ctx;
  const q = req.url.searchParams;
  const writeOptions: WriteOptions = { allowDuplicateDocNumber: (q.get('include') ?? '').split(',').includes('allowduplicatedocnum') };
  const special = { CompanyInfo: () => companyInfo(company), Preferences: () => preferences(company) };

  switch (resource) {
    case 'query': {
      const statement = req.method === 'GET' ? q.get('query') : req.body.toString('utf8');
      if (!statement) throw fault.queryParse('Encountered " <EOF> " at line 1, column 1.');
      return { QueryResponse: runQuery(company, statement, limits, special) };
    }
    case 'cdc':
      if (req.method !== 'GET') return notFound();
      return { CDCResponse: [{ QueryResponse: changeDataCapture(company, q.get('entities'), q.get('changedSince'), limits, ctx.cdcOrder()) }] };
    case 'batch':
      if (req.method !== 'POST') return notFound();
      return { BatchItemResponse: runBatch(company, jsonBody(req), limits, writeOptions, (s) => runQuery(company, s, limits, special)) };
    case 'companyinfo':
      if (req.method !== 'GET' || id === undefined || action !== undefined) return notFound();
      if (id !== company.identity.realmId) throw fault.objectNotFound();
      return { CompanyInfo: companyInfo(company) };
    case 'preferences':
      if (req.method !== 'GET' || id !== undefined) return notFound();
      return { Preferences: preferences(company) };
  }

  const entity = resourceEntities[resource];
  if (!entity) return notFound();
  if (req.method === 'GET' && id !== undefined && action === undefined) return { [entity]: readEntity(company, entity, id) };
  if (entity === 'Invoice' && id !== undefined && action === 'pdf' && req.method === 'GET') return invoicePdf(company, id);
  if (entity === 'Invoice' && id !== undefined && action === 'send' && req.method === 'POST') {
    // Practitioners report that a JSON send request gets a 500; the endpoint wants no body (§4).
    if ((header(req, 'content-type') ?? '').toLowerCase().startsWith('application/json')) throw fault.systemError();
    const invoice = company.live('Invoice', id);
    sendInvoice(company, invoice, q.get('sendTo') ?? undefined, limits.sandboxEmailsPerDay);
    return { Invoice: company.render(invoice) };
  }
  if (req.method !== 'POST' || id !== undefined) return notFound();
  const body = jsonBody(req);
  const operation = q.get('operation');
  switch (operation) {
    case null:
      return { [entity]: createEntity(company, entity, body, writeOptions) };
    case 'update':
      return { [entity]: updateEntity(company, entity, body, writeOptions) };
    case 'delete':
      return { [entity]: deleteEntity(company, entity, body) };
    case 'void':
      return { [entity]: voidEntity(company, entity, body) };
    default:
      throw fault.invalidEnumeration('operation', operation);
  }
}

function companyInfo(company: Company): JsonObject {
  const { realmId, companyName } = company.identity;
  return {
    Id: '1',
    SyncToken: '0',
    domain: 'QBO',
    sparse: false,
    CompanyName: companyName,
    LegalName: companyName,
    Country: company.tax.country,
    CompanyAddr: companyAddress(company.tax.country),
    Email: { Address: 'owner@sandbox-company.example' },
    PrimaryPhone: { FreeFormNumber: '(650) 555-0100' },
    FiscalYearStartMonth: 'January',
    SupportedLanguages: 'en',
    DefaultTimeZone: company.identity.timeZone,
    NameValue: [{ Name: 'QBOIndustryType', Value: 'Professional Services' }, { Name: 'EmulatorRealmId', Value: realmId }],
    MetaData: { CreateTime: company.stamp(company.createdMs), LastUpdatedTime: company.stamp(company.createdMs) },
  };
}

function preferences(company: Company): JsonObject {
  return {
    Id: '1',
    SyncToken: '0',
    domain: 'QBO',
    sparse: false,
    SalesFormsPrefs: {
      CustomTxnNumbers: company.preferences.customTxnNumbers,
      AllowDeposit: true,
      AllowDiscount: true,
      ...(company.preferences.defaultTermsId !== null ? { DefaultTerms: { value: company.preferences.defaultTermsId } } : {}),
    },
    EmailMessagesPrefs: { InvoiceMessage: { Subject: 'Invoice from [Company Name]', Message: 'Please find your invoice attached.' } },
    TaxPrefs: { UsingSalesTax: company.tax.usingSalesTax, PartnerTaxEnabled: company.tax.automatedSalesTax },
    CurrencyPrefs: { MultiCurrencyEnabled: false, HomeCurrency: { value: company.tax.currency.value } },
    MetaData: { CreateTime: company.stamp(company.createdMs), LastUpdatedTime: company.stamp(company.createdMs) },
  };
}

function companyAddress(country: string): JsonObject {
  switch (country) {
    case 'GB':
      return { Line1: '12 Harbour Street', City: 'Bristol', PostalCode: 'BS1 4DJ', Country: 'GB' };
    case 'CA':
      return { Line1: '200 King Street West', City: 'Toronto', CountrySubDivisionCode: 'ON', PostalCode: 'M5H 3T4', Country: 'CA' };
    case 'AU':
      return { Line1: '45 George Street', City: 'Sydney', CountrySubDivisionCode: 'NSW', PostalCode: '2000', Country: 'AU' };
    default:
      return { Line1: '123 Sierra Way', City: 'San Pablo', CountrySubDivisionCode: 'CA', PostalCode: '87999', Country: 'US' };
  }
}

/** A one-page PDF naming the invoice: enough for a client that saves or opens it. */
function invoicePdf(company: Company, id: string): EmulatorResponse {
  const invoice = company.render(company.live('Invoice', id));
  const text = `Invoice ${String(invoice.DocNumber ?? invoice.Id)} - total ${String(invoice.TotalAmt)} - QuickBooks emulator`.replace(/[()\\]/g, '');
  const stream = `BT /F1 14 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return textResponse(200, 'application/pdf', Buffer.from(pdf, 'latin1'));
}
