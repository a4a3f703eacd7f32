import type { Clock } from '../../../../../src/shared/clock';
import { toE164 } from '../../../../../src/shared/phone';
import type { OpenPhoneRestClient, RestFailure } from './openphone-rest-client';

/**
 * Our lines' OpenPhone ids (`PN…`), for `from` in POST /v1/messages. Known first from
 * OPENPHONE_PHONE_NUMBER_IDS, otherwise from GET /v1/phone-numbers, cached for `ttlMs`
 * and fetched again at most every `refetchMs` when a line is missing (a line added in
 * OpenPhone a moment ago), so a mistyped line cannot spend the key's rate limit.
 */

export type LineLookup =
  | { found: true; phoneNumberId: string }
  /** The workspace has no such line. */
  | { found: false }
  /** The list could not be read now. */
  | { found: null; failure: RestFailure };

export interface PhoneNumberDirectoryOptions {
  /** OPENPHONE_PHONE_NUMBER_IDS: PN… id → E.164. */
  configured: Readonly<Record<string, string>>;
  clock: Clock;
  ttlMs: number;
  refetchMs: number;
}

export class PhoneNumberDirectory {
  private readonly configured = new Map<string, string>();
  private listed = new Map<string, string>();
  private listedAtMs = Number.NEGATIVE_INFINITY;
  private fetching: Promise<RestFailure | null> | null = null;

  constructor(
    private readonly client: OpenPhoneRestClient,
    private readonly options: PhoneNumberDirectoryOptions,
  ) {
    for (const [id, number] of Object.entries(options.configured)) this.configured.set(number, id);
  }

  async lookup(line: string): Promise<LineLookup> {
    const known = this.configured.get(line);
    if (known !== undefined) return { found: true, phoneNumberId: known };
    const age = this.options.clock() - this.listedAtMs;
    const cached = age < this.options.ttlMs ? this.listed.get(line) : undefined;
    if (cached !== undefined) return { found: true, phoneNumberId: cached };
    if (age >= this.options.ttlMs || age >= this.options.refetchMs) {
      const failure = await this.refresh();
      if (failure !== null) return { found: null, failure };
    }
    const id = this.listed.get(line);
    return id === undefined ? { found: false } : { found: true, phoneNumberId: id };
  }

  /** One fetch at a time; concurrent lookups share it. */
  private refresh(): Promise<RestFailure | null> {
    this.fetching ??= this.client
      .listPhoneNumbers()
      .then((result) => {
        if (!result.ok) return result;
        const listed = new Map<string, string>();
        for (const entry of result.value) {
          const number = toE164(entry.number);
          if (number !== null) listed.set(number, entry.id);
        }
        this.listed = listed;
        this.listedAtMs = this.options.clock();
        return null;
      })
      .finally(() => {
        this.fetching = null;
      });
    return this.fetching;
  }
}
