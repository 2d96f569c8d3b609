// Reactions on command comments tell the person what happened without a new comment. They are
// a courtesy: one that fails is logged and never fails the scan.
import type { Logger } from "probot";
import type { Octokit } from "../../github/client.js";
import { reactToComment } from "../../github/reactions.js";
import type { Reaction } from "../../github/reactions.js";
import type { RepoRef } from "../../github/client.js";

/** A command comment waiting for its answer. */
export interface WaitingComment {
  repo: RepoRef;
  commentId: number;
}

export async function acknowledge(
  deps: { octokit: Octokit; log: Logger },
  comments: readonly WaitingComment[],
  reaction: Reaction,
): Promise<void> {
  for (const comment of comments) {
    try {
      await reactToComment(deps.octokit, comment.repo, comment.commentId, reaction);
    } catch (error) {
      deps.log.warn(
        { err: error, comment: comment.commentId, reaction },
        "could not react to the command comment",
      );
    }
  }
}
