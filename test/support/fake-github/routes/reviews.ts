import { lineInRanges, patchLineRanges, unifiedPatch } from "../patches.js";
import { reviewCommentJson, reviewJson } from "../json.js";
import {
  type Handler,
  type HandlerContext,
  actingUser,
  bodyObject,
  intParam,
  notFound,
  paginate,
  unprocessable,
} from "../http.js";
import type { PullRequest, Review, ReviewComment } from "../state.js";
import { pullChanges, requirePull } from "./pulls.js";

interface DraftComment {
  path: string;
  body: string;
  line?: number;
  side?: "LEFT" | "RIGHT";
  start_line?: number;
  start_side?: "LEFT" | "RIGHT";
  position?: number;
}

const NOT_IN_DIFF = "Pull request review thread line must be part of the diff";

interface PatchLine {
  text: string;
  /** Index in the patch of the header of this line's hunk. */
  hunkStart: number;
  /** Diff position: lines counted below the first hunk header (later headers count too). */
  position: number;
  side: "LEFT" | "RIGHT";
  line: number;
}

/** Every line of a patch with the file line it stands for (new side, or old side for removals). */
function walkPatch(patch: string): PatchLine[] {
  const out: PatchLine[] = [];
  let oldLine = 0;
  let newLine = 0;
  let hunkStart = 0;
  patch.split("\n").forEach((text, index) => {
    const header = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (header) {
      hunkStart = index;
      oldLine = Number(header[1]) - 1;
      newLine = Number(header[2]) - 1;
      return;
    }
    if (text.startsWith("\\")) return;
    if (!text.startsWith("+")) oldLine += 1;
    if (!text.startsWith("-")) newLine += 1;
    const side = text.startsWith("-") ? "LEFT" : "RIGHT";
    out.push({ text, hunkStart, position: index, side, line: side === "LEFT" ? oldLine : newLine });
  });
  return out;
}

/** The hunk lines up to the commented line, as GitHub's `diff_hunk` shows them. */
function diffHunkFor(patch: string, line: number, side: "LEFT" | "RIGHT"): string {
  const lines = patch.split("\n");
  const target = walkPatch(patch).find(
    (l) => l.line === line && (l.side === side || !/^[-+]/.test(l.text)),
  );
  return target ? lines.slice(target.hunkStart, target.position + 1).join("\n") : lines.join("\n");
}

/** Resolves a draft comment to a line, or throws the 422 GitHub gives. */
function placeComment(
  draft: DraftComment,
  patches: Map<string, string>,
): { line: number; side: "LEFT" | "RIGHT"; patch: string } {
  const patch = patches.get(draft.path);
  if (patch === undefined) throw unprocessable("Path could not be resolved");
  const ranges = patchLineRanges(patch);
  if (draft.line !== undefined) {
    const side = draft.side ?? "RIGHT";
    const sideRanges = side === "RIGHT" ? ranges.right : ranges.left;
    const startOk =
      draft.start_line === undefined ||
      lineInRanges(draft.start_line, draft.start_side === "LEFT" ? ranges.left : ranges.right);
    if (!lineInRanges(draft.line, sideRanges) || !startOk) throw unprocessable(NOT_IN_DIFF);
    return { line: draft.line, side, patch };
  }
  if (draft.position !== undefined) {
    const target = walkPatch(patch).find((l) => l.position === draft.position);
    if (!target) throw unprocessable(NOT_IN_DIFF);
    return { line: target.line, side: target.side, patch };
  }
  throw unprocessable("Either line or position is required");
}

function reviewState(event: unknown): Review["state"] {
  if (event === "APPROVE") return "APPROVED";
  if (event === "REQUEST_CHANGES") return "CHANGES_REQUESTED";
  if (event === "COMMENT") return "COMMENTED";
  return "PENDING";
}

