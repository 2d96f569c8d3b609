// Webhook handlers must answer within GitHub's 10 seconds, so a scan runs as a job after the
// handler returns. Jobs are keyed (repository + PR): a key never runs twice at once, and a newer
// job replaces an older one still waiting, so a burst of pushes or commands gives one scan.
// `createInProcessScanQueue` runs scan jobs (data) with it; src/app/queue/queue-redis.ts shares them
// between replicas.
import { jobKey } from "./scan-queue.js";
import type { ScanJob, ScanQueue, ScanRunner } from "./scan-queue.js";

export type Job = () => Promise<void>;

export interface JobQueue {
  /** Queues `job` under `key`, replacing a job of that key that has not started. Never throws. */
  enqueue(key: string, job: Job): void;
  /** Resolves when no job is running or waiting. */
  onIdle(): Promise<void>;
  /** Starts no more jobs (shutdown): drops the waiting ones and returns their keys. */
  stop(): string[];
}

export interface InProcessQueueOptions {
  /** Jobs of different keys that may run at once. */
  concurrency: number;
  /** Called with every job's failure; the queue keeps running. */
  onError: (key: string, error: unknown) => void;
}

/** Promises that resolve once `isIdle()` holds, checked at each `settle()` (and when made). */
export function createIdleWaiters(isIdle: () => boolean) {
  let waiters: (() => void)[] = [];
  const settle = (): void => {
    if (!isIdle()) return;
    const resolved = waiters;
    waiters = [];
    for (const resolve of resolved) resolve();
  };
  const wait = () =>
    new Promise<void>((resolve) => {
      waiters.push(resolve);
      settle();
    });
  return { settle, wait };
}

export function createInProcessQueue(options: InProcessQueueOptions): JobQueue {
  const waiting = new Map<string, Job>(); // insertion order = arrival order of each key's first wait
  const running = new Set<string>();
  const idle = createIdleWaiters(() => running.size === 0 && waiting.size === 0);
  let stopped = false;

  function nextRunnableKey(): string | undefined {
    for (const key of waiting.keys()) if (!running.has(key)) return key;
    return undefined;
  }

  function start(key: string, job: Job): void {
    waiting.delete(key);
    running.add(key);
    // Through a promise, so a job that throws synchronously is reported like any other failure.
    void Promise.resolve()
      .then(job)
      .catch((error: unknown) => options.onError(key, error))
      .finally(() => {
        running.delete(key);
        pump();
        idle.settle();
      });
  }

  function pump(): void {
    while (!stopped && running.size < options.concurrency) {
      const key = nextRunnableKey();
      if (key === undefined) return;
      const job = waiting.get(key);
      if (job) start(key, job);
    }
  }

  return {
    enqueue(key, job) {
      waiting.set(key, job);
      pump();
    },
    onIdle: idle.wait,
    stop() {
      stopped = true;
      const dropped = [...waiting.keys()];
      waiting.clear();
      idle.settle();
      return dropped;
    },
  };
}

export interface InProcessScanQueueOptions {
  concurrency: number;
  run: ScanRunner;
  onError: (key: string, error: unknown) => void;
}

export interface InProcessScanQueue extends ScanQueue {
  /** Starts no more scans (shutdown) and returns those that were waiting. */
  stop(): ScanJob[];
}

/** Scan jobs in this process; the comments of a replaced job wait for the job that runs. */
export function createInProcessScanQueue(options: InProcessScanQueueOptions): InProcessScanQueue {
  const queue = createInProcessQueue(options);
  const waitingComments = new Map<string, number[]>();
  const waitingJobs = new Map<string, ScanJob>();
  return {
    enqueue(job) {
      const key = jobKey(job);
      waitingJobs.set(key, job);
      const comments = job.commentIds ?? [];
      if (comments.length > 0) {
        waitingComments.set(key, [...(waitingComments.get(key) ?? []), ...comments]);
      }
      const takeComments = () => {
        const taken = waitingComments.get(key) ?? [];
        waitingComments.delete(key);
        return Promise.resolve(taken);
      };
      queue.enqueue(key, () => {
        waitingJobs.delete(key);
        return options.run(job, { takeComments });
      });
      return Promise.resolve();
    },
    onIdle: () => queue.onIdle(),
    stop: () => queue.stop().flatMap((key) => waitingJobs.get(key) ?? []),
  };
}
