// Sizes and hashes of facts: the app's cache of indexes is bounded in bytes.

// What V8 spends on an object beyond its strings, about.
const OBJECT_BYTES = 48;

/** About how many bytes `facts` take in memory: strings at two bytes a character, plus objects. */
export function sizeOf(facts: unknown): number {
  if (typeof facts === "string") return 16 + 2 * facts.length;
  if (typeof facts !== "object" || facts === null) return 8;
  let bytes = OBJECT_BYTES;
  const values = facts instanceof Map ? [...facts.entries()] : Object.values(facts);
  for (const value of values) bytes += sizeOf(value);
  return bytes;
}

/** A 53-bit FNV-1a-style hash of `text`, in base 36: equal code gives equal hashes. */
export function hashCode(text: string): string {
  let high = 0x811c9dc5;
  let low = 0x01000193;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    high = Math.imul(high ^ code, 0x01000193) >>> 0;
    low = Math.imul(low ^ code, 0x5bd1e995) >>> 0;
  }
  return ((high & 0x1fffff) * 0x100000000 + low).toString(36);
}
