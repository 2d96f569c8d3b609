// "Re-run" on our check run or check suite, and the run's "Re-scan" button: scan again the open
// PR(s) whose head is that commit. Only runs and suites of this app count. GitHub names the PRs
// in the payload except for fork PRs; those are found among the open PRs by head SHA.
import type { Context, Logger } from "probot";
import type { Octokit, RepoRef } from "../../github/client.js";
import { listOpenPullsWithHead } from "../../github/pulls.js";
import { RESCAN_ACTION, supersededReport } from "../../report/check-run.js";
import { detailsUrlOf, reportOnCheckRun } from "../../publish/check-run.js";
import { enqueueScan } from "../queue/queued-scan.js";
import type { QueueDeps } from "../queue/queued-scan.js";
import { installationIdOf, scanKey } from "../queue/scan-queue.js";
import { targetOfPull, type ScanTarget } from "../scan/scan.js";

export const CHECK_RUN_RERUN_ACTIONS = [
  "check_run.rerequested",
  "check_run.requested_action",
] as const;

type CheckRunContext = Context<(typeof CHECK_RUN_RERUN_ACTIONS)[number]>;
type CheckSuiteContext = Context<"check_suite.rerequested">;

/** A PR as check events list it. */
interface ListedPull {
  number: number;
  head: { sha: string; repo: { id: number } };
  base: { sha: string; repo: { id: number } };
}

interface Commit {
  repo: RepoRef;
  repoId: number;
  headSha: string;
}

function isOurApp(deps: QueueDeps, appId: number | null | undefined, log: Logger): boolean {
  if (deps.appId === undefined) {
    log.warn("ignoring the re-run: this app's id is unknown (set APP_ID)");
    return false;
  }
  if (appId !== deps.appId) {
    log.info({ app: appId }, "ignoring the re-run of another app's check");
    return false;
  }
  return true;
}

async function targetsOf(
  octokit: Octokit,
  commit: Commit,
  listed: readonly ListedPull[],
): Promise<ScanTarget[]> {
  const named = listed.filter(
    (pull) => pull.base.repo.id === commit.repoId && pull.head.sha === commit.headSha,
  );
  if (named.length > 0) {
    return named.map((pull) => ({
      pull: { ...commit.repo, pullNumber: pull.number },
      headSha: commit.headSha,
      baseSha: pull.base.sha,
      headRepo: pull.head.repo.id === commit.repoId ? commit.repo : null,
    }));
  }
  const open = await listOpenPullsWithHead(octokit, commit.repo, commit.headSha);
  return open.map((pull) => targetOfPull(commit.repo, pull));
}

async function rescanCommit(
  deps: QueueDeps,
  context: CheckRunContext | CheckSuiteContext,
  log: Logger,
  headSha: string,
  listed: readonly ListedPull[],
): Promise<void> {
  const { repository } = context.payload;
  const commit = {
    repo: { owner: repository.owner.login, repo: repository.name },
    repoId: repository.id,
    headSha,
  };
  const requester = { octokit: context.octokit, log };
  const targets = await targetsOf(context.octokit, commit, listed);
  if (targets.length === 0) {
    log.info("no open pull request has this commit: its check run says it is superseded");
    await reportOnCheckRun(
      {
        ...requester,
        sleep: deps.sleep,
        botLogin: deps.botLogin,
        ...(deps.appId === undefined ? {} : { appId: deps.appId }),
      },
      { repo: commit.repo, headSha, detailsUrl: detailsUrlOf(deps) },
      supersededReport({ reason: "no open pull request has this commit" }),
    );
    return;
  }
  const installationId = installationIdOf(context.payload);
  if (installationId === undefined) {
    log.warn("not re-scanning: the delivery names no installation of the app");
    return;
  }
  for (const target of targets) {
    await enqueueScan(deps, { installationId, deliveryId: context.id }, { kind: "head", target });
    log.info({ pull: scanKey(target.pull) }, "re-scan queued");
  }
}

export function onCheckRunRerun(deps: QueueDeps) {
  return async (context: CheckRunContext): Promise<void> => {
    const { check_run: run } = context.payload;
    const log = context.log.child({
      headSha: run.head_sha,
      delivery: context.id,
      action: context.payload.action,
    });
    if (
      "requested_action" in context.payload &&
      context.payload.requested_action?.identifier !== RESCAN_ACTION.identifier
    ) {
      log.info("ignoring a requested action that is not a re-scan");
      return;
    }
    if (!isOurApp(deps, run.app?.id, log)) return;
    await rescanCommit(deps, context, log, run.head_sha, run.pull_requests);
  };
}

export function onCheckSuiteRerun(deps: QueueDeps) {
  return async (context: CheckSuiteContext): Promise<void> => {
    const { check_suite: suite } = context.payload;
    const log = context.log.child({ headSha: suite.head_sha, delivery: context.id });
    if (!isOurApp(deps, suite.app?.id, log)) return;
    await rescanCommit(deps, context, log, suite.head_sha, suite.pull_requests);
  };
}
