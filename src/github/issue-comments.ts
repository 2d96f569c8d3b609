import { issueParams } from "./client.js";
import type { Octokit, PullRef } from "./client.js";

/** Bodies of the PR conversation's comments written by bots, all pages. */
export async function listBotIssueCommentBodies(
  octokit: Octokit,
  pull: PullRef,
): Promise<string[]> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    ...issueParams(pull),
    per_page: 100,
  });
  return comments.flatMap((comment) =>
    comment.user?.type === "Bot" && comment.body ? [comment.body] : [],
  );
}

export async function createIssueComment(
  octokit: Octokit,
  pull: PullRef,
  body: string,
): Promise<void> {
  await octokit.rest.issues.createComment({
    ...issueParams(pull),
    body,
  });
}
