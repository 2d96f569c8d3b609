// What earlier scans already posted, read back from their hidden fingerprints. Pure.
import { fingerprintsIn } from "../report/review-fingerprint.js";
import type { PostedReviewBody, ReviewComment } from "../github/reviews.js";

export interface OurComment {
  nodeId: string;
  fingerprints: string[];
  /** A person answered it: it stays visible whatever happens to the code. */
  hasHumanReply: boolean;
}

export interface PostedFindings {
  fingerprints: Set<string>;
  comments: OurComment[];
}

/**
 * Only comments this app wrote (`botLogin`) count: another bot, or a person, quoting a fingerprint
 * must neither silence a finding nor get a comment hidden.
 */
export function collectPosted(
  comments: readonly ReviewComment[],
  reviewBodies: readonly PostedReviewBody[],
  botLogin: string,
): PostedFindings {
  const humanRepliesTo = new Set(
    comments.flatMap((comment) =>
      comment.authorIsBot || comment.inReplyToId === undefined ? [] : [comment.inReplyToId],
    ),
  );
  const ours = comments.flatMap((comment) => {
    const fingerprints =
      comment.author === botLogin && comment.inReplyToId === undefined
        ? fingerprintsIn(comment.body)
        : [];
    if (fingerprints.length === 0) return [];
    return [
      { nodeId: comment.nodeId, fingerprints, hasHumanReply: humanRepliesTo.has(comment.id) },
    ];
  });
  const posted = { fingerprints: new Set(ours.flatMap((c) => c.fingerprints)), comments: ours };
  return withReviewBodies(posted, reviewBodies, botLogin);
}

/** `posted` with the fingerprints our review bodies carry (findings that could not sit inline). */
export function withReviewBodies(
  posted: PostedFindings,
  reviewBodies: readonly PostedReviewBody[],
  botLogin: string,
): PostedFindings {
  const fromBodies = reviewBodies.flatMap((review) =>
    review.author === botLogin ? fingerprintsIn(review.body) : [],
  );
  return { ...posted, fingerprints: new Set([...posted.fingerprints, ...fromBodies]) };
}

/** Our comments none of whose findings the PR introduces any more, and that nobody answered. */
export function outdatedComments(
  posted: PostedFindings,
  current: ReadonlySet<string>,
): OurComment[] {
  return posted.comments.filter(
    (comment) => !comment.hasHumanReply && !comment.fingerprints.some((hash) => current.has(hash)),
  );
}
