import { pullParams } from "./client.js";
import type { Octokit, PullRef } from "./client.js";
import type { ReviewRequest } from "../report/review.js";

export interface ReviewComment {
  id: number;
  nodeId: string;
  body: string;
  inReplyToId?: number;
  /** The author's login (`<app-slug>[bot]` for an app); "" for a deleted account. */
  author: string;
  authorIsBot: boolean;
}

export interface PostedReviewBody {
  body: string;
  author: string;
}

/** Every review comment of the PR, all pages: deduplication must never trust one page. */
export async function listReviewComments(
  octokit: Octokit,
  pull: PullRef,
): Promise<ReviewComment[]> {
  const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, {
    ...pullParams(pull),
    per_page: 100,
  });
  return comments.map((comment) => ({
    id: comment.id,
    nodeId: comment.node_id,
    body: comment.body,
    ...(comment.in_reply_to_id === undefined ? {} : { inReplyToId: comment.in_reply_to_id }),
    author: comment.user.login,
    authorIsBot: comment.user.type === "Bot",
  }));
}

/** Every review's body, all pages: receivers that could not be placed inline are listed there. */
export async function listReviewBodies(
  octokit: Octokit,
  pull: PullRef,
): Promise<PostedReviewBody[]> {
  const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, {
    ...pullParams(pull),
    per_page: 100,
  });
  return reviews.map((review) => ({ body: review.body, author: review.user?.login ?? "" }));
}

export async function createReview(
  octokit: Octokit,
  pull: PullRef,
  commitId: string,
  review: ReviewRequest,
): Promise<void> {
  await octokit.rest.pulls.createReview({
    ...pullParams(pull),
    commit_id: commitId,
    event: review.event,
    body: review.body,
    comments: review.comments,
  });
}
