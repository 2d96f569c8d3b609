// What the server needs from a job queue beyond the app's interface: how much work is
// outstanding (for /ready) and a way to let go of it at shutdown.
import type { ScanQueue } from "../app/queue/scan-queue.js";

export interface ServedQueue {
  queue: ScanQueue;
  /** Jobs waiting or running (in Redis mode: across all replicas). */
  depth(): Promise<number>;
  /** Stops taking new jobs; resolves once this process's running jobs are done. */
  close(): Promise<void>;
}
