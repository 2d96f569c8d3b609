// The job the queue runs for one PR head: config, check run opened, scan, then the outcome goes
// to the reporters (the check run, then the review). The result tells the command comments
// waiting for this scan how it went.
import type { RepoConfig } from "../../config.js";
import { findingsReport, supersededReport } from "../../report/check-run.js";
import type { CheckRunReport } from "../../report/check-run.js";
import {
  completeCheckRun,
  detailsUrlOf,
  failCheckRun,
  interruptCheckRun,
  openCheckRun,
} from "../../publish/check-run.js";
import { reportConfigError } from "../../publish/config-error.js";
import { reviewFindings } from "../../publish/review-findings.js";
import { loadRepoConfig, recordStats, scanPullRequest } from "./scan.js";
import type { ScanDeps, ScanOutcome, ScanTarget } from "./scan.js";

/** `moved-on`: a newer head of the PR gets its own scan; `closed`: nothing will. */
export type ScanJobResult = "scanned" | "config-error" | "moved-on" | "closed";

function checkRunReport(outcome: ScanOutcome, config: RepoConfig): CheckRunReport {
  if (outcome.kind === "scanned") {
    return findingsReport(outcome.findings, config.conclusionOnFindings, {
      ...(outcome.context === undefined ? {} : { context: outcome.context }),
      ...(outcome.links === undefined ? {} : { links: outcome.links }),
      notScanned: outcome.notScanned,
    });
  }
  return supersededReport(
    outcome.newerHeadSha === undefined
      ? { reason: outcome.reason }
      : { newerHeadSha: outcome.newerHeadSha },
  );
}

/** Whatever happens, the run is completed: an error gives `neutral` "scan failed". */
async function scanWithCheckRun(
  deps: ScanDeps,
  target: ScanTarget,
  config: RepoConfig,
): Promise<ScanOutcome> {
  const run = await openCheckRun(deps, {
    repo: target.pull,
    headSha: target.headSha,
    detailsUrl: detailsUrlOf(deps, config),
  });
  const interrupt = () => interruptCheckRun(deps, run);
  deps.openRuns?.add(interrupt);
  try {
    const outcome = await scanPullRequest(deps, target, config);
    await completeCheckRun(deps, run, checkRunReport(outcome, config));
    return outcome;
  } catch (error) {
    await failCheckRun(deps, run, error);
    throw error;
  } finally {
    deps.openRuns?.delete(interrupt);
  }
}

export async function runScanJob(deps: ScanDeps, target: ScanTarget): Promise<ScanJobResult> {
  recordStats(deps, { headSha: target.headSha });
  const loaded = await loadRepoConfig(deps, target.pull);
  if (!loaded.ok) {
    await reportConfigError(deps, target, loaded);
    return "config-error";
  }
  const { config } = loaded;
  const outcome = config.checkRun
    ? await scanWithCheckRun(deps, target, config)
    : await scanPullRequest(deps, target, config);
  if (outcome.kind === "superseded") {
    deps.log.info(
      { reason: outcome.reason },
      "dropping the scan result: the pull request moved on",
    );
    return outcome.newerHeadSha === undefined ? "closed" : "moved-on";
  }
  recordStats(deps, { findingsPosted: await reviewFindings(deps, target, outcome) });
  return "scanned";
}
