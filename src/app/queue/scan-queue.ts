// A queued scan is data, so whichever process runs it (the one that received the webhook, or in
// Redis mode any replica) rebuilds what it needs from it: the installation's client, the logger.
// Jobs are keyed per PR: a key never runs two scans at once, and a newer job replaces one of that
// key that has not started.
import type { PullRef } from "../../github/client.js";
import type { ScanTarget } from "../scan/scan.js";

export type QueuedScan =
  /** A head SHA a webhook named (a push, a re-run of its check run). */
  | { kind: "head"; target: ScanTarget }
  /** A command: whatever the PR's head is when the scan starts. */
  | { kind: "current-head"; pull: PullRef };

/** One scan to run. JSON-serialisable: it travels through Redis between replicas. */
export interface ScanJob {
  installationId: number;
  /** The webhook delivery that asked for the scan (Probot's `context.id`), for the logs. */
  deliveryId: string;
  scan: QueuedScan;
  /** Command comments (on the PR) waiting for this scan's reactions. */
  commentIds?: number[];
}

/** What the queue hands the runner besides the job. */
export interface JobContext {
  /**
   * Removes and returns the command comments waiting for the job's PR: its own and those of jobs
   * of the same key queued since, so a burst of commands is answered by one scan.
   */
  takeComments(): Promise<number[]>;
}

export type ScanRunner = (job: ScanJob, context: JobContext) => Promise<void>;

/** The job could not be queued (its store is unreachable): the delivery should fail, loudly. */
export class QueueUnavailable extends Error {}

export interface ScanQueue {
  /**
   * Queues `job` under its PR's key, replacing a job of that key that has not started. Rejects
   * with QueueUnavailable when the job could not be queued.
   */
  enqueue(job: ScanJob): Promise<void>;
  /** Resolves when this process runs no job and has none waiting. */
  onIdle(): Promise<void>;
}

export function scanKey(pull: PullRef): string {
  return `${pull.owner}/${pull.repo}#${pull.pullNumber}`;
}

export function pullOf(scan: QueuedScan): PullRef {
  return scan.kind === "head" ? scan.target.pull : scan.pull;
}

export function jobKey(job: ScanJob): string {
  return scanKey(pullOf(job.scan));
}

/** The installation a delivery came from (GitHub App deliveries always name it). */
export function installationIdOf(payload: object): number | undefined {
  if (!("installation" in payload)) return undefined;
  const installation = payload.installation as { id?: unknown } | null | undefined;
  return typeof installation?.id === "number" ? installation.id : undefined;
}
