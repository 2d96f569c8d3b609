// The pull request as the workflow's checkout holds it: its head, the base it forked from (the
// merge base, the commit GitHub diffs against), and the lines of that diff a review comment may
// sit on. A shallow checkout lacks them: the error says which setting brings them.
import { git, repositoryRoot, resolveCommit } from "../cli/git.js";
import { UsageError } from "../cli/errors.js";
import { parsePatch, splitGitDiff } from "../diff/index.js";
import type { ReviewableLines } from "../publish/review-findings.js";
import type { PullRequestEvent } from "./settings.js";

export interface ComparedCommits {
  base: string;
  head: string;
}

const FETCH_HINT = "check out with `fetch-depth: 0` (actions/checkout)";

/** The repository the workflow checked out into the workspace. */
export async function checkoutRoot(workspace: string): Promise<string> {
  try {
    return await repositoryRoot(workspace);
  } catch {
    throw new UsageError(
      `the workspace ${workspace} is not a git checkout: run actions/checkout first, into the workspace itself`,
    );
  }
}

async function present(root: string, sha: string, role: string): Promise<string> {
  try {
    return await resolveCommit(root, sha);
  } catch {
    throw new UsageError(
      `the checkout lacks the pull request's ${role} commit ${sha}: ${FETCH_HINT}`,
    );
  }
}

export async function comparedCommits(
  root: string,
  event: PullRequestEvent,
): Promise<ComparedCommits> {
  const head = await present(root, event.headSha, "head");
  const baseTip = await present(root, event.baseSha, "base");
  try {
    const base = (await git(["merge-base", baseTip, head], root)).toString("utf8").trim();
    return { base, head };
  } catch {
    throw new UsageError(
      `the checkout holds no common ancestor of the base and the head: ${FETCH_HINT}`,
    );
  }
}

/** The RIGHT-side lines of the PR's Python diff, as GitHub's review comments address them. */
export async function reviewableLines(
  root: string,
  commits: ComparedCommits,
): Promise<ReviewableLines> {
  const diff = await git(
    [
      ...["-c", "core.quotePath=false", "diff", "-M", "-U3", "--no-color", "--no-ext-diff"],
      ...[commits.base, commits.head, "--", "*.py", "*.pyi"],
    ],
    root,
  );
  const lines = {
    commentableLines: new Map<string, Set<number>>(),
    addedLines: new Map<string, Set<number>>(),
  };
  for (const [file, patch] of splitGitDiff(diff.toString("utf8"))) {
    const parsed = parsePatch(patch);
    lines.commentableLines.set(file, parsed.commentableLines);
    lines.addedLines.set(file, parsed.addedLines);
  }
  return lines;
}
