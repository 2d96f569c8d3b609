// Runs a scan from its serialised request (Redis mode: the replica that takes a job may not be
// the one that received the webhook), with the same Octokit set-up the webhook handler gives it.
import type { Probot } from "probot";
import type { Sleep } from "../github/client.js";
import { retryOnSecondaryRateLimit } from "../github/rate-limit.js";
import type { ScanRequest } from "../app/queue-redis.js";
import { runScanJob } from "../app/scan-job.js";

export function scanRunner(app: Probot, sleep: Sleep) {
  return async (request: ScanRequest): Promise<void> => {
    const { pull } = request.target;
    const log = app.log.child({
      pull: `${pull.owner}/${pull.repo}#${pull.pullNumber}`,
      headSha: request.target.headSha,
      delivery: request.delivery,
    });
    const octokit = await app.auth(request.installationId);
    retryOnSecondaryRateLimit(octokit, log, sleep);
    await runScanJob({ octokit, log, sleep }, request.target);
  };
}
