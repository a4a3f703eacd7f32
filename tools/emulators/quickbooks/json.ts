/** QuickBooks Online emulator: the JSON shapes the emulator stores and answers with. */

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function cloneJson<T extends JsonValue>(value: T): T {
  return structuredClone(value);
}

/** QBO answers with only the fields that have values (spec §5.1): drop null and empty strings, keep 0, false and []. */
export function withoutEmptyFields(value: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === null || field === '') continue;
    out[key] = isJsonObject(field) ? withoutEmptyFields(field) : Array.isArray(field) ? field.map((v) => (isJsonObject(v) ? withoutEmptyFields(v) : v)) : field;
  }
  return out;
}
