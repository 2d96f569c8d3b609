// Turns the receivers a scan should report into the reviews to post: one review when it fits, at
// most `maxCommentsPerReview` inline comments each (GitHub fails big reviews), and every receiver
// that cannot sit on a diff line listed in the body with file:line, so none is lost.
import type { RepoConfig } from "../config.js";
import type { NotScanned } from "../diff/index.js";
import {
  distinctFindings,
  findingMessage,
  headline,
  linesText,
  renderReviewComment,
  ruleLink,
} from "./review-comment.js";
import type { ReceiverFindings } from "./review-comment.js";
import { chunk } from "./chunk.js";
import { notScannedSection } from "./not-scanned.js";
import { markersOf } from "./review-fingerprint.js";
import { placeLink } from "./source-links.js";
import type { SourceLinks } from "./source-links.js";

export type ReviewEvent = RepoConfig["reviewEvent"];

/** Why a receiver is listed in the body instead of inline. */
export type BodyReason = "no-diff" | "outside-diff" | "rejected-inline";

export interface ReviewPlan {
  event: ReviewEvent;
  inline: ReceiverFindings[];
  inBody: { group: ReceiverFindings; reason: BodyReason }[];
  /** Receivers the scan reports, over all its reviews. */
  receivers: number;
  /** 1-based position among the reviews of one scan. */
  part: number;
  parts: number;
  /** Receivers past the scan's inline budget, counted in the last review's body. */
  notCommented: number;
  /** Files the scan left out, named in the first review's body. */
  notScanned: readonly NotScanned[];
  /** Links `file:line` to the scanned commit. */
  links?: SourceLinks;
}

export interface ReviewPlanOptions {
  /** RIGHT-side lines of each file's diff that accept a review comment. */
  commentableLines: ReadonlyMap<string, ReadonlySet<number>>;
  event: ReviewEvent;
  maxCommentsPerReview: number;
  /** Inline comments one scan may post in all (the hourly content limit). */
  maxInlineComments: number;
  /** Files the scan left out: the review says it is incomplete. */
  notScanned?: readonly NotScanned[];
  /** Links `file:line` to the scanned commit. */
  links?: SourceLinks;
}

export interface ReviewRequest {
  event: ReviewEvent;
  body: string;
  comments: { path: string; line: number; side: "RIGHT"; body: string }[];
}

// GitHub takes 65,536 characters; the rest is headroom for the summary and closing lines.
const MAX_BODY_LENGTH = 60_000;

/** Why a receiver cannot be commented inline, or undefined when it can. */
function notPlaceable(group: ReceiverFindings, options: ReviewPlanOptions): BodyReason | undefined {
  const lines = options.commentableLines.get(group.file);
  if (lines === undefined) return "no-diff";
  return lines.has(group.receiverLine) ? undefined : "outside-diff";
}

export function planReviews(
  groups: readonly ReceiverFindings[],
  options: ReviewPlanOptions,
): ReviewPlan[] {
  if (groups.length === 0) return [];
  const placeable: ReceiverFindings[] = [];
  const inBody: ReviewPlan["inBody"] = [];
  for (const group of groups) {
    const reason = notPlaceable(group, options);
    if (reason === undefined) placeable.push(group);
    else inBody.push({ group, reason });
  }
  const inlineBatches = chunk(
    placeable.slice(0, options.maxInlineComments),
    options.maxCommentsPerReview,
  );
  const notCommented = Math.max(0, placeable.length - options.maxInlineComments);
  const batches = inlineBatches.length > 0 ? inlineBatches : [[]];
  return batches.map((inline, index) => ({
    event: index === 0 ? options.event : "COMMENT",
    receivers: groups.length,
    inline,
    inBody: index === 0 ? inBody : [],
    part: index + 1,
    parts: batches.length,
    notCommented: index === batches.length - 1 ? notCommented : 0,
    notScanned: index === 0 ? (options.notScanned ?? []) : [],
    ...(options.links === undefined ? {} : { links: options.links }),
  }));
}

