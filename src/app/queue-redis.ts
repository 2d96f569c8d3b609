// The job queue shared by replicas through Redis (BullMQ). A job is data, not a closure, so any
// replica can run it, and BullMQ hands a job whose worker died (its lock expired) to another one.
// Same guarantees as the in-process queue:
// - per PR key, the newest request wins: each enqueue records the key's latest head SHA, and a job
//   for an older head is dropped when it comes up (one job id per key + head, so a webhook
//   delivered to two replicas, or redelivered, queues one job);
// - one PR never runs two scans at once: a job takes a per-key Redis lock, and a job finding the
//   lock taken goes back to the delayed set for a moment.
// A job enqueued without a request (a closure only) cannot travel: it runs on the replica that
// received the webhook, in an in-process queue, still under the shared per-PR lock, so a PR
// delivered to two replicas is scanned by one, then the other (which finds nothing new to post).
import { randomUUID } from "node:crypto";
import { DelayedError, Queue, Worker } from "bullmq";
import type { Job as BullJob } from "bullmq";
import { Redis } from "ioredis";
import type { Logger } from "probot";
import { setTimeout as sleep } from "node:timers/promises";
import { createInProcessQueue } from "./queue.js";
import type { Job, JobQueue } from "./queue.js";
import type { ScanTarget } from "./scan.js";

/** What a replica needs to run a scan it did not receive the webhook for. JSON-serialisable. */
export interface ScanRequest {
  installationId: number;
  target: ScanTarget;
  /** The webhook delivery id, for the log line of the scan. */
  delivery: string;
}

export interface RedisJobQueue extends JobQueue {
  /** Queues a scan for any replica; a waiting job of the same key and older head is dropped. */
  enqueue(key: string, job: Job, request?: ScanRequest): void;
  /** Jobs waiting, delayed or running, across all replicas. */
  depth(): Promise<number>;
  /** Stops taking jobs; resolves when this replica's running jobs are done. */
  close(): Promise<void>;
}

export interface RedisQueueOptions {
  redisUrl: string;
  /** Jobs this replica runs at once. */
  concurrency: number;
  /** Runs one scan (on whichever replica took the job). */
  run: (request: ScanRequest) => Promise<void>;
  log: Logger;
  /** Isolates queues sharing one Redis (tests); "django-signals" by default. */
  prefix?: string;
  /** How long a silent worker keeps a job before another replica takes it over. */
  lockMs?: number;
  /** How long a job waits before trying again when its PR is being scanned elsewhere. */
  busyRetryMs?: number;
}

interface JobData {
  key: string;
  request: ScanRequest;
}

