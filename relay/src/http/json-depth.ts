/**
 * True when a JSON text nests arrays/objects deeper than `maxDepth`: one pass over the
 * bytes counting brackets outside strings, before JSON.parse. A body nested thousands
 * deep parses, but every recursive step after it (validation, JSON.stringify for
 * storage) overflows the stack, so it is refused up front. Malformed input is left to
 * JSON.parse to refuse; this only has to count correctly for well-formed text.
 */
export function nestsDeeperThan(bytes: Uint8Array, maxDepth: number): boolean {
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
