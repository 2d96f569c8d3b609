import { describe, expect, it } from "vitest";
import { createInProcessQueue } from "../../src/app/queue.js";

/** A job that runs until the test releases it, recording when it starts. */
function controllable(name: string, started: string[]) {
  let release: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    job: async () => {
      started.push(name);
      await done;
    },
    release: () => release(),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("createInProcessQueue", () => {
  it("runs a newer job of a key instead of one that has not started", async () => {
    const started: string[] = [];
    const queue = createInProcessQueue({ concurrency: 1, onError: () => undefined });
    const first = controllable("pr1 sha1", started);
    queue.enqueue("pr1", first.job);
    await tick();
    queue.enqueue("pr1", controllable("pr1 sha2", started).job);
    const third = controllable("pr1 sha3", started);
    queue.enqueue("pr1", third.job);
    first.release();
    await tick();
    third.release();
    await queue.onIdle();
    expect(started).toEqual(["pr1 sha1", "pr1 sha3"]);
  });

  it("never runs one key twice at once, even with free slots", async () => {
    const started: string[] = [];
    const queue = createInProcessQueue({ concurrency: 4, onError: () => undefined });
    const first = controllable("a1", started);
    const second = controllable("a2", started);
    queue.enqueue("a", first.job);
    await tick();
    queue.enqueue("a", second.job);
    await tick();
    expect(started).toEqual(["a1"]);
    first.release();
    await tick();
    expect(started).toEqual(["a1", "a2"]);
    second.release();
    await queue.onIdle();
  });

  it("bounds how many keys run at once", async () => {
    const started: string[] = [];
    const queue = createInProcessQueue({ concurrency: 2, onError: () => undefined });
    const jobs = ["a", "b", "c"].map((key) => ({ key, ...controllable(key, started) }));
    for (const { key, job } of jobs) queue.enqueue(key, job);
    await tick();
    expect(started).toEqual(["a", "b"]);
    jobs[0]?.release();
    await tick();
    expect(started).toEqual(["a", "b", "c"]);
    for (const job of jobs) job.release();
    await queue.onIdle();
  });

  it("reports a failing job and keeps running the others", async () => {
    const errors: [string, unknown][] = [];
    const ran: string[] = [];
    const queue = createInProcessQueue({
      concurrency: 1,
      onError: (key, error) => errors.push([key, error]),
    });
    queue.enqueue("bad", () => {
      throw new Error("boom");
    });
    queue.enqueue("good", async () => {
      ran.push("good");
    });
    await queue.onIdle();
    expect(errors).toEqual([["bad", new Error("boom")]]);
    expect(ran).toEqual(["good"]);
  });

  it("is idle at once when nothing was queued", async () => {
    await expect(
      createInProcessQueue({ concurrency: 1, onError: () => undefined }).onIdle(),
    ).resolves.toBeUndefined();
  });
});
