// `pull_request` opened / reopened / synchronize / ready_for_review: queue a scan of the head and
// return at once (GitHub waits only 10 seconds for the answer).
import type { Context } from "probot";
import { enqueueScan } from "../queue/queued-scan.js";
import type { QueueDeps } from "../queue/queued-scan.js";
import { installationIdOf, scanKey } from "../queue/scan-queue.js";
import type { ScanTarget } from "../scan/scan.js";

export const PULL_REQUEST_ACTIONS = [
  "pull_request.opened",
  "pull_request.reopened",
  "pull_request.synchronize",
  "pull_request.ready_for_review",
] as const;

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

export function onPullRequest(deps: QueueDeps) {
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
      pull: scanKey(target.pull),
      headSha: target.headSha,
      delivery: context.id,
    });
    const installationId = installationIdOf(context.payload);
    if (installationId === undefined) {
      log.warn("skipping: the delivery names no installation of the app");
      return;
    }
    await enqueueScan(deps, { installationId, deliveryId: context.id }, { kind: "head", target });
    log.info({ action: context.payload.action }, "scan queued");
  };
}
