// Sizes and hashes of facts: the app's cache of indexes is bounded in bytes.

/** About how many bytes `facts` take in memory: two per character of their JSON, plus overhead. */
export function sizeOf(facts: unknown): number {
  return (
    2 *
      JSON.stringify(facts, (_key, value: unknown) => (value instanceof Map ? [...value] : value))
        .length +
    64
  );
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