const createReview: Handler = (ctx) => {
  const pr = requirePull(ctx);
  const user = actingUser(ctx);
  const input = bodyObject(ctx);
  const commitId = typeof input.commit_id === "string" ? input.commit_id : pr.headSha;
  if (!pr.headHistory.includes(commitId))
    throw unprocessable(`No commit found for SHA: ${commitId}`);
  const drafts = (Array.isArray(input.comments) ? input.comments : []) as DraftComment[];
  const state = reviewState(input.event);
  const body = typeof input.body === "string" ? input.body : "";
  if (
    (state === "CHANGES_REQUESTED" || state === "COMMENTED") &&
    body === "" &&
    drafts.length === 0
  ) {
    throw unprocessable("Review body is required when the event is COMMENT or REQUEST_CHANGES");
  }
  const patches = new Map(
    pullChanges(ctx, pr, commitId).map((c) => [
      c.filename,
      unifiedPatch(c.baseContent ?? "", c.headContent ?? ""),
    ]),
  );
  // Validate every comment first: GitHub rejects the whole review when one line is outside the diff.
  const placed = drafts.map((draft) => ({ draft, ...placeComment(draft, patches) }));
  const review: Review = {
    id: ctx.state.nextId(),
    repo: pr.repo,
    pullNumber: pr.number,
    user,
    body,
    state,
    commitId,
    submittedAt: ctx.state.nowIso(),
  };
  ctx.state.reviews.push(review);
  for (const { draft, line, side, patch } of placed) {
    ctx.state.reviewComments.push({
      id: ctx.state.nextId(),
      repo: pr.repo,
      pullNumber: pr.number,
      reviewId: review.id,
      user,
      path: draft.path,
      line,
      side,
      ...(draft.start_line !== undefined
        ? { startLine: draft.start_line, startSide: draft.start_side ?? side }
        : {}),
      body: draft.body,
      commitId,
      diffHunk: diffHunkFor(patch, line, side),
      createdAt: review.submittedAt,
    });
  }
  return { status: 200, body: reviewJson(ctx.state, review, ctx.urls) };
};

function requireReviewComment(ctx: HandlerContext, pr?: PullRequest): ReviewComment {
  const id = intParam(ctx, "comment_id");
  const comment = ctx.state.reviewComments.find(
    (c) =>
      c.id === id &&
      c.repo.fullName.toLowerCase() === `${ctx.params.owner}/${ctx.params.repo}`.toLowerCase() &&
      (!pr || c.pullNumber === pr.number),
  );
  if (!comment) throw notFound();
  return comment;
}

const createReply: Handler = (ctx) => {
  const pr = requirePull(ctx);
  const parent = requireReviewComment(ctx, pr);
  const text = bodyObject(ctx).body;
  const reply: ReviewComment = {
    ...parent,
    id: ctx.state.nextId(),
    reviewId: ctx.state.nextId(),
    user: actingUser(ctx),
    body: typeof text === "string" ? text : "",
    inReplyToId: parent.inReplyToId ?? parent.id,
    createdAt: ctx.state.nowIso(),
    minimizedReason: undefined,
  };
  ctx.state.reviewComments.push(reply);
  return { status: 201, body: reviewCommentJson(ctx.state, reply, ctx.urls) };
};

export const reviewRoutes: Record<string, Handler> = {
  "pulls/create-review": createReview,
  "pulls/list-reviews": (ctx) => {
    const pr = requirePull(ctx);
    return paginate(ctx, ctx.state.reviewsOf(pr), (r) => reviewJson(ctx.state, r, ctx.urls));
  },
  "pulls/list-review-comments": (ctx) => {
    const pr = requirePull(ctx);
    const comments = ctx.state.reviewCommentsOf(pr);
    if (ctx.query.get("direction") === "desc") comments.reverse();
    return paginate(ctx, comments, (c) => reviewCommentJson(ctx.state, c, ctx.urls));
  },
  "pulls/get-review-comment": (ctx) => ({
    status: 200,
    body: reviewCommentJson(ctx.state, requireReviewComment(ctx), ctx.urls),
  }),
  "pulls/create-reply-for-review-comment": createReply,
};
