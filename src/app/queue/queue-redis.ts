// The job queue shared by replicas through Redis (BullMQ). A job is data (a ScanJob), so any
// replica can run it, and BullMQ hands a job whose worker died (its lock expired) to another one.
// Same guarantees as the in-process queue:
// - per PR key, the newest request wins: each enqueue records the key's latest job id, and an
//   older job is dropped when it comes up (a head scan's id is its key + head SHA, so a webhook
//   delivered to two replicas, or redelivered, queues one job);
// - one PR never runs two scans at once: a job takes a per-key Redis lock, and a job finding the
//   lock taken goes back to the delayed set for a moment;
// - command comments wait in a per-key Redis list, so the scan that runs (on any replica) answers
//   them all; the ones a job took are saved in its data, so its retry answers them too.
import { randomUUID } from "node:crypto";
import { DelayedError, Queue, Worker } from "bullmq";
import type { Job as BullJob } from "bullmq";
import { Redis } from "ioredis";
import type { Logger } from "probot";
import { createIdleWaiters, createInProcessScanQueue } from "./queue.js";
import { jobKey } from "./scan-queue.js";
import type { ScanJob, ScanQueue, ScanRunner } from "./scan-queue.js";

export interface RedisJobQueue extends ScanQueue {
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
  run: ScanRunner;
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
  job: ScanJob;
  /** Comments an earlier attempt took from the key's list: a retry answers them. */
  takenComments?: number[];
}

type QueuedJob = BullJob<JobData, void, "scan">;

const QUEUE_NAME = "scans";
const ATTEMPTS = 3;
const KEY_TTL_SECONDS = 24 * 3600;
const RELEASE_LOCK = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) end return 0`;

// BullMQ job ids may not contain ":" nor be integers. A head scan's id is stable (one job per
// head); a command's is unique (each one counts until a scan answers it).
function jobIdOf(key: string, job: ScanJob): string {
  const which = job.scan.kind === "head" ? job.scan.target.headSha : `current-${randomUUID()}`;
  return `scan@${key.replaceAll(":", "_")}@${which}`;
}

/** Counts this replica's running jobs, for `onIdle`. */
function createRunningCounter() {
  let running = 0;
  const idle = createIdleWaiters(() => running === 0);
  return {
    async track<T>(work: () => Promise<T>): Promise<T> {
      running += 1;
      try {
        return await work();
      } finally {
        running -= 1;
        idle.settle();
      }
    },
    onIdle: idle.wait,
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
  const commentsKey = (key: string) => `${prefix}:comments:${key}`;

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

  /** The key's waiting comments, plus those an earlier attempt of this job took. */
  async function takeComments(queued: QueuedJob): Promise<number[]> {
    const { key } = queued.data;
    const result = await connection
      .multi()
      .lrange(commentsKey(key), 0, -1)
      .del(commentsKey(key))
      .exec();
    const listed = (result?.[0]?.[1] as string[] | undefined)?.map(Number) ?? [];
    const taken = [...new Set([...(queued.data.takenComments ?? []), ...listed])];
    if (listed.length > 0) await queued.updateData({ ...queued.data, takenComments: taken });
    return taken;
  }

  async function processJob(queued: QueuedJob, token: string | undefined): Promise<void> {
    const { key, job } = queued.data;
    const latest = await connection.get(latestKey(key));
    if (latest !== null && latest !== queued.id) {
      options.log.info(
        { pull: key, job: queued.id, latest, delivery: job.deliveryId },
        "skipping a queued scan: a newer request for the pull request is queued",
      );
      return;
    }
    const owner = queued.id ?? randomUUID();
    if (!(await acquire(key, owner))) {
      await queued.moveToDelayed(Date.now() + busyRetryMs, token);
      throw new DelayedError();
    }
    await holdingLock(key, owner, () =>
      running.track(() => options.run(job, { takeComments: () => takeComments(queued) })),
    );
  }

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

  // When Redis refuses the job, this replica runs it rather than losing it.
  const fallback = createInProcessScanQueue({
    concurrency: options.concurrency,
    run: options.run,
    onError: (key, error) => options.log.error({ err: error, pull: key }, "scan failed"),
  });

  async function enqueueShared(key: string, job: ScanJob): Promise<void> {
    const jobId = jobIdOf(key, job);
    const comments = job.commentIds ?? [];
    const write = connection.multi().set(latestKey(key), jobId, "EX", KEY_TTL_SECONDS);
    if (comments.length > 0) {
      write
        .rpush(commentsKey(key), ...comments.map(String))
        .expire(commentsKey(key), KEY_TTL_SECONDS);
    }
    await write.exec();
    await queue.add(
      "scan",
      { key, job },
      {
        jobId,
        attempts: ATTEMPTS,
        backoff: { type: "exponential", delay: 2_000 },
        removeOnComplete: true,
        removeOnFail: true, // a failed head may be scanned again (a re-scan, a redelivery)
      },
    );
  }

  return {
    enqueue(job) {
      const key = jobKey(job);
      enqueueShared(key, job).catch((error: unknown) => {
        options.log.error(
          { err: error, pull: key },
          "could not queue the scan in Redis; running it here",
        );
        fallback.enqueue(job);
      });
    },
    onIdle: () => Promise.all([fallback.onIdle(), running.onIdle()]).then(() => undefined),
    async depth() {
      const counts = await queue.getJobCounts("waiting", "active", "delayed", "prioritized");
      return Object.values(counts).reduce((sum, count) => sum + count, 0);
    },
    async close() {
      await Promise.all([worker.close(), fallback.onIdle()]);
      await running.onIdle();
      await queue.close();
      await Promise.all([connection.quit(), workerConnection.quit()]);
    },
  };
}
