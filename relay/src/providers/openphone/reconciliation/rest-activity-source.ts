import type { OpenPhoneRestClient, RestPage, RestResult } from '../rest/openphone-rest-client';
import type { ActivitySource } from './activity-source';

/** A day of one busy line stays far below this; a longer listing is a loop on a broken nextPageToken. */
const MAX_PAGES = 1_000;

/** The reconciliation's listings through the relay's one OpenPhone REST client (and its shared limiter), every page of each. */
export function restActivitySource(client: OpenPhoneRestClient): ActivitySource {
  return {
    listPhoneNumbers: () => client.listPhoneNumbers(),
    listConversations: ({ updatedAfter }) => allPages((pageToken) => client.listConversations({ updatedAfter, pageToken })),
    listCalls: (query) => allPages((pageToken) => client.listCalls({ ...query, pageToken })),
    listMessages: (query) => allPages((pageToken) => client.listMessages({ ...query, pageToken })),
  };
}

async function allPages<T>(page: (pageToken: string | null) => Promise<RestResult<RestPage<T>>>): Promise<RestResult<T[]>> {
  const items: T[] = [];
  let token: string | null = null;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const result = await page(token);
    if (!result.ok) return result;
    items.push(...result.value.data);
    token = result.value.nextPageToken;
    if (token === null) return { ok: true, value: items };
  }
  return { ok: false, kind: 'no_answer', message: `OpenPhone kept answering with a next page after ${MAX_PAGES} pages` };
}
