// Every trigger of a scan (a PR event, a re-run of the check run, a command) queues a job: data
// naming the installation, the delivery and what to scan. The runner rebuilds the installation's
// client on whichever process takes the job, runs the scan, answers the command comments waiting
// for it, and logs one "scan finished" line.
import type { Logger } from "probot";
import type { Octokit, Sleep } from "../../github/client.js";
import { getPull } from "../../github/pulls.js";
import { retryOnSecondaryRateLimit } from "../../github/rate-limit.js";
import { acknowledge } from "../handlers/acknowledge.js";
import type { Reaction } from "../../github/reactions.js";
import { pullOf, scanKey } from "./scan-queue.js";
import type { JobContext, QueuedScan, ScanJob, ScanQueue, ScanRunner } from "./scan-queue.js";
import { runScanJob } from "../scan/scan-job.js";
import type { ScanJobResult } from "../scan/scan-job.js";
import type { ProjectSource } from "../scan/project-context.js";
import { emptyScanStats, targetOfPull } from "../scan/scan.js";
import type { InterruptibleRuns, ScanDeps, ScanStats } from "../scan/scan.js";

// A command scan waits this long before it starts, so the commands of a burst share it.
const COMMAND_SETTLE_MS = 2_000;

/** What the webhook handlers share. */
export interface QueueDeps {
  queue: ScanQueue;
  sleep: Sleep;
  /** This GitHub App's id: finds our check run among other apps' runs of the same name. */
  appId?: number;
  /** Where docs links point when the repository's config does not say. */
  docsBaseUrl?: string;
  /** The login this app comments as (`<slug>[bot]`). */
  botLogin: () => Promise<string>;
}

export interface RunnerDeps {
  /** The installation's client (Probot's `app.auth(installationId)`). */
  auth: (installationId: number) => Promise<Octokit>;
  log: Logger;
  sleep: Sleep;
  appId?: number;
  docsBaseUrl?: string;
  botLogin: () => Promise<string>;
  /** In-process mode: the check runs to complete as interrupted if the server must exit. */
  openRuns?: InterruptibleRuns;
  /** Queues a follow-up job (commands whose scan found the PR moved on). */
  enqueue: (job: ScanJob) => void;
  /** This replica's project archives and index cache; absent: changed files only. */
  projects?: ProjectSource;
}

/** How a scan ended, as its log line says it. */
type ScanEnd = "posted" | "nothing new" | "superseded" | "config error" | "failed";

function endOf(result: ScanJobResult, stats: ScanStats): ScanEnd {
  if (result === "config-error") return "config error";
  if (result === "scanned") return stats.findingsPosted > 0 ? "posted" : "nothing new";
  return "superseded";
}

/** Counts the requests of one client: a scan's client is its own, so its count is the scan's. */
function countRequests(octokit: Octokit): () => number {
  let calls = 0;
  octokit.hook.after("request", () => {
    calls += 1;
  });
  octokit.hook.error("request", (error) => {
    calls += 1;
    throw error;
  });
  return () => calls;
}

async function scanRequested(deps: ScanDeps, scan: QueuedScan): Promise<ScanJobResult> {
  if (scan.kind === "head") return runScanJob(deps, scan.target);
  const pull = await getPull(deps.octokit, scan.pull);
  if (pull.state !== "open") {
    deps.log.info({ state: pull.state }, "not re-scanning: the pull request is not open");
    return "closed";
  }
  return runScanJob(deps, targetOfPull(scan.pull, pull));
}

async function react(scanDeps: ScanDeps, job: ScanJob, ids: number[], reaction: Reaction) {
  const repo = pullOf(job.scan);
  const comments = ids.map((commentId) => ({ repo, commentId }));
  await acknowledge(scanDeps, comments, reaction);
}

/** Runs the scan and answers its comments; undefined when there was nothing left to scan. */
async function scanAndAnswer(
  deps: RunnerDeps,
  scanDeps: ScanDeps,
  job: ScanJob,
  context: JobContext,
): Promise<ScanJobResult | undefined> {
  if (job.scan.kind === "current-head") await deps.sleep(COMMAND_SETTLE_MS);
  const comments = await context.takeComments();
  if (job.scan.kind === "current-head" && comments.length === 0) {
    scanDeps.log.info("skipping the re-scan: a scan that started after the command answered it");
    return undefined;
  }
  let result: ScanJobResult;
  try {
    result = await scanRequested(scanDeps, job.scan);
  } catch (error) {
    await react(scanDeps, job, comments, "confused");
    throw error;
  }
  if (result === "moved-on" && comments.length > 0) {
    // The scan of the newer head answers them; queue one in case its webhook is late or lost.
    deps.enqueue({
      ...job,
      scan: { kind: "current-head", pull: pullOf(job.scan) },
      commentIds: comments,
    });
    return result;
  }
  await react(scanDeps, job, comments, result === "scanned" ? "rocket" : "confused");
  return result;
}

function logFinished(
  log: Logger,
  stats: ScanStats,
  end: ScanEnd,
  startedAt: number,
  calls: number,
) {
  log.info(
    {
      ...(stats.headSha === undefined ? {} : { headSha: stats.headSha }),
      filesListed: stats.filesListed,
      filesFetched: stats.filesFetched,
      findingsIntroduced: stats.findingsIntroduced,
      findingsPosted: stats.findingsPosted,
      apiCalls: calls,
      durationMs: Date.now() - startedAt,
      outcome: end,
    },
    "scan finished",
  );
}

export function createScanRunner(deps: RunnerDeps): ScanRunner {
  return async (job, context) => {
    const startedAt = Date.now();
    const pull = pullOf(job.scan);
    const log = deps.log.child({
      pull: scanKey(pull),
      repo: `${pull.owner}/${pull.repo}`,
      pullNumber: pull.pullNumber,
      delivery: job.deliveryId,
    });
    const stats = emptyScanStats();
    let calls = () => 0;
    let end: ScanEnd = "failed";
    try {
      const octokit = await deps.auth(job.installationId);
      calls = countRequests(octokit);
      retryOnSecondaryRateLimit(octokit, log, deps.sleep);
      const scanDeps: ScanDeps = {
        octokit,
        log,
        sleep: deps.sleep,
        botLogin: deps.botLogin,
        ...(deps.openRuns === undefined ? {} : { openRuns: deps.openRuns }),
        stats,
        ...(deps.appId === undefined ? {} : { appId: deps.appId }),
        ...(deps.docsBaseUrl === undefined ? {} : { docsBaseUrl: deps.docsBaseUrl }),
        ...(deps.projects === undefined ? {} : { projects: deps.projects }),
      };
      const result = await scanAndAnswer(deps, scanDeps, job, context);
      if (result === undefined) return;
      end = endOf(result, stats);
    } catch (error) {
      log.error({ err: error, headSha: stats.headSha }, "scan failed");
    }
    logFinished(log, stats, end, startedAt, calls());
  };
}

/** Queues a scan of the PR the webhook named; rejects when it could not be queued. */
export function enqueueScan(
  deps: QueueDeps,
  request: { installationId: number; deliveryId: string },
  scan: QueuedScan,
  commentIds?: number[],
): Promise<void> {
  return deps.queue.enqueue({
    ...request,
    scan,
    ...(commentIds === undefined ? {} : { commentIds }),
  });
}
