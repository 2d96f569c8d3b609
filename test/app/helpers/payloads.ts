// Webhook payloads of the check and comment events, from GitHub's examples
// (`@octokit/webhooks-examples`) rewritten for this test repository, PR and app.
import checkRunRequestedAction from "../../fixtures/payloads/check_run.requested_action.json" with { type: "json" };
import checkRunRerequested from "../../fixtures/payloads/check_run.rerequested.json" with { type: "json" };
import checkSuiteRerequested from "../../fixtures/payloads/check_suite.rerequested.json" with { type: "json" };
import issueCommentCreated from "../../fixtures/payloads/issue_comment.created.json" with { type: "json" };
import { APP_ID, PERSON } from "./github-mock.js";

export interface CheckEventOptions {
  appId?: number;
  /** Fork PRs are not listed by GitHub in check events. */
  listsPullRequests?: boolean;
}

export function checkRunPayload(
  action: "rerequested" | "requested_action",
  options: CheckEventOptions & { identifier?: string } = {},
) {
  const payload = structuredClone(
    action === "rerequested" ? checkRunRerequested : checkRunRequestedAction,
  );
  payload.check_run.app.id = options.appId ?? APP_ID;
  if (options.listsPullRequests === false) payload.check_run.pull_requests = [];
  if ("requested_action" in payload) {
    payload.requested_action.identifier = options.identifier ?? "rescan";
  }
  return payload;
}

export function checkSuitePayload(options: CheckEventOptions = {}) {
  const payload = structuredClone(checkSuiteRerequested);
  payload.check_suite.app.id = options.appId ?? APP_ID;
  if (options.listsPullRequests === false) payload.check_suite.pull_requests = [];
  return payload;
}

export const PR_AUTHOR = { login: "Codertocat", type: "User" } as const;
export const COMMENT_ID = 492700400;

export interface CommentOptions {
  body?: string;
  user?: { login: string; type: string };
  action?: "created" | "edited" | "deleted";
  /** A plain issue, not a pull request. */
  onIssue?: boolean;
  commentId?: number;
}

export function commentPayload(options: CommentOptions = {}) {
  const payload = structuredClone(issueCommentCreated) as typeof issueCommentCreated & {
    changes?: object;
  };
  payload.action = options.action ?? "created";
  payload.comment.body = options.body ?? "/django-signals rescan";
  payload.comment.id = options.commentId ?? COMMENT_ID;
  Object.assign(payload.comment.user, options.user ?? PERSON);
  if (options.onIssue) {
    const issue: { pull_request?: unknown } = payload.issue;
    delete issue.pull_request;
  }
  if (payload.action === "edited") payload.changes = { body: { from: "/django-signals help" } };
  return payload;
}
