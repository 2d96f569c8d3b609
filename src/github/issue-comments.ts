import { issueParams } from "./client.js";
import type { Octokit, PullRef } from "./client.js";

export interface IssueComment {
  body: string;
  /** The author's login; "" for a deleted account. */
  author: string;
  authorIsBot: boolean;
  createdAt: string;
}

/** The PR conversation's comments, all pages. */
export async function listIssueComments(octokit: Octokit, pull: PullRef): Promise<IssueComment[]> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    ...issueParams(pull),
    per_page: 100,
  });
  return comments.map((comment) => ({
    body: comment.body ?? "",
    author: comment.user?.login ?? "",
    authorIsBot: comment.user?.type === "Bot",
    createdAt: comment.created_at,
  }));
}

/** Bodies of the PR conversation's comments written by bots, all pages. */
export async function listBotIssueCommentBodies(
  octokit: Octokit,
  pull: PullRef,
): Promise<string[]> {
  const comments = await listIssueComments(octokit, pull);
  return comments.flatMap((comment) =>
    comment.authorIsBot && comment.body !== "" ? [comment.body] : [],
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
