// Publishes a scan as a review: only findings no earlier comment of ours carries, then hides our
// comments on receivers the PR no longer introduces.
import type { Finding } from "../../analysis/index.js";
import { filterNotMinimized, minimizeAsOutdated } from "../../github/minimize.js";
import { listReviewBodies, listReviewComments } from "../../github/reviews.js";
import { groupByReceiver } from "../../report/review-comment.js";
import { fingerprint } from "../../report/review-fingerprint.js";
import { planReviews } from "../../report/review.js";
import { collectPosted, outdatedComments, withReviewBodies } from "./posted-findings.js";
import type { PostedFindings } from "./posted-findings.js";
import { publishReviews } from "./publish-review.js";
import { recordStats } from "../scan/scan.js";
import type { ScanDeps, ScanOutcome, ScanTarget } from "../scan/scan.js";

const MAX_COMMENTS_PER_REVIEW = 30;
// GitHub allows 500 content-creating requests an hour: past that, a summary line carries the rest.
const MAX_INLINE_COMMENTS_PER_SCAN = 500;

type Scanned = Extract<ScanOutcome, { kind: "scanned" }>;

async function postNewFindings(
  deps: ScanDeps,
  target: ScanTarget,
  scan: Scanned,
  newFindings: Finding[],
) {
  const plans = planReviews(groupByReceiver(newFindings), {
    commentableLines: scan.selection.commentableLines,
    event: scan.config.reviewEvent,
    maxCommentsPerReview: MAX_COMMENTS_PER_REVIEW,
    maxInlineComments: MAX_INLINE_COMMENTS_PER_SCAN,
    links: scan.links,
  });
  deps.log.info({ findings: newFindings.length, reviews: plans.length }, "posting review");
  recordStats(deps, { findingsPosted: newFindings.length });
  await publishReviews(
    deps,
    { pull: target.pull, headSha: target.headSha, addedLines: scan.selection.addedLines },
    plans,
  );
}

async function hideOutdated(deps: ScanDeps, posted: PostedFindings, current: ReadonlySet<string>) {
  const outdated = outdatedComments(posted, current);
  if (outdated.length === 0) {
    deps.log.debug("no outdated comments to hide");
    return;
  }
  const toHide = await filterNotMinimized(
    deps.octokit,
    outdated.map((comment) => comment.nodeId),
  );
  deps.log.info({ outdated: outdated.length, hiding: toHide.length }, "hiding outdated comments");
  for (const nodeId of toHide) await minimizeAsOutdated(deps.octokit, nodeId);
}

export async function reviewFindings(
  deps: ScanDeps,
  target: ScanTarget,
  scan: Scanned,
): Promise<void> {
  if (!scan.config.comments) {
    deps.log.info("review comments are off in the configuration");
    return;
  }
  // A PR without review comments has none of ours to skip or hide: no need to list them.
  const comments =
    scan.reviewComments === 0 ? [] : await listReviewComments(deps.octokit, target.pull);
  const inComments = collectPosted(comments, []);
  const isUnseenIn = (posted: PostedFindings) => (finding: Finding) =>
    !posted.fingerprints.has(fingerprint(finding));
  // Review bodies hold the findings that could not sit inline: read them only when it matters.
  const posted = scan.findings.some(isUnseenIn(inComments))
    ? withReviewBodies(inComments, await listReviewBodies(deps.octokit, target.pull))
    : inComments;

  const newFindings = scan.findings.filter(isUnseenIn(posted));
  if (newFindings.length === 0) {
    deps.log.info({ findings: scan.findings.length }, "nothing new to post");
  } else {
    await postNewFindings(deps, target, scan, newFindings);
  }

  if (!scan.listingComplete) {
    deps.log.info(
      "not hiding outdated comments: GitHub lists only part of this pull request's files",
    );
    return;
  }
  await hideOutdated(deps, posted, new Set(scan.findings.map(fingerprint)));
}
