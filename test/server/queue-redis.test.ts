// The Redis-backed job queue against a real redis-server: replicas share jobs, a newer head
// supersedes a queued older one, a PR never runs twice at once, and a crashed worker's job is
// picked up by another replica.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { resolve } from "node:path";
import { pino } from "pino";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createRedisQueue } from "../../src/app/queue/queue-redis.js";
import type { RedisJobQueue } from "../../src/app/queue/queue-redis.js";
import type { JobContext, ScanJob } from "../../src/app/queue/scan-queue.js";
import { waitFor } from "../support/index.js";
import { deleteKeys, REDIS_URL, requireRedis, uniquePrefix } from "./redis.js";

const log = pino({ level: "silent" });
let prefix: string;
const queues: RedisJobQueue[] = [];

beforeAll(requireRedis);

afterEach(async () => {
  await Promise.all(queues.splice(0).map((queue) => queue.close()));
  await deleteKeys(prefix);
});

const PULL = { owner: "acme", repo: "shop", pullNumber: 1 };

function headScan(headSha: string, deliveryId = `delivery-${headSha}`): ScanJob {
  return {
    installationId: 7,
    deliveryId,
    scan: { kind: "head", target: { pull: PULL, headSha, baseSha: "base", headRepo: null } },
  };
}

function command(commentId: number): ScanJob {
  return {
    installationId: 7,
    deliveryId: `delivery-comment-${commentId}`,
    scan: { kind: "current-head", pull: PULL },
    commentIds: [commentId],
  };
}

const headOf = (job: ScanJob) => (job.scan.kind === "head" ? job.scan.target.headSha : "current");

/** A replica: its own queue (own Redis connections and worker) under the test's prefix. */
function replica(
  run: (job: ScanJob, context: JobContext) => Promise<void>,
  lockMs = 30_000,
): RedisJobQueue {
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

describe("the Redis job queue", () => {
  it("runs a request delivered to two replicas once", async () => {
    prefix = uniquePrefix();
    const runs: string[] = [];
    const record = (name: string) => async (job: ScanJob) =>
      void runs.push(`${name}:${headOf(job)}`);
    const first = replica(record("first"));
    const second = replica(record("second"));

    first.enqueue(headScan("aaa"));
    second.enqueue(headScan("aaa", "redelivery"));
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
    const run = async (job: ScanJob) => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      runs.push(headOf(job));
      if (headOf(job) === "aaa") await firstBlocked;
      active -= 1;
    };
    const first = replica(run);
    const second = replica(run);

    first.enqueue(headScan("aaa"));
    await waitFor(() => runs.length === 1, { what: "the first scan to start" });
    second.enqueue(headScan("bbb"));
    first.enqueue(headScan("ccc"));
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

  it("answers the commands of every replica with the scan that runs, on any replica", async () => {
    prefix = uniquePrefix();
    const answered: { replica: string; comments: number[] }[] = [];
    let releaseHead!: () => void;
    const headBlocked = new Promise<void>((r) => (releaseHead = r));
    const run = (name: string) => async (job: ScanJob, context: JobContext) => {
      if (job.scan.kind === "head") await headBlocked;
      answered.push({ replica: name, comments: (await context.takeComments()).sort() });
    };
    const first = replica(run("first"));
    const second = replica(run("second"));

    first.enqueue(headScan("aaa"));
    await new Promise((r) => setTimeout(r, 200));
    first.enqueue(command(11));
    second.enqueue(command(12));
    first.enqueue(command(13));
    await new Promise((r) => setTimeout(r, 200));
    releaseHead();
    await waitFor(() => answered.some((a) => a.comments.length > 0), {
      what: "the commands' scan",
    });
    await new Promise((r) => setTimeout(r, 300));

    // The comments queued on both replicas wait in one list: the first job to take them after
    // the head scan was released (the head scan itself) answers all three, and none twice.
    const taken = answered.flatMap((a) => a.comments).sort();
    expect(taken).toEqual([11, 12, 13]);
    expect(await second.depth()).toBe(0);
  });

  it("hands the job of a crashed replica to another one", async () => {
    prefix = uniquePrefix();
    const crashing = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `
          const { createRedisQueue } = await import(${JSON.stringify(resolve("dist/app/queue/queue-redis.js"))});
          const { pino } = await import("pino");
          const queue = createRedisQueue({
            redisUrl: ${JSON.stringify(REDIS_URL)}, concurrency: 1, log: pino({ level: "silent" }),
            prefix: ${JSON.stringify(prefix)}, lockMs: 1000,
            run: async (job, context) => {
              await context.takeComments();
              console.log("started");
              return new Promise(() => {});
            },
          });
          queue.enqueue(${JSON.stringify({ ...headScan("aaa"), commentIds: [21] })});
        `,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await once(crashing.stdout, "data");
    crashing.kill("SIGKILL");
    await once(crashing, "exit");
    const runs: string[] = [];

    replica(async (job, context) => {
      runs.push(`${headOf(job)} answering ${(await context.takeComments()).join()}`);
    }, 1000);
    await waitFor(() => runs.length === 1, { timeoutMs: 15_000, what: "the retried job" });

    // The dead worker had taken the comment from the shared list: the retry still answers it.
    expect(runs).toEqual(["aaa answering 21"]);
  });
});
