import { issueCommentJson, reactionJson } from "../json.js";
import {
  type Handler,
  type HandlerContext,
  actingUser,
  bodyObject,
  HttpError,
  NOT_ACCESSIBLE,
  intParam,
  notFound,
  paginate,
  requireRepo,
} from "../http.js";
import type { IssueComment } from "../state.js";

function requireIssueComment(ctx: HandlerContext): IssueComment {
  const repo = requireRepo(ctx);
  const id = intParam(ctx, "comment_id");
  const comment = ctx.state.issueComments.find((c) => c.id === id && c.repo === repo);
  if (!comment) throw notFound();
  return comment;
}

const createComment: Handler = (ctx) => {
  const repo = requireRepo(ctx);
  const number = intParam(ctx, "issue_number");
  if (!ctx.state.issueExists(repo, number)) throw notFound();
  const comment = ctx.state.addIssueComment(
    repo,
    number,
    actingUser(ctx),
    String(bodyObject(ctx).body),
  );
  return { status: 201, body: issueCommentJson(ctx.state, comment, ctx.urls) };
};

const listComments: Handler = (ctx) => {
  const repo = requireRepo(ctx);
  const number = intParam(ctx, "issue_number");
  if (!ctx.state.issueExists(repo, number)) throw notFound();
  const comments = ctx.state.issueComments.filter(
    (c) => c.repo === repo && c.issueNumber === number,
  );
  return paginate(ctx, comments, (c) => issueCommentJson(ctx.state, c, ctx.urls));
};

const updateComment: Handler = (ctx) => {
  const comment = requireIssueComment(ctx);
  if (comment.user !== actingUser(ctx)) throw new HttpError(403, NOT_ACCESSIBLE);
  comment.body = String(bodyObject(ctx).body);
  comment.updatedAt = ctx.state.nowIso();
  return { status: 200, body: issueCommentJson(ctx.state, comment, ctx.urls) };
};

/** 201 for a new reaction, 200 when this user already reacted with the same content. */
const createReaction: Handler = (ctx) => {
  const comment = requireIssueComment(ctx);
  const user = actingUser(ctx);
  const content = String(bodyObject(ctx).content);
  const existing = ctx.state.reactions.find(
    (r) => r.commentId === comment.id && r.user === user && r.content === content,
  );
  if (existing) return { status: 200, body: reactionJson(existing, ctx.urls) };
  const reaction = {
    id: ctx.state.nextId(),
    commentId: comment.id,
    user,
    content,
    createdAt: ctx.state.nowIso(),
  };
  ctx.state.reactions.push(reaction);
  return { status: 201, body: reactionJson(reaction, ctx.urls) };
};

export const issueRoutes: Record<string, Handler> = {
  "issues/create-comment": createComment,
  "issues/list-comments": listComments,
  "issues/get-comment": (ctx) => ({
    status: 200,
    body: issueCommentJson(ctx.state, requireIssueComment(ctx), ctx.urls),
  }),
  "issues/update-comment": updateComment,
  "reactions/create-for-issue-comment": createReaction,
  "reactions/list-for-issue-comment": (ctx) => {
    const comment = requireIssueComment(ctx);
    const content = ctx.query.get("content");
    const reactions = ctx.state.reactions.filter(
      (r) => r.commentId === comment.id && (!content || r.content === content),
    );
    return paginate(ctx, reactions, (r) => reactionJson(r, ctx.urls));
  },
};
