// `pull_request` opened / reopened / synchronize / ready_for_review: queue a scan of the head and
// return at once (GitHub waits only 10 seconds for the answer).
import type { Context } from "probot";
import type { Sleep } from "../github/client.js";
import { retryOnSecondaryRateLimit } from "../github/rate-limit.js";
import type { JobQueue } from "./queue.js";
import { runScanJob } from "./scan-job.js";
import type { ScanTarget } from "./scan.js";

export const PULL_REQUEST_ACTIONS = [
  "pull_request.opened",
  "pull_request.reopened",
  "pull_request.synchronize",
  "pull_request.ready_for_review",
] as const;

export interface HandlerDeps {
  queue: JobQueue;
  sleep: Sleep;
}

export function scanKey(target: ScanTarget): string {
  return `${target.pull.owner}/${target.pull.repo}#${target.pull.pullNumber}`;
}

function targetOf(context: Context<"pull_request">): ScanTarget {
  const { pull_request: pr, repository } = context.payload;
  const headRepo = pr.head.repo;
  return {
    pull: { owner: repository.owner.login, repo: repository.name, pullNumber: pr.number },
    headSha: pr.head.sha,
    baseSha: pr.base.sha,
    // A deleted fork leaves `head.repo` empty.
    headRepo: headRepo?.owner ? { owner: headRepo.owner.login, repo: headRepo.name } : null,
  };
}

export function onPullRequest(deps: HandlerDeps) {
  return async (context: Context<"pull_request">): Promise<void> => {
    if (context.payload.pull_request.state !== "open") {
      context.log.info(
        { action: context.payload.action },
        "skipping: the pull request is not open",
      );
      return;
    }
    const target = targetOf(context);
    const log = context.log.child({
      pull: scanKey(target),
      headSha: target.headSha,
      delivery: context.id,
    });
    retryOnSecondaryRateLimit(context.octokit, log, deps.sleep);
    const scan = () =>
      runScanJob({ octokit: context.octokit, log, sleep: deps.sleep }, target).catch(
        (error: unknown) => {
          log.error({ err: error }, "scan failed");
        },
      );
    deps.queue.enqueue(scanKey(target), scan);
    log.info({ action: context.payload.action }, "scan queued");
  };
}
