import { describe, expect, it } from "vitest";
import { createIndexCache } from "../../src/app/scan/index-cache.js";

function loader(value: string, bytes: number) {
  let calls = 0;
  const load = () => {
    calls++;
    return Promise.resolve({ value, bytes });
  };
  return { load, calls: () => calls };
}

describe("the index cache", () => {
  it("loads a key once and serves it from then on", async () => {
    const cache = createIndexCache<string>(100);
    const base = loader("base index", 40);

    expect(await cache.getOrLoad("acme/shop@1", base.load)).toBe("base index");
    expect(await cache.getOrLoad("acme/shop@1", base.load)).toBe("base index");

    expect(base.calls()).toBe(1);
    expect(cache.bytes()).toBe(40);
  });

  it("shares one load between scans that ask at the same time", async () => {
    const cache = createIndexCache<string>(100);
    const base = loader("base index", 40);

    const both = await Promise.all([
      cache.getOrLoad("acme/shop@1", base.load),
      cache.getOrLoad("acme/shop@1", base.load),
    ]);

    expect(both).toEqual(["base index", "base index"]);
    expect(base.calls()).toBe(1);
  });

  it("evicts the least recently used entries to stay within its bytes", async () => {
    const cache = createIndexCache<string>(100);
    await cache.getOrLoad("a", loader("A", 40).load);
    await cache.getOrLoad("b", loader("B", 40).load);
    await cache.getOrLoad("a", loader("A again", 40).load); // a is now the most recent
    await cache.getOrLoad("c", loader("C", 40).load);

    expect(["a", "b", "c"].filter((key) => cache.has(key))).toEqual(["a", "c"]);
    expect(cache.bytes()).toBe(80);
  });

  it("returns but does not keep a value larger than the whole cache, nor a failed load", async () => {
    const cache = createIndexCache<string>(100);

    expect(await cache.getOrLoad("huge", loader("H", 500).load)).toBe("H");
    await expect(
      cache.getOrLoad("broken", () => Promise.reject(new Error("archive not found"))),
    ).rejects.toThrow("archive not found");

    expect(cache.has("huge")).toBe(false);
    expect(cache.has("broken")).toBe(false);
    expect(await cache.getOrLoad("broken", loader("fixed", 10).load)).toBe("fixed");
  });
});