const QUEUE_NAME = "scans";
const ATTEMPTS = 3;
const LATEST_TTL_SECONDS = 24 * 3600;
const RELEASE_LOCK = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) end return 0`;

// BullMQ job ids may not contain ":" nor be integers.
function jobIdOf(key: string, headSha: string): string {
  return `scan@${key.replaceAll(":", "_")}@${headSha}`;
}

/** Counts this replica's running jobs, for `onIdle`. */
function createRunningCounter() {
  let running = 0;
  let idleWaiters: (() => void)[] = [];
  function settle(): void {
    if (running > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
  return {
    async track<T>(work: () => Promise<T>): Promise<T> {
      running += 1;
      try {
        return await work();
      } finally {
        running -= 1;
        settle();
      }
    },
    onIdle(): Promise<void> {
      return new Promise((resolve) => {
        idleWaiters.push(resolve);
        settle();
      });
    },
  };
}

export function createRedisQueue(options: RedisQueueOptions): RedisJobQueue {
  const prefix = options.prefix ?? "django-signals";
  const lockMs = options.lockMs ?? 30_000;
  const busyRetryMs = options.busyRetryMs ?? 1_000;
  // BullMQ workers block on Redis and need retries without a limit per request.
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const workerConnection = connection.duplicate();
  const queue = new Queue<JobData, void, "scan">(QUEUE_NAME, { connection, prefix });
  const running = createRunningCounter();
  const latestKey = (key: string) => `${prefix}:latest:${key}`;
  const lockKey = (key: string) => `${prefix}:running:${key}`;

  async function acquire(key: string, owner: string): Promise<boolean> {
    const taken = await connection.set(lockKey(key), owner, "PX", lockMs, "NX");
    if (taken === "OK") return true;
    // The same job retried after its worker died holds the lock already.
    return (await connection.get(lockKey(key))) === owner;
  }

  async function holdingLock(key: string, owner: string, work: () => Promise<void>): Promise<void> {
    const renew = setInterval(() => {
      void connection.pexpire(lockKey(key), lockMs).catch(() => undefined);
    }, lockMs / 3);
    try {
      await work();
    } finally {
      clearInterval(renew);
      await connection.eval(RELEASE_LOCK, 1, lockKey(key), owner);
    }
  }

  async function processJob(
    job: BullJob<JobData, void, "scan">,
    token: string | undefined,
  ): Promise<void> {
    const { key, request } = job.data;
    const latest = await connection.get(latestKey(key));
    if (latest !== null && latest !== request.target.headSha) {
      options.log.info(
        { pull: key, headSha: request.target.headSha, latest, delivery: request.delivery },
        "skipping a queued scan: a newer head of the pull request is queued",
      );
      return;
    }
    const owner = job.id ?? randomUUID();
    if (!(await acquire(key, owner))) {
      await job.moveToDelayed(Date.now() + busyRetryMs, token);
      throw new DelayedError();
    }
    await holdingLock(key, owner, () => running.track(() => options.run(request)));
  }

  // A job given as a closure only (no request) runs on this replica, in an in-process queue (the
  // newest job per key wins), and still under the per-PR lock shared with the other replicas.
  const waitingHere = new Set<string>();
  let runningHere = 0;
  async function lockedHere(key: string, job: Job): Promise<void> {
    waitingHere.delete(key);
    runningHere += 1;
    try {
      const owner = randomUUID();
      while (!(await acquire(key, owner))) await sleep(busyRetryMs);
      await holdingLock(key, owner, () => running.track(job));
    } finally {
      runningHere -= 1;
    }
  }
  const local = createInProcessQueue({
    concurrency: options.concurrency,
    onError: (key, error) => options.log.error({ err: error, pull: key }, "scan failed"),
  });
  const runHere = (key: string, job: Job) => {
    waitingHere.add(key);
    local.enqueue(key, () => lockedHere(key, job));
  };

  const worker = new Worker<JobData, void, "scan">(QUEUE_NAME, processJob, {
    connection: workerConnection,
    prefix,
    concurrency: options.concurrency,
    lockDuration: lockMs,
    stalledInterval: lockMs,
    maxStalledCount: 2,
  });
  worker.on("failed", (job, error) => {
    options.log.error(
      { err: error, pull: job?.data.key, attempts: job?.attemptsMade },
      "scan job failed",
    );
  });
  worker.on("error", (error) => options.log.error({ err: error }, "redis queue error"));

  async function enqueueShared(key: string, request: ScanRequest): Promise<void> {
    await connection.set(latestKey(key), request.target.headSha, "EX", LATEST_TTL_SECONDS);
    await queue.add(
      "scan",
      { key, request },
      {
        jobId: jobIdOf(key, request.target.headSha),
        attempts: ATTEMPTS,
        backoff: { type: "exponential", delay: 2_000 },
        removeOnComplete: true,
        removeOnFail: true, // a failed head may be scanned again (a re-scan, a redelivery)
      },
    );
  }

  return {
    enqueue(key, job, request) {
      if (request === undefined) {
        runHere(key, job);
        return;
      }
      enqueueShared(key, request).catch((error: unknown) => {
        options.log.error(
          { err: error, pull: key },
          "could not queue the scan in Redis; running it here",
        );
        runHere(key, job);
      });
    },
    onIdle: () => Promise.all([local.onIdle(), running.onIdle()]).then(() => undefined),
    async depth() {
      const counts = await queue.getJobCounts("waiting", "active", "delayed", "prioritized");
      const shared = Object.values(counts).reduce((sum, count) => sum + count, 0);
      return shared + waitingHere.size + runningHere;
    },
    async close() {
      await Promise.all([worker.close(), local.onIdle()]);
      await running.onIdle();
      await queue.close();
      await Promise.all([connection.quit(), workerConnection.quit()]);
    },
  };
}
