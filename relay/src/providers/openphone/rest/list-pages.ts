import type { RestFailure, RestPage, RestResult } from './openphone-rest-client';

/**
 * Every page of an OpenPhone list, following `nextPageToken` until it is null (§1.9:
 * `totalItems` is not accurate, so it never decides when to stop). Each page is given
 * with the token that fetched it and the one for the next, so a caller can store where
 * it is and continue from there after a restart. Stops at the first failure.
 */
export async function* everyPage<T>(
  fetchPage: (pageToken: string | null) => Promise<RestResult<RestPage<T>>>,
  from: string | null = null,
): AsyncGenerator<{ ok: true; page: RestPage<T>; pageToken: string | null } | ({ ok: false } & RestFailure)> {
  let token = from;
  for (;;) {
    const result = await fetchPage(token);
    if (!result.ok) {
      yield result;
      return;
    }
    yield { ok: true, page: result.value, pageToken: token };
    if (result.value.nextPageToken === null || result.value.nextPageToken === token) return;
    token = result.value.nextPageToken;
  }
}
