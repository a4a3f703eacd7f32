import { randomBytes } from 'node:crypto';
import type { RouteAnswer, RouteError } from './workspace/workspace-routes';
import type { Workspace, WorkspaceContact } from './workspace/workspace';

/**
 * OpenPhone's contact writes (spec telephony-providers §1.9) over a workspace, as the
 * relay's contact push uses them: `POST /v1/contacts` (201; `defaultFields.firstName`
 * required, `externalId` and `source` at most 75 characters, custom fields only by a key
 * the workspace defines, else `0801400` "Invalid Custom Field Item"), `GET` / `PATCH` /
 * `DELETE /v1/contacts/{id}` (PATCH replaces the fields it names; DELETE answers 204).
 * Contacts written here are listed by `GET /v1/contacts` (workspace-routes.ts). Pure but
 * for the workspace it changes; rest-api.ts writes the answer out.
 */

const MAX_TEXT = 75;

type Json = Record<string, unknown>;

export async function answerContactWrite(workspace: Workspace, method: string, pathname: string, readBody: () => Promise<string>): Promise<RouteAnswer | RouteError | null> {
  const one = /^\/v1\/contacts\/([^/]+)$/.exec(pathname);
  if (!(pathname === '/v1/contacts' && method === 'POST') && !(one !== null && ['GET', 'PATCH', 'DELETE'].includes(method))) return null;
  const notFound: RouteError = { status: 404, code: '0800404', title: 'Not Found', message: 'Contact not found' };
  const index = one === null ? -1 : workspace.contacts.findIndex((contact) => contact.id === decodeURIComponent(one[1]!));
  if (one !== null && index < 0) return notFound;
  if (method === 'GET') return { status: 200, body: { data: workspace.contacts[index] } };
  if (method === 'DELETE') {
    workspace.contacts.splice(index, 1);
    return { status: 204, body: null };
  }

  let body: unknown;
  try {
    body = JSON.parse(await readBody());
  } catch {
    return { status: 400, code: '0800400', title: 'Bad Request', message: 'The request body is not JSON' };
  }
  if (!isObject(body)) return { status: 400, code: '0800400', title: 'Bad Request', message: 'Expected an object' };
  const existing = index < 0 ? null : workspace.contacts[index]!;
  const problems = check(body, existing === null);
  if (problems.length > 0) return { status: 400, code: '0800400', title: 'Bad Request', message: 'Invalid request body', errors: problems };
  const custom = readCustomFields(workspace, body.customFields);
  if ('error' in custom) return custom.error;

  const now = new Date().toISOString();
  const defaults = isObject(body.defaultFields) ? body.defaultFields : {};
  const previous = existing?.defaultFields;
  const contact: WorkspaceContact = {
    id: existing?.id ?? `CT${randomBytes(12).toString('hex')}`,
    externalId: 'externalId' in body ? ((body.externalId as string | null) ?? null) : (existing?.externalId ?? null),
    source: typeof body.source === 'string' ? body.source : (existing?.source ?? 'public-api'),
    sourceUrl: typeof body.sourceUrl === 'string' ? body.sourceUrl : (existing?.sourceUrl ?? null),
    defaultFields: {
      firstName: 'firstName' in defaults ? String(defaults.firstName) : (previous?.firstName ?? ''),
      lastName: 'lastName' in defaults ? ((defaults.lastName as string | null) ?? null) : (previous?.lastName ?? null),
      company: 'company' in defaults ? ((defaults.company as string | null) ?? null) : (previous?.company ?? null),
      role: 'role' in defaults ? ((defaults.role as string | null) ?? null) : (previous?.role ?? null),
      emails: Array.isArray(defaults.emails) ? (defaults.emails as { name: string; value: string }[]).map(({ name, value }) => ({ name, value })) : (previous?.emails ?? []),
      phoneNumbers: Array.isArray(defaults.phoneNumbers) ? (defaults.phoneNumbers as { name: string; value: string }[]).map(({ name, value }) => ({ name, value })) : (previous?.phoneNumbers ?? []),
    },
    customFields: custom.fields ?? existing?.customFields ?? [],
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    createdByUserId: existing?.createdByUserId ?? null,
  };
  if (existing === null) {
    workspace.addContact(contact);
    return { status: 201, body: { data: contact } };
  }
  workspace.contacts[index] = contact;
  return { status: 200, body: { data: contact } };
}

function check(body: Json, creating: boolean): { path: string; message: string; value?: unknown }[] {
  const problems: { path: string; message: string; value?: unknown }[] = [];
  for (const field of ['externalId', 'source', 'sourceUrl'] as const) {
    const value = body[field];
    if (value !== undefined && value !== null && (typeof value !== 'string' || value.length > MAX_TEXT)) problems.push({ path: `/${field}`, message: `Expected string with length less or equal to ${MAX_TEXT}`, value });
  }
  const defaults = body.defaultFields;
  if (creating && !isObject(defaults)) problems.push({ path: '/defaultFields', message: 'Expected required property' });
  if (isObject(defaults)) {
    if (creating && (typeof defaults.firstName !== 'string' || defaults.firstName.trim() === '')) problems.push({ path: '/defaultFields/firstName', message: 'Expected required property' });
    for (const list of ['emails', 'phoneNumbers'] as const) {
      const items = defaults[list];
      if (items !== undefined && !(Array.isArray(items) && items.every((item) => isObject(item) && typeof item.value === 'string' && typeof item.name === 'string'))) {
        problems.push({ path: `/defaultFields/${list}`, message: 'Expected array of {name, value}' });
      }
    }
  }
  return problems;
}

function readCustomFields(workspace: Workspace, raw: unknown): { fields: WorkspaceContact['customFields'] | null } | { error: RouteError } {
  if (raw === undefined) return { fields: null };
  if (!Array.isArray(raw)) return { error: { status: 400, code: '0800400', title: 'Bad Request', message: 'Invalid request body', errors: [{ path: '/customFields', message: 'Expected array' }] } };
  const fields: WorkspaceContact['customFields'] = [];
  for (const item of raw) {
    const definition = isObject(item) ? workspace.customFields.find((field) => field.key === item.key) : undefined;
    if (definition === undefined || !isObject(item)) return { error: { status: 400, code: '0801400', title: 'Invalid Custom Field Item', message: `Custom field ${isObject(item) ? String(item.key) : '?'} does not exist in this workspace` } };
    fields.push({ name: definition.name, key: definition.key, id: `CF${definition.key}`, type: definition.type, value: item.value });
  }
  return { fields };
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
