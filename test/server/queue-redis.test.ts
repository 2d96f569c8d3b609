// The Redis-backed job queue against a real redis-server: replicas share jobs, a newer head
// supersedes a queued older one, a PR never runs twice at once, and a crashed worker's job is
// picked up by another replica.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { resolve } from "node:path";
import { pino } from "pino";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createRedisQueue } from "../../src/app/queue-redis.js";
import type { RedisJobQueue, ScanRequest } from "../../src/app/queue-redis.js";
import { waitFor } from "../support/index.js";
import { deleteKeys, REDIS_URL, requireRedis, uniquePrefix } from "./redis.js";

const log = pino({ level: "silent" });
const KEY = "acme/shop#1";
let prefix: string;
const queues: RedisJobQueue[] = [];

beforeAll(requireRedis);

afterEach(async () => {
  await Promise.all(queues.splice(0).map((queue) => queue.close()));
  await deleteKeys(prefix);
});

function request(headSha: string, delivery = `delivery-${headSha}`): ScanRequest {
  return {
    installationId: 7,
    delivery,
    target: {
      pull: { owner: "acme", repo: "shop", pullNumber: 1 },
      headSha,
      baseSha: "base",
      headRepo: null,
    },
  };
}

/** A replica: its own queue (own Redis connections and worker) under the test's prefix. */
function replica(run: (request: ScanRequest) => Promise<void>, lockMs = 30_000): RedisJobQueue {
  const queue = createRedisQueue({
    redisUrl: REDIS_URL,
    concurrency: 2,
    run,
    log,
    prefix,
    lockMs,
    busyRetryMs: 50,
  });
  queues.push(queue);
  return queue;
}

const notShared = () => Promise.reject(new Error("a shared job must not run as a closure"));

describe("the Redis job queue", () => {
  it("runs a request delivered to two replicas once", async () => {
    prefix = uniquePrefix();
    const runs: string[] = [];
    const record = (name: string) => async (r: ScanRequest) =>
      void runs.push(`${name}:${r.target.headSha}`);
    const first = replica(record("first"));
    const second = replica(record("second"));

    first.enqueue(KEY, notShared, request("aaa"));
    second.enqueue(KEY, notShared, request("aaa"));
    await waitFor(() => runs.length === 1, { what: "the scan" });
    await new Promise((r) => setTimeout(r, 300));

    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatch(/:aaa$/);
    expect(await first.depth()).toBe(0);
  });

  it("lets a newer head supersede a queued older one, and never runs one PR twice at once", async () => {
    prefix = uniquePrefix();
    const runs: string[] = [];
    let active = 0;
    let maxActive = 0;
    let releaseFirst!: () => void;
    const firstBlocked = new Promise<void>((r) => (releaseFirst = r));
    const run = async (r: ScanRequest) => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      runs.push(r.target.headSha);
      if (r.target.headSha === "aaa") await firstBlocked;
      active -= 1;
    };
    const first = replica(run);
    const second = replica(run);

    first.enqueue(KEY, notShared, request("aaa"));
    await waitFor(() => runs.length === 1, { what: "the first scan to start" });
    second.enqueue(KEY, notShared, request("bbb"));
    first.enqueue(KEY, notShared, request("ccc"));
    await new Promise((r) => setTimeout(r, 300));
    const whileBlocked = [...runs];
    releaseFirst();
    await waitFor(() => runs.includes("ccc"), { what: "the newest head's scan" });
    await Promise.all([first.onIdle(), second.onIdle()]);
    await new Promise((r) => setTimeout(r, 200));

    expect(whileBlocked).toEqual(["aaa"]);
    expect(runs).toEqual(["aaa", "ccc"]);
    expect(maxActive).toBe(1);
  });

  it("runs a closure-only job on its replica under the same per-PR lock", async () => {
    prefix = uniquePrefix();
    const order: string[] = [];
    let releaseShared!: () => void;
    const sharedBlocked = new Promise<void>((r) => (releaseShared = r));
    // Either replica's worker may take the shared job.
    const sharedRun = async () => {
      order.push("shared:start");
      await sharedBlocked;
      order.push("shared:end");
    };
    const first = replica(sharedRun);
    const second = replica(sharedRun);

    first.enqueue(KEY, notShared, request("aaa"));
    await waitFor(() => order.length === 1, { what: "the shared scan to start" });
    second.enqueue(KEY, async () => void order.push("closure"));
    await new Promise((r) => setTimeout(r, 300));
    expect(await second.depth()).toBe(2);
    releaseShared();
    await waitFor(() => order.includes("closure"), { what: "the closure" });

    expect(order).toEqual(["shared:start", "shared:end", "closure"]);
  });

  it("hands the job of a crashed replica to another one", async () => {
    prefix = uniquePrefix();
    const crashing = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `
          const { createRedisQueue } = await import(${JSON.stringify(resolve("dist/app/queue-redis.js"))});
          const { pino } = await import("pino");
          const queue = createRedisQueue({
            redisUrl: ${JSON.stringify(REDIS_URL)}, concurrency: 1, log: pino({ level: "silent" }),
            prefix: ${JSON.stringify(prefix)}, lockMs: 1000,
            run: () => { console.log("started"); return new Promise(() => {}); },
          });
          queue.enqueue(${JSON.stringify(KEY)}, () => Promise.resolve(), ${JSON.stringify(request("aaa"))});
        `,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await once(crashing.stdout, "data");
    crashing.kill("SIGKILL");
    await once(crashing, "exit");
    const runs: string[] = [];

    replica(async (r) => void runs.push(r.target.headSha), 1000);
    await waitFor(() => runs.length === 1, { timeoutMs: 15_000, what: "the retried job" });

    expect(runs).toEqual(["aaa"]);
  });
});
