// The `Django signals` check run of a scanned commit: opened `in_progress` when the scan starts,
// completed with the report. A completed run cannot be reopened (GitHub keeps its conclusion)
// and the annotations of every update are appended to it, so a re-scan reuses only a run of ours
// still open on the commit (a scan that died) and otherwise creates a new one: GitHub shows the
// newest run of a name.
import { DEFAULT_DOCS_BASE_URL } from "../analysis/index.js";
import type { RepoConfig } from "../config.js";
import type { RepoRef } from "../github/client.js";
import { createCheckRun, findLatestCheckRun, updateCheckRun } from "../github/checks.js";
import type { CheckRunFields } from "../github/checks.js";
import { annotationBatches } from "../report/check-run-annotations.js";
import type { CheckRunAnnotation } from "../report/check-run-annotations.js";
import {
  CHECK_RUN_NAME,
  failedReport,
  IN_PROGRESS_OUTPUT,
  interruptedReport,
  RESCAN_ACTION,
} from "../report/check-run.js";
import type { CheckRunReport } from "../report/check-run.js";
import { publicReason } from "./public-error.js";
import type { PublishDeps } from "./deps.js";

export interface CheckRunCommit {
  repo: RepoRef;
  headSha: string;
  /** Where "Details" leads: our docs. */
  detailsUrl: string;
}

export interface OpenCheckRun extends CheckRunCommit {
  id: number;
}

/** The repository's `docs_base_url`, else the app's (`DOCS_BASE_URL`), else our docs site. */
export function detailsUrlOf(deps: { docsBaseUrl?: string }, config?: RepoConfig): string {
  return config?.docsBaseUrl ?? deps.docsBaseUrl ?? DEFAULT_DOCS_BASE_URL;
}

async function findOpenRun(deps: PublishDeps, commit: CheckRunCommit): Promise<number | undefined> {
  const latest = await findLatestCheckRun(
    deps.octokit,
    commit.repo,
    commit.headSha,
    CHECK_RUN_NAME,
    deps.appId,
  );
  return latest && latest.status !== "completed" ? latest.id : undefined;
}

export async function openCheckRun(
  deps: PublishDeps,
  commit: CheckRunCommit,
): Promise<OpenCheckRun> {
  const fields: CheckRunFields = {
    status: "in_progress",
    details_url: commit.detailsUrl,
    output: IN_PROGRESS_OUTPUT,
  };
  const reusable = await findOpenRun(deps, commit);
  if (reusable !== undefined) {
    deps.log.info({ checkRun: reusable }, "reusing our unfinished check run on this commit");
    await updateCheckRun(deps.octokit, commit.repo, reusable, fields);
    return { ...commit, id: reusable };
  }
  const id = await createCheckRun(deps.octokit, commit.repo, {
    name: CHECK_RUN_NAME,
    head_sha: commit.headSha,
    ...fields,
  });
  return { ...commit, id };
}

function completion(
  commit: CheckRunCommit,
  report: CheckRunReport,
  annotations: CheckRunAnnotation[],
): CheckRunFields {
  return {
    status: "completed",
    conclusion: report.conclusion,
    details_url: commit.detailsUrl,
    output: { ...report.output, annotations },
    actions: [{ ...RESCAN_ACTION }],
  };
}

/**
 * Sends the annotations the completed run did not carry (GitHub appends those of each update, and
 * the output must be given again with them), then logs the run as completed.
 */
async function finishAnnotations(
  deps: PublishDeps,
  run: OpenCheckRun,
  report: CheckRunReport,
  batches: readonly CheckRunAnnotation[][],
): Promise<void> {
  for (const annotations of batches) {
    await updateCheckRun(deps.octokit, run.repo, run.id, {
      output: { ...report.output, annotations },
    });
  }
  deps.log.info(
    { checkRun: run.id, conclusion: report.conclusion, annotations: report.annotations.length },
    "check run completed",
  );
}

/** The completing update carries the first 50 annotations, so the conclusion shows at once. */
export async function completeCheckRun(
  deps: PublishDeps,
  run: OpenCheckRun,
  report: CheckRunReport,
): Promise<void> {
  const [first = [], ...rest] = annotationBatches(report.annotations);
  await updateCheckRun(deps.octokit, run.repo, run.id, completion(run, report, first));
  await finishAnnotations(deps, run, report, rest);
}

/**
 * A report without a scan (an invalid config, no open PR): completes a run of ours left open,
 * or creates a completed one.
 */
export async function reportOnCheckRun(
  deps: PublishDeps,
  commit: CheckRunCommit,
  report: CheckRunReport,
): Promise<void> {
  const reusable = await findOpenRun(deps, commit);
  if (reusable !== undefined) {
    await completeCheckRun(deps, { ...commit, id: reusable }, report);
    return;
  }
  const [first = [], ...rest] = annotationBatches(report.annotations);
  const id = await createCheckRun(deps.octokit, commit.repo, {
    name: CHECK_RUN_NAME,
    head_sha: commit.headSha,
    ...completion(commit, report, first),
  });
  await finishAnnotations(deps, { ...commit, id }, report, rest);
}

/**
 * The scan failed: the run completes `neutral` so it never blocks merging nor stays in progress.
 * Best effort: the caller reports the scan's own error, this one is only a warning.
 */
export async function failCheckRun(
  deps: PublishDeps,
  run: OpenCheckRun,
  error: unknown,
): Promise<void> {
  const reason = publicReason(error);
  try {
    await updateCheckRun(deps.octokit, run.repo, run.id, completion(run, failedReport(reason), []));
  } catch (updateError) {
    deps.log.warn(
      { err: updateError, checkRun: run.id },
      "could not mark the check run of the failed scan",
    );
  }
}

/** The server is going away mid-scan: the run completes `neutral`, never left in progress. */
export async function interruptCheckRun(deps: PublishDeps, run: OpenCheckRun): Promise<void> {
  try {
    await updateCheckRun(deps.octokit, run.repo, run.id, completion(run, interruptedReport(), []));
    deps.log.warn({ checkRun: run.id }, "scan interrupted by shutdown: its check run says so");
  } catch (error) {
    deps.log.warn({ err: error, checkRun: run.id }, "could not mark the interrupted check run");
  }
}