/** The same review with some inline receivers moved into the body (after GitHub rejected them). */
export function moveInlineToBody(
  plan: ReviewPlan,
  shouldMove: (group: ReceiverFindings) => boolean,
): ReviewPlan {
  const moved = plan.inline.filter(shouldMove);
  return {
    ...plan,
    inline: plan.inline.filter((group) => !shouldMove(group)),
    inBody: [
      ...plan.inBody,
      ...moved.map((group) => ({ group, reason: "rejected-inline" as const })),
    ],
  };
}

function summaryLine(plan: ReviewPlan): string {
  if (plan.part > 1) return `**django-signals**, continued (${plan.part} of ${plan.parts}).`;
  const receivers =
    plan.receivers === 1 ? "1 new signal receiver" : `${plan.receivers} new signal receivers`;
  const more = plan.parts > 1 ? ` (this review and ${plan.parts - 1} more)` : "";
  const explained =
    plan.inline.length > 0 ? " Each comment explains the risk and what to write instead." : "";
  return `**django-signals** found ${receivers}${more} in this pull request.${explained}`;
}

const REASON_TEXT: Record<BodyReason, string> = {
  "no-diff": "Not commented inline (GitHub shows no diff for the file: it is too large):",
  "outside-diff": "Not commented inline (the line is outside this pull request's diff):",
  "rejected-inline": "Not commented inline (GitHub did not accept a comment on that line):",
};

function bodyEntry(group: ReceiverFindings, links: SourceLinks | undefined): string {
  const why = distinctFindings(group).map(({ finding, lines, namesLines }) => {
    const where = namesLines ? `, ${linesText(lines)}` : "";
    return `${findingMessage(finding, group)} (${ruleLink(finding)}${where})`;
  });
  return `- ${placeLink(links, group.file, group.receiverLine)}: **${headline(group)}**: ${why.join(" ")}`;
}

function notCommentedLine(count: number): string {
  return `${count} more receivers were not commented inline: GitHub limits how fast an app may comment. Run \`django-signals diff\` locally to see them all.`;
}

/**
 * Summary, the receivers listed in the body (grouped by reason) and their fingerprints, within
 * GitHub's size limit. A receiver left out carries no fingerprint, so a later scan lists it.
 */
function renderBody(plan: ReviewPlan): string {
  const closing = plan.notCommented > 0 ? ["", notCommentedLine(plan.notCommented)] : [];
  const incomplete = notScannedSection(plan.notScanned);
  const lines = [summaryLine(plan), ...(incomplete.length > 0 ? ["", ...incomplete] : [])];
  const markers: string[] = [];
  let length = lines.join("\n").length;
  let omitted = 0;
  for (const reason of Object.keys(REASON_TEXT) as BodyReason[]) {
    const groups = plan.inBody
      .filter((entry) => entry.reason === reason)
      .map((entry) => entry.group);
    if (groups.length === 0) continue;
    lines.push("", REASON_TEXT[reason], "");
    for (const group of groups) {
      const entry = bodyEntry(group, plan.links);
      const entryMarkers = markersOf(group);
      const cost = entry.length + entryMarkers.join("\n").length + 2;
      if (length + cost > MAX_BODY_LENGTH) {
        omitted++;
        continue;
      }
      lines.push(entry);
      markers.push(...entryMarkers);
      length += cost;
    }
  }
  if (omitted > 0) {
    lines.push(
      "",
      `… and ${omitted} more, left out to fit GitHub's size limit: a later scan lists them.`,
    );
  }
  return [...lines, ...closing, ...(markers.length > 0 ? ["", ...markers] : [])].join("\n");
}

export function renderReview(plan: ReviewPlan): ReviewRequest {
  return {
    event: plan.event,
    body: renderBody(plan),
    comments: plan.inline.map((group) => ({
      path: group.file,
      line: group.receiverLine,
      side: "RIGHT",
      body: renderReviewComment(group, plan.links),
    })),
  };
}
