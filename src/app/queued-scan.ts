// Every trigger of a scan (a PR event, a re-run of the check run, a command) queues it here, under
// one key per PR: the queue runs one scan of a PR at a time and a newer request replaces a waiting
// one. Each scan answers the command comments waiting for its PR when it starts.
import type { Logger } from "probot";
import type { Octokit, PullRef, Sleep } from "../github/client.js";
import { getPullHead } from "../github/pulls.js";
import { acknowledge } from "./acknowledge.js";
import type { CommandWaitlist } from "./command-waitlist.js";
import type { JobQueue } from "./queue.js";
import { runScanJob } from "./scan-job.js";
import type { ScanJobResult } from "./scan-job.js";
import type { ScanDeps, ScanTarget } from "./scan.js";

// A command scan waits this long before it starts, so the commands of a burst share it.
const COMMAND_SETTLE_MS = 2_000;

export interface QueueDeps {
  queue: JobQueue;
  sleep: Sleep;
  waitlist: CommandWaitlist;
  appId?: number;
}

/** The installation's client and the log of the delivery that asked for the scan. */
export interface Requester {
  octokit: Octokit;
  log: Logger;
}

export type QueuedScan =
  /** A head SHA a webhook named (a push, a re-run of its check run). */
  | { kind: "head"; target: ScanTarget }
  /** A command: whatever the PR's head is when the scan starts. */
  | { kind: "current-head"; pull: PullRef };

export function scanKey(pull: PullRef): string {
  return `${pull.owner}/${pull.repo}#${pull.pullNumber}`;
}

function pullOf(request: QueuedScan): PullRef {
  return request.kind === "head" ? request.target.pull : request.pull;
}

async function scanRequested(deps: ScanDeps, request: QueuedScan): Promise<ScanJobResult> {
  if (request.kind === "head") return runScanJob(deps, request.target);
  const pull = await getPullHead(deps.octokit, request.pull);
  if (pull.state !== "open") {
    deps.log.info({ state: pull.state }, "not re-scanning: the pull request is not open");
    return "closed";
  }
  return runScanJob(deps, {
    pull: request.pull,
    headSha: pull.headSha,
    baseSha: pull.baseSha,
    headRepo: pull.headRepo,
  });
}

async function runQueuedScan(
  deps: QueueDeps,
  requester: Requester,
  request: QueuedScan,
): Promise<void> {
  const key = scanKey(pullOf(request));
  if (request.kind === "current-head") await deps.sleep(COMMAND_SETTLE_MS);
  const comments = deps.waitlist.take(key);
  if (request.kind === "current-head" && comments.length === 0) {
    requester.log.info("skipping the re-scan: a scan that started after the command answered it");
    return;
  }
  const scanDeps: ScanDeps = {
    ...requester,
    sleep: deps.sleep,
    ...(deps.appId === undefined ? {} : { appId: deps.appId }),
  };
  let result: ScanJobResult;
  try {
    result = await scanRequested(scanDeps, request);
  } catch (error) {
    await acknowledge(scanDeps, comments, "confused");
    throw error;
  }
  if (result === "moved-on" && comments.length > 0) {
    // The scan of the newer head answers them; queue one in case its webhook is late or lost.
    for (const comment of comments) deps.waitlist.add(key, comment);
    enqueueScan(deps, requester, { kind: "current-head", pull: pullOf(request) });
    return;
  }
  await acknowledge(scanDeps, comments, result === "scanned" ? "rocket" : "confused");
}

export function enqueueScan(deps: QueueDeps, requester: Requester, request: QueuedScan): void {
  deps.queue.enqueue(scanKey(pullOf(request)), () =>
    runQueuedScan(deps, requester, request).catch((error: unknown) => {
      requester.log.error({ err: error }, "scan failed");
    }),
  );
}
