// The job the queue runs for one PR head: scan, then hand the outcome to the reporters.
// (Check runs, the next reporter, take the same outcome.)
import { reportConfigError } from "./config-error.js";
import { reviewFindings } from "./review-findings.js";
import { scanPullRequest } from "./scan.js";
import type { ScanDeps, ScanTarget } from "./scan.js";

export async function runScanJob(deps: ScanDeps, target: ScanTarget): Promise<void> {
  const outcome = await scanPullRequest(deps, target);
  switch (outcome.kind) {
    case "config-error":
      return reportConfigError(deps, target, outcome.source, outcome.issues);
    case "superseded":
      deps.log.info(
        { reason: outcome.reason },
        "dropping the scan result: the pull request moved on",
      );
      return;
    case "scanned":
      return reviewFindings(deps, target, outcome);
  }
}
