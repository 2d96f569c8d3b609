// This replica's project indexes, one per repository and commit, least recently used first out,
// bounded in bytes. Nothing here is shared between replicas: a job that moves to another replica
// rebuilds what it needs there. Loads of one key at once share one promise, so pull requests on
// the same base that are scanned together download its archive once.

interface Sized<V> {
  value: V;
  bytes: number;
}

export interface IndexCache<V> {
  /** The cached value, or the one `load` gives (cached when it fits); a failed load is not kept. */
  getOrLoad(key: string, load: () => Promise<Sized<V>>): Promise<V>;
  /** Bytes held now. */
  bytes(): number;
  has(key: string): boolean;
}

export function createIndexCache<V>(maxBytes: number): IndexCache<V> {
  // A Map iterates in insertion order: re-inserting on each hit keeps the oldest first.
  const entries = new Map<string, Sized<V>>();
  const loading = new Map<string, Promise<V>>();
  let held = 0;

  function evictFor(bytes: number): void {
    for (const [key, entry] of entries) {
      if (held + bytes <= maxBytes) return;
      entries.delete(key);
      held -= entry.bytes;
    }
  }

  function keep(key: string, loaded: Sized<V>): void {
    if (loaded.bytes > maxBytes) return;
    evictFor(loaded.bytes);
    entries.set(key, loaded);
    held += loaded.bytes;
  }

  async function loadOnce(key: string, load: () => Promise<Sized<V>>): Promise<V> {
    try {
      const loaded = await load();
      keep(key, loaded);
      return loaded.value;
    } finally {
      loading.delete(key);
    }
  }

  return {
    getOrLoad(key, load) {
      const cached = entries.get(key);
      if (cached !== undefined) {
        entries.delete(key);
        entries.set(key, cached);
        return Promise.resolve(cached.value);
      }
      let pending = loading.get(key);
      if (pending === undefined) {
        pending = loadOnce(key, load);
        loading.set(key, pending);
      }
      return pending;
    },
    bytes: () => held,
    has: (key) => entries.has(key),
  };
}
