/**
 * True when a JSON text nests arrays/objects deeper than `maxDepth`: one pass over the
 * bytes counting brackets outside strings, before JSON.parse. A body nested thousands
 * deep parses, but every recursive step after it (validation, JSON.stringify for
 * storage) overflows the stack, so it is refused up front. Malformed input is left to
 * JSON.parse to refuse; this only has to count correctly for well-formed text.
 */
export function nestsDeeperThan(bytes: Uint8Array, maxDepth: number): boolean {
  // Every webhook is scanned: a body with no more opening brackets than the limit, anywhere
  // (inside strings too), cannot nest deeper, and counting them is a few native searches.
  if (openingBracketsAtMost(bytes, maxDepth)) return false;
  let depth = 0;
  let inString = false;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index]!;
    if (inString) {
      if (byte === 0x5c /* \ */) index++;
      else if (byte === 0x22 /* " */) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x7b /* { */ || byte === 0x5b /* [ */) {
      if (++depth > maxDepth) return true;
    } else if (byte === 0x7d /* } */ || byte === 0x5d /* ] */) depth--;
  }
  return false;
}

/** True when `{` and `[` together occur at most `limit` times in the bytes. */
function openingBracketsAtMost(bytes: Uint8Array, limit: number): boolean {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let count = 0;
  for (const bracket of [0x7b /* { */, 0x5b /* [ */]) {
    for (let at = buffer.indexOf(bracket); at !== -1; at = buffer.indexOf(bracket, at + 1)) {
      if (++count > limit) return false;
    }
  }
  return true;
}
