/**
 * QuickBooks Online emulator: scripted failures for the next N matching requests (spec §13-8).
 * Status faults answer at once without touching the books; the "after commit" faults run the request
 * to completion (the write is saved, the requestid remembered) and then lose the answer.
 */

export type InjectedFault =
  | 500 // SystemFault 10000, JSON
  | 503 // plain "Service Unavailable"
  | 429 // throttle fault 3001, JSON
  | 401 // gateway 3200 although the token is fine ("401 in the middle of a session")
  | 'xml-429'
  | 'xml-401'
  | 'fault-200' // HTTP 200 whose body is a SystemFault (§7.1-4)
  | 'timeout-after-commit' // commit, then never answer (the socket stays open until the client gives up)
  | 'drop-after-commit' // commit, then reset the connection
  | 'drop-before-commit'; // reset the connection without doing anything

export interface FaultRule {
  /** A string matches when the request path contains it; a RegExp is tested against the path. */
  path: string | RegExp;
  method?: string;
  fault: InjectedFault;
  /** How many matching requests get the fault (default 1). */
  count?: number;
}

interface ActiveRule {
  path: string | RegExp;
  method?: string;
  fault: InjectedFault;
  remaining: number;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];

  inject(rule: FaultRule): void {
    this.rules.push({ path: rule.path, method: rule.method?.toUpperCase(), fault: rule.fault, remaining: rule.count ?? 1 });
  }

  clear(): void {
    this.rules = [];
  }

  /** Faults still waiting to fire. */
  pending(): { path: string; method?: string; fault: InjectedFault; remaining: number }[] {
    return this.rules.map((r) => ({ ...r, path: String(r.path) }));
  }

  /** The fault for this request, if any rule matches (first rule wins), consuming one use of it. */
  take(method: string, path: string): InjectedFault | undefined {
    const rule = this.rules.find((r) => (!r.method || r.method === method) && (typeof r.path === 'string' ? path.includes(r.path) : r.path.test(path)));
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule.fault;
  }
}
