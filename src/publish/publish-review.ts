// Posts a scan's reviews. GitHub rejects a whole review (422) when one inline comment is not on a
// line of the diff; then the findings move into the body instead of being lost: first keeping
// only comments on added lines, then none inline. Follow-up reviews are paced under GitHub's
// content-creation limit (80 a minute).
import { httpStatus } from "../github/client.js";
import { createReview } from "../github/reviews.js";
import { moveInlineToBody, renderReview } from "../report/review.js";
import type { ReviewPlan } from "../report/review.js";
import type { PublishDeps, PublishTarget } from "./deps.js";

const MILLISECONDS_PER_COMMENT = 60_000 / 80;

export interface ReviewTarget extends PublishTarget {
  /** RIGHT-side added lines per path. */
  addedLines: ReadonlyMap<string, ReadonlySet<number>>;
}

function fallbacks(plan: ReviewPlan, target: ReviewTarget): ReviewPlan[] {
  const onAddedLine = moveInlineToBody(
    plan,
    (group) => !(target.addedLines.get(group.file)?.has(group.receiverLine) ?? false),
  );
  const noneInline = moveInlineToBody(plan, () => true);
  return onAddedLine.inline.length < plan.inline.length && onAddedLine.inline.length > 0
    ? [onAddedLine, noneInline]
    : [noneInline];
}

async function postOne(deps: PublishDeps, target: ReviewTarget, plan: ReviewPlan): Promise<void> {
  const attempts = [plan, ...(plan.inline.length > 0 ? fallbacks(plan, target) : [])];
  for (const [index, attempt] of attempts.entries()) {
    try {
      await createReview(deps.octokit, target.pull, target.headSha, renderReview(attempt));
      return;
    } catch (error) {
      const isLastAttempt = index === attempts.length - 1;
      if (httpStatus(error) !== 422 || isLastAttempt) throw error;
      deps.log.warn(
        {
          cause: error instanceof Error ? error.message : String(error),
          inline: attempt.inline.length,
        },
        "GitHub rejected the review's inline comments; moving them into the review body",
      );
    }
  }
}

export async function publishReviews(
  deps: PublishDeps,
  target: ReviewTarget,
  plans: readonly ReviewPlan[],
): Promise<void> {
  let previousInline = 0;
  for (const plan of plans) {
    if (previousInline > 0) await deps.sleep(previousInline * MILLISECONDS_PER_COMMENT);
    await postOne(deps, target, plan);
    previousInline = plan.inline.length;
  }
}
