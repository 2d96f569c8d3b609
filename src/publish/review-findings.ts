// Publishes a scan as a review: only findings no earlier comment of ours carries, then hides our
// comments on receivers the PR no longer introduces.
import type { Finding } from "../analysis/index.js";
import type { NotScanned } from "../diff/index.js";
import type { RepoConfig } from "../config.js";
import { filterNotMinimized, minimizeAsOutdated } from "../github/minimize.js";
import { listReviewBodies, listReviewComments } from "../github/reviews.js";
import { groupByReceiver } from "../report/review-comment.js";
import { fingerprint } from "../report/review-fingerprint.js";
import { planReviews } from "../report/review.js";
import { collectPosted, outdatedComments, withReviewBodies } from "./posted-findings.js";
import type { PostedFindings } from "./posted-findings.js";
import { publishReviews } from "./publish-review.js";
import type { SourceLinks } from "../report/source-links.js";
import type { PublishDeps, PublishTarget } from "./deps.js";

const MAX_COMMENTS_PER_REVIEW = 30;
// GitHub allows 500 content-creating requests an hour: past that, a summary line carries the rest.
const MAX_INLINE_COMMENTS_PER_SCAN = 500;

/** RIGHT-side lines of the PR's diff, per path. */
export interface ReviewableLines {
  /** Lines open to review comments (inside a hunk). */
  commentableLines: ReadonlyMap<string, ReadonlySet<number>>;
  /** Added lines: the safest places when GitHub rejects a review. */
  addedLines: ReadonlyMap<string, ReadonlySet<number>>;
}

/** A scan's result, as the app and the Action both have it. */
export interface ScanResult {
  config: Pick<RepoConfig, "comments" | "reviewEvent">;
  /** The findings the PR introduces. */
  findings: Finding[];
  selection: ReviewableLines;
  /** Files left out (unreadable, too large, analysis failed): the scan is incomplete. */
  notScanned: NotScanned[];
  /** Where `file:line` links point: the head commit on the repository's own host. */
  links?: SourceLinks;
  /** False when not every changed file was seen (GitHub lists 3,000): nothing is hidden then. */
  listingComplete: boolean;
  /** The PR's review comments as of the last look (0: none of ours to read or hide). */
  reviewComments?: number;
}

async function postNewFindings(
  deps: PublishDeps,
  target: PublishTarget,
  scan: ScanResult,
  newFindings: Finding[],
) {
  const plans = planReviews(groupByReceiver(newFindings), {
    commentableLines: scan.selection.commentableLines,
    event: scan.config.reviewEvent,
    maxCommentsPerReview: MAX_COMMENTS_PER_REVIEW,
    maxInlineComments: MAX_INLINE_COMMENTS_PER_SCAN,
    notScanned: scan.notScanned,
    ...(scan.links === undefined ? {} : { links: scan.links }),
  });
  deps.log.info({ findings: newFindings.length, reviews: plans.length }, "posting review");
  await publishReviews(
    deps,
    { pull: target.pull, headSha: target.headSha, addedLines: scan.selection.addedLines },
    plans,
  );
}

async function hideOutdated(
  deps: PublishDeps,
  posted: PostedFindings,
  current: ReadonlySet<string>,
) {
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

/** Returns how many findings it posted. */
export async function reviewFindings(
  deps: PublishDeps,
  target: PublishTarget,
  scan: ScanResult,
): Promise<number> {
  if (!scan.config.comments) {
    deps.log.info("review comments are off in the configuration");
    return 0;
  }
  // A PR without review comments has none of ours to skip or hide: no need to list them.
  const comments =
    scan.reviewComments === 0 ? [] : await listReviewComments(deps.octokit, target.pull);
  const botLogin = await deps.botLogin();
  const inComments = collectPosted(comments, [], botLogin);
  const isUnseenIn = (posted: PostedFindings) => (finding: Finding) =>
    !posted.fingerprints.has(fingerprint(finding));
  // Review bodies hold the findings that could not sit inline: read them only when it matters.
  const posted = scan.findings.some(isUnseenIn(inComments))
    ? withReviewBodies(inComments, await listReviewBodies(deps.octokit, target.pull), botLogin)
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
    return newFindings.length;
  }
  await hideOutdated(deps, posted, new Set(scan.findings.map(fingerprint)));
  return newFindings.length;
}
