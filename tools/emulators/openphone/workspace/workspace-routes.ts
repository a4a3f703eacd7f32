import type { Workspace, WorkspaceContact } from './workspace';
import { APP_CONTACT_SOURCE } from './workspace';

/**
 * The read endpoints of OpenPhone's REST API v1 over a workspace (spec telephony-providers
 * §1.9, §1.11): conversations, calls and messages per line and participant with
 * `maxResults` + `pageToken` pagination and `nextPageToken` null on the last page, a
 * `totalItems` that is deliberately wrong (the spec says never to trust it), a call's
 * recordings, summary (404 when never summarized), transcript and voicemail, contacts
 * made through the API (at most 50 a page; contacts made in the Quo app are not listed)
 * and the custom field definitions. Errors in OpenPhone's body with its 7-digit codes.
 * Pure: the HTTP server (rest-api.ts) writes the answer out.
 */

export interface RouteAnswer {
  status: number;
  body: unknown;
}

export interface RouteError {
  status: number;
  code: string;
  title: string;
  message: string;
  errors?: { path: string; message: string; value?: unknown }[];
}

const E164 = /^\+[1-9]\d{6,14}$/;

/** The resource family of a path's error codes (§1.9). */
export function familyOf(pathname: string): string {
  if (pathname.startsWith('/v1/phone-numbers')) return '04';
  if (pathname.startsWith('/v1/calls') || pathname.startsWith('/v1/call-voicemails')) return '01';
  if (pathname.startsWith('/v1/call-summaries')) return '05';
  if (pathname.startsWith('/v1/call-transcripts')) return '06';
  if (pathname.startsWith('/v1/call-recordings')) return '09';
  if (pathname.startsWith('/v1/contact')) return '08';
  if (pathname.startsWith('/v1/conversations')) return '10';
  return '02';
}

