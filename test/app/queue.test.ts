import { describe, expect, it } from "vitest";
import { createInProcessQueue, createInProcessScanQueue } from "../../src/app/queue/queue.js";
import type { ScanJob } from "../../src/app/queue/scan-queue.js";

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

describe("createInProcessScanQueue", () => {
  const pull = { owner: "acme", repo: "shop", pullNumber: 1 };
  const command = (commentId: number, deliveryId: string): ScanJob => ({
    installationId: 7,
    deliveryId,
    scan: { kind: "current-head", pull },
    commentIds: [commentId],
  });

  it("runs the newest job of a PR with the comments of the jobs it replaced", async () => {
    const runs: { delivery: string; comments: number[] }[] = [];
    let release: () => void = () => undefined;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const queue = createInProcessScanQueue({
      concurrency: 1,
      onError: () => undefined,
      run: async (job, context) => {
        if (job.deliveryId === "first") await blocked;
        runs.push({ delivery: job.deliveryId, comments: await context.takeComments() });
      },
    });

    queue.enqueue(command(1, "first"));
    await tick();
    queue.enqueue(command(2, "second"));
    queue.enqueue(command(3, "third"));
    release();
    await queue.onIdle();

    // The first job, still held when the others came, takes every comment waiting when it asks.
    expect(runs).toEqual([
      { delivery: "first", comments: [1, 2, 3] },
      { delivery: "third", comments: [] },
    ]);
  });
});
