// Until check runs exist, an invalid config is shown in a PR comment, once per head SHA.
import type { ConfigIssue } from "../config.js";
import { createIssueComment, listBotIssueCommentBodies } from "../github/issue-comments.js";
import { configErrorMarker, renderConfigError } from "../report/review-config-error.js";
import type { ScanDeps, ScanTarget } from "./scan.js";

export async function reportConfigError(
  deps: ScanDeps,
  target: ScanTarget,
  source: string,
  issues: readonly ConfigIssue[],
): Promise<void> {
  deps.log.warn({ source, issues }, "invalid configuration: the pull request is not scanned");
  const marker = configErrorMarker(target.headSha);
  const earlier = await listBotIssueCommentBodies(deps.octokit, target.pull);
  if (earlier.some((body) => body.includes(marker))) {
    deps.log.info("the configuration error was already reported for this head SHA");
    return;
  }
  await createIssueComment(
    deps.octokit,
    target.pull,
    renderConfigError(source, issues, target.headSha),
  );
}
