import { repoParams } from "./client.js";
import type { Octokit, RepoRef } from "./client.js";

/** What a command comment is told: `eyes` accepted, `rocket` done, `confused` refused or failed. */
export type Reaction = "eyes" | "rocket" | "confused";

export async function reactToComment(
  octokit: Octokit,
  repo: RepoRef,
  commentId: number,
  reaction: Reaction,
): Promise<void> {
  await octokit.rest.reactions.createForIssueComment({
    ...repoParams(repo),
    comment_id: commentId,
    content: reaction,
  });
}
