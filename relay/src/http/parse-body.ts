import { nestsDeeperThan } from './json-depth';

export type ParsedBody = { ok: true; value: unknown } | { ok: false; reason: 'too_deep' | 'malformed_json'; error: string };

/** JSON, refused before parsing when it nests deeper than `maxDepth` (RELAY_MAX_JSON_DEPTH). */
export function parseJsonBody(bytes: Buffer, maxDepth: number): ParsedBody {
  if (nestsDeeperThan(bytes, maxDepth)) {
    return { ok: false, reason: 'too_deep', error: `body nests deeper than ${maxDepth} levels (RELAY_MAX_JSON_DEPTH)` };
  }
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8')) };
  } catch {
    return { ok: false, reason: 'malformed_json', error: 'body is not valid JSON' };
  }
}

/**
 * application/x-www-form-urlencoded (Twilio's webhooks) as a flat record of strings.
 * A repeated field keeps its first value: the signature covers every one, and no
 * provider we read repeats a field it means.
 */
export function parseFormBody(bytes: Buffer): ParsedBody {
  const fields: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(bytes.toString('utf8'))) {
    if (!(name in fields)) fields[name] = value;
  }
  return { ok: true, value: fields };
}
