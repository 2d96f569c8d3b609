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
// Redis lost is loud: queueing fails within seconds (no endless offline queue), so the delivery is
// answered with an error status and GitHub can redeliver it; depth fails the same way (/ready 503);
// closing does not wait on a Redis that is gone.
import { randomUUID } from "node:crypto";
import { DelayedError, Queue, Worker } from "bullmq";
import type { Job as BullJob } from "bullmq";
import { Redis } from "ioredis";
import type { Logger } from "probot";
import { createIdleWaiters } from "./queue.js";
import { jobKey, QueueUnavailable } from "./scan-queue.js";
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
// How long queueing a job or counting jobs may wait for Redis before the answer is an error.
const REDIS_ANSWER_MS = 2_000;
const RELEASE_LOCK = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) end return 0`;

// BullMQ job ids may not contain ":" nor be integers. A head scan's id is stable (one job per
// head); a command's is unique (each one counts until a scan answers it).
function jobIdOf(key: string, job: ScanJob): string {
  const which = job.scan.kind === "head" ? job.scan.target.headSha : `current-${randomUUID()}`;
  return `scan@${key.replaceAll(":", "_")}@${which}`;
}

/** `work`'s result, or a rejection once `ms` pass without one. */
function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves when the connection is up (at once when it is), rejects after `ms` otherwise. */
function whenReady(connection: Redis, ms: number): Promise<void> {
  if (connection.status === "ready") return Promise.resolve();
  return within(
    new Promise<void>((resolve) => connection.once("ready", () => resolve())),
    ms,
    "a connection",
  );
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
  // Webhooks queue through a connection that fails at once while Redis is away, instead of
  // holding each command in memory until it comes back.
  const queueConnection = new Redis(options.redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
  });
  queueConnection.on("error", () => undefined); // each failure is reported by the call it fails
  const queue = new Queue<JobData, void, "scan">(QUEUE_NAME, {
    connection: queueConnection,
    prefix,
  });
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

  async function enqueueShared(key: string, job: ScanJob): Promise<void> {
    await whenReady(queueConnection, REDIS_ANSWER_MS);
    const jobId = jobIdOf(key, job);
    const comments = job.commentIds ?? [];
    const write = queueConnection.multi().set(latestKey(key), jobId, "EX", KEY_TTL_SECONDS);
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

  /** Stops taking jobs and lets this replica's running ones finish; never waits on a lost Redis. */
  async function close(): Promise<void> {
    const reachable = connection.status === "ready" && queueConnection.status === "ready";
    if (reachable) {
      await worker.close();
      await queue.close();
      await Promise.all([connection.quit(), workerConnection.quit(), queueConnection.quit()]);
      return;
    }
    options.log.warn("Redis is unreachable: closing without it once this replica's scans end");
    void worker.close(true).catch(() => undefined);
    await running.onIdle();
    for (const client of [connection, workerConnection, queueConnection]) client.disconnect();
  }

  return {
    async enqueue(job) {
      const key = jobKey(job);
      try {
        await within(enqueueShared(key, job), REDIS_ANSWER_MS, "the new job");
      } catch (error) {
        options.log.error(
          { err: error, pull: key },
          "could not queue the scan: Redis is unreachable",
        );
        throw new QueueUnavailable("Redis is unreachable: the scan was not queued", {
          cause: error,
        });
      }
    },
    onIdle: () => running.onIdle(),
    async depth() {
      const counts = await within(
        queue.getJobCounts("waiting", "active", "delayed", "prioritized"),
        REDIS_ANSWER_MS,
        "the job counts",
      );
      return Object.values(counts).reduce((sum, count) => sum + count, 0);
    },
    close,
  };
}