/** The answer to a workspace read, an error, or null when the route is not one of these. */
export function answerWorkspaceRead(workspace: Workspace, method: string, pathname: string, query: URLSearchParams): RouteAnswer | RouteError | null {
  if (method !== 'GET') return null;
  const family = familyOf(pathname);
  const bad = (errors: { path: string; message: string; value?: unknown }[]): RouteError => ({ status: 400, code: `${family}00400`, title: 'Bad Request', message: 'Invalid query parameters', errors });
  const notFound = (message: string): RouteError => ({ status: 404, code: `${family}00404`, title: 'Not Found', message });

  const artifact = /^\/v1\/(call-recordings|call-summaries|call-transcripts|call-voicemails)\/([^/]+)$/.exec(pathname);
  if (artifact !== null) {
    const artifacts = workspace.artifactsOf(decodeURIComponent(artifact[2]!));
    if (artifacts === undefined) return notFound('Call not found');
    switch (artifact[1]) {
      case 'call-recordings':
        return { status: 200, body: { data: artifacts.recordings } };
      case 'call-summaries':
        return artifacts.summary === null ? notFound('Call summary not found') : { status: 200, body: { data: artifacts.summary } };
      case 'call-transcripts':
        return artifacts.transcript === null ? notFound('Call transcript not found') : { status: 200, body: { data: artifacts.transcript } };
      default:
        return artifacts.voicemail === null ? notFound('Call voicemail not found') : { status: 200, body: { data: artifacts.voicemail } };
    }
  }

  if (pathname === '/v1/contact-custom-fields') return { status: 200, body: { data: workspace.customFields } };

  const list = ['/v1/conversations', '/v1/calls', '/v1/messages', '/v1/contacts'].includes(pathname);
  if (!list) return null;

  const problems: { path: string; message: string; value?: unknown }[] = [];
  const maxRaw = query.get('maxResults');
  const ceiling = pathname === '/v1/contacts' ? 50 : 100;
  const maxResults = maxRaw === null ? NaN : Number(maxRaw);
  if (maxRaw === null) problems.push({ path: '/maxResults', message: 'Expected required property' });
  else if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > ceiling) problems.push({ path: '/maxResults', message: `Expected integer between 1 and ${ceiling}`, value: maxRaw });
  const offset = readPageToken(query.get('pageToken'));
  if (offset === null) problems.push({ path: '/pageToken', message: 'Invalid page token', value: query.get('pageToken') });
  const createdAfter = readInstant(query, 'createdAfter', problems);
  const createdBefore = readInstant(query, 'createdBefore', problems);

  if (pathname === '/v1/contacts') {
    if (problems.length > 0) return bad(problems);
    const externalIds = arrayParam(query, 'externalIds');
    const reachable = workspace.contacts.filter((contact: WorkspaceContact) => contact.source !== APP_CONTACT_SOURCE && (externalIds.length === 0 || (contact.externalId !== null && externalIds.includes(contact.externalId))));
    return page(reachable, offset!, maxResults);
  }

  if (pathname === '/v1/conversations') {
    const updatedAfter = readInstant(query, 'updatedAfter', problems);
    const updatedBefore = readInstant(query, 'updatedBefore', problems);
    const phoneNumbers = arrayParam(query, 'phoneNumbers');
    if (phoneNumbers.length > 100) problems.push({ path: '/phoneNumbers', message: 'Expected array length to be less or equal to 100' });
    if (problems.length > 0) return bad(problems);
    const lineIds = new Set(phoneNumbers.map((entry) => workspace.lines.find((line) => line.id === entry || line.number === entry)?.id ?? entry));
    const matching = workspace
      .conversationsNewestFirst()
      .filter(
        (conversation) =>
          (lineIds.size === 0 || lineIds.has(conversation.phoneNumberId)) &&
          inRange(conversation.createdAt, createdAfter, createdBefore) &&
          inRange(conversation.updatedAt, updatedAfter, updatedBefore),
      );
    return page(matching, offset!, maxResults);
  }

  const phoneNumberId = query.get('phoneNumberId');
  if (phoneNumberId === null) problems.push({ path: '/phoneNumberId', message: 'Expected required property' });
  else if (!/^PN\w+$/.test(phoneNumberId)) problems.push({ path: '/phoneNumberId', message: 'Expected string to match ^PN(.*)$', value: phoneNumberId });
  const participants = arrayParam(query, 'participants');
  if (participants.length === 0) problems.push({ path: '/participants', message: 'Expected required property' });
  else if (pathname === '/v1/calls' && participants.length > 1) problems.push({ path: '/participants', message: 'Expected array length to be less or equal to 1', value: participants });
  for (const [index, participant] of participants.entries()) if (!E164.test(participant)) problems.push({ path: `/participants/${index}`, message: 'Expected an E.164 phone number', value: participant });
  if (problems.length > 0) return bad(problems);
  if (workspace.lineById(phoneNumberId!) === undefined) return notFound('Phone number not found');

  const items = pathname === '/v1/calls' ? workspace.callsOf(phoneNumberId!, participants[0]!) : workspace.messagesOf(phoneNumberId!, participants);
  // Stored oldest first; listed newest first.
  const newestFirst = [...items].reverse().filter((item) => inRange(item.createdAt, createdAfter, createdBefore));
  return page(newestFirst, offset!, maxResults);
}

export function isRouteError(answer: RouteAnswer | RouteError): answer is RouteError {
  return 'code' in answer;
}

function page<T>(items: readonly T[], offset: number, maxResults: number): RouteAnswer {
  const data = items.slice(offset, offset + maxResults);
  const next = offset + maxResults < items.length ? writePageToken(offset + maxResults) : null;
  // Wrong on purpose (§1.9 "not accurate"): the size of a listing that was never recounted.
  const totalItems = Math.max(data.length, Math.round(items.length * 0.9) + (items.length % 7));
  return { status: 200, body: { data, totalItems, nextPageToken: next } };
}

function writePageToken(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

function readPageToken(token: string | null): number | null {
  if (token === null || token === '') return 0;
  const match = /^o:(\d{1,9})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return match === null ? null : Number(match[1]);
}

/** Repeated keys (`participants=…&participants=…`, §1.9); the bracketed spelling is read too. */
function arrayParam(query: URLSearchParams, name: string): string[] {
  return [...query.getAll(name), ...query.getAll(`${name}[]`)];
}

function readInstant(query: URLSearchParams, name: string, problems: { path: string; message: string; value?: unknown }[]): string | null {
  const raw = query.get(name);
  if (raw === null) return null;
  const ms = Date.parse(raw);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || Number.isNaN(ms)) {
    problems.push({ path: `/${name}`, message: 'Expected string in date-time format', value: raw });
    return null;
  }
  return new Date(ms).toISOString();
}

function inRange(at: string, after: string | null, before: string | null): boolean {
  const ms = Date.parse(at);
  return (after === null || ms >= Date.parse(after)) && (before === null || ms < Date.parse(before));
}
