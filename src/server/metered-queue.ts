// The app's in-process queue, counted: /ready needs how much work is waiting, and shutdown needs
// to wait for the running scans. The queue keeps at most one waiting job per key, so the waiting
// keys plus the running jobs are the work outstanding.
import { createInProcessQueue } from "../app/queue.js";
import type { JobQueue } from "../app/queue.js";
import type { ServedQueue } from "./served-queue.js";

export interface MeteredQueueOptions {
  concurrency: number;
  onError: (key: string, error: unknown) => void;
}

export function createMeteredQueue(options: MeteredQueueOptions): ServedQueue {
  const inner = createInProcessQueue(options);
  const waitingKeys = new Set<string>();
  let running = 0;
  const queue: JobQueue = {
    enqueue(key, job) {
      waitingKeys.add(key);
      inner.enqueue(key, async () => {
        waitingKeys.delete(key);
        running += 1;
        try {
          await job();
        } finally {
          running -= 1;
        }
      });
    },
    onIdle: () => inner.onIdle(),
  };
  return {
    queue,
    depth: () => Promise.resolve(waitingKeys.size + running),
    close: () => inner.onIdle(),
  };
}
