// An invalid config is shown where the author looks: on the check run (`action_required`), or,
// when the file turns check runs off, in a PR comment, once per head SHA.
import { createIssueComment, listBotIssueCommentBodies } from "../github/issue-comments.js";
import { configErrorReport } from "../report/check-run.js";
import { configErrorMarker, renderConfigError } from "../report/review-config-error.js";
import { detailsUrlOf, reportOnCheckRun } from "./check-run.js";
import type { ConfigIssue } from "../config.js";
import type { PublishDeps, PublishTarget } from "./deps.js";

export interface InvalidConfig {
  source: string;
  issues: ConfigIssue[];
  /** Whether the invalid file still asks for a check run (it shows the errors). */
  checkRun: boolean;
}

async function commentOnce(
  deps: PublishDeps,
  target: PublishTarget,
  invalid: InvalidConfig,
): Promise<void> {
  const marker = configErrorMarker(target.headSha);
  const earlier = await listBotIssueCommentBodies(deps.octokit, target.pull);
  if (earlier.some((body) => body.includes(marker))) {
    deps.log.info("the configuration error was already reported for this head SHA");
    return;
  }
  await createIssueComment(
    deps.octokit,
    target.pull,
    renderConfigError(invalid.source, invalid.issues, target.headSha),
  );
}

export async function reportConfigError(
  deps: PublishDeps,
  target: PublishTarget,
  invalid: InvalidConfig,
): Promise<void> {
  deps.log.warn(
    { source: invalid.source, issues: invalid.issues },
    "invalid configuration: the pull request is not scanned",
  );
  if (!invalid.checkRun) {
    await commentOnce(deps, target, invalid);
    return;
  }
  await reportOnCheckRun(
    deps,
    { repo: target.pull, headSha: target.headSha, detailsUrl: detailsUrlOf(deps) },
    configErrorReport(invalid.source, invalid.issues, target.headSha),
  );
}
