// The app's in-process queue, counted: /ready needs how much work is waiting, and shutdown needs
// to wait for the running scans. The queue keeps at most one waiting job per key, so the waiting
// keys plus the running jobs are the work outstanding.
import { createInProcessScanQueue } from "../app/queue/queue.js";
import { jobKey } from "../app/queue/scan-queue.js";
import type { ScanJob, ScanQueue, ScanRunner } from "../app/queue/scan-queue.js";
import type { ServedQueue } from "./served-queue.js";

export interface MeteredQueueOptions {
  concurrency: number;
  run: ScanRunner;
  onError: (key: string, error: unknown) => void;
  /** Told of each scan still waiting at shutdown: it will not run. */
  onNotStarted: (job: ScanJob) => void;
}

export function createMeteredQueue(options: MeteredQueueOptions): ServedQueue {
  const waitingKeys = new Set<string>();
  let running = 0;
  const inner = createInProcessScanQueue({
    ...options,
    run: async (job, context) => {
      waitingKeys.delete(jobKey(job));
      running += 1;
      try {
        await options.run(job, context);
      } finally {
        running -= 1;
      }
    },
  });
  const queue: ScanQueue = {
    enqueue(job) {
      waitingKeys.add(jobKey(job));
      return inner.enqueue(job);
    },
    onIdle: () => inner.onIdle(),
  };
  return {
    queue,
    depth: () => Promise.resolve(waitingKeys.size + running),
    close: () => {
      for (const job of inner.stop()) options.onNotStarted(job);
      waitingKeys.clear();
      return inner.onIdle();
    },
  };
}
