import { z } from 'zod';
import type { ContactBody } from '../contact-push/contact-fields';
import type { OpenPhoneRestClient, RestResult } from './openphone-rest-client';

/**
 * OpenPhone's contact endpoints (spec telephony-providers §1.9) over the relay's one REST
 * client, so they share its pacer (10 requests/s per key), retries and failure kinds:
 * POST /v1/contacts (201), PATCH /v1/contacts/{id}, DELETE /v1/contacts/{id} (204),
 * GET /v1/contacts?externalIds=… and GET /v1/contact-custom-fields.
 */

const contactSchema = z.object({ id: z.string().min(1), externalId: z.string().nullable().optional() }).loose();
export type OpenPhoneContact = z.infer<typeof contactSchema>;

export interface ContactCustomField {
  name?: string;
  key: string;
  type?: string;
}

export interface OpenPhoneContactsClient {
  create(body: ContactBody): Promise<RestResult<OpenPhoneContact>>;
  /** 404 (deleted in OpenPhone's app) answers null. */
  update(contactId: string, body: ContactBody): Promise<RestResult<OpenPhoneContact | null>>;
  /** Deleting one already gone (404) is done too. */
  remove(contactId: string): Promise<RestResult<null>>;
  /** The API contact with this externalId, or null. */
  findByExternalId(externalId: string): Promise<RestResult<OpenPhoneContact | null>>;
  customFields(): Promise<RestResult<ContactCustomField[]>>;
}

export function openPhoneContactsClient(client: Pick<OpenPhoneRestClient, 'request' | 'listContacts' | 'listContactCustomFields'>): OpenPhoneContactsClient {
  const one = (_status: number, json: unknown): OpenPhoneContact | null => {
    const parsed = z.object({ data: contactSchema }).safeParse(json);
    return parsed.success ? parsed.data.data : null;
  };
  const goneIsNull = <T>(result: RestResult<T>): RestResult<T | null> => (!result.ok && result.kind === 'refused' && result.httpStatus === 404 ? { ok: true, value: null } : result);
  return {
    create: (body) => client.request('POST', '/v1/contacts', body, one),
    update: async (contactId, body) => goneIsNull(await client.request('PATCH', `/v1/contacts/${encodeURIComponent(contactId)}`, body, one)),
    remove: async (contactId) => {
      const result = goneIsNull(await client.request('DELETE', `/v1/contacts/${encodeURIComponent(contactId)}`, undefined, () => true));
      return result.ok ? { ok: true, value: null } : result;
    },
    findByExternalId: async (externalId) => {
      const result = await client.listContacts({ externalIds: [externalId], maxResults: 1 });
      if (!result.ok) return result;
      const found = result.value.data.find((contact) => contact.externalId === externalId);
      return { ok: true, value: found === undefined ? null : contactSchema.parse(found) };
    },
    customFields: () => client.listContactCustomFields(),
  };
}
