// `/django-signals` commands in a pull request's conversation: who may run them, what the
// comment is told (reactions, replies), and a burst of them giving one scan.
import { describe, expect, it } from "vitest";
import {
  BOT,
  completionOf,
  expectCheckRun,
  expectIssueComment,
  expectReaction,
  expectReview,
  github,
  OWNER,
  REPO,
  withBlob,
  withFileReads,
  withIssueComments,
  withoutConfig,
  withPermission,
  withPullFiles,
  withPullState,
  withReviewComments,
  withReviews,
} from "./helpers/github-mock.js";
import type { CheckRunWrite, PostedReview } from "./helpers/github-mock.js";
import {
  asBotComments,
  fullScan,
  loggedMessages,
  scanReads,
  useHarness,
  ADDED_SIGNALS_FILE,
} from "./helpers/flow.js";
import { COMMENT_ID, commentPayload, PR_AUTHOR } from "./helpers/payloads.js";

const harness = useHarness();

/** A command's scan: the PR's current head first, then a full scan with its check run. */
function commandScan(checkRun: CheckRunWrite[] = [], posted: PostedReview[] = []) {
  return withPullState(fullScan(checkRun, posted));
}

describe("/django-signals rescan", () => {
  it("from the PR's author: eyes, one full scan with its check run, then rocket", async () => {
    const reactions: string[] = [];
    const checkRun: CheckRunWrite[] = [];
    const posted: PostedReview[] = [];
    const scope = commandScan(checkRun, posted);
    expectReaction(scope, reactions, COMMENT_ID);
    expectReaction(scope, reactions, COMMENT_ID);

    await harness().deliver(commentPayload({ user: PR_AUTHOR }), "issue_comment");

    scope.done();
    expect(reactions).toEqual([`${COMMENT_ID}:eyes`, `${COMMENT_ID}:rocket`]);
    expect(completionOf(checkRun)?.conclusion).toBe("neutral");
    expect(posted).toHaveLength(1);
  });

  it("waits out a secondary rate limit on its reaction, then runs", async () => {
    const reactions: string[] = [];
    const scope = commandScan();
    scope
      .post(`/repos/${OWNER}/${REPO}/issues/comments/${COMMENT_ID}/reactions`)
      .reply(403, { message: "You have exceeded a secondary rate limit." }, { "retry-after": "5" });
    expectReaction(scope, reactions, COMMENT_ID);
    expectReaction(scope, reactions, COMMENT_ID);

    await harness().deliver(commentPayload({ user: PR_AUTHOR }), "issue_comment");

    scope.done();
    expect(harness().sleeps).toContain(5_000);
    expect(reactions).toEqual([`${COMMENT_ID}:eyes`, `${COMMENT_ID}:rocket`]);
  });

  it("posts only what is missing: a re-scan after a review posts no second one", async () => {
    const first: PostedReview[] = [];
    const opened = withReviews(scanReads([ADDED_SIGNALS_FILE]));
    withPullState(opened);
    expectReview(opened, first);
    expectReaction(opened, [], COMMENT_ID);
    expectReaction(opened, [], COMMENT_ID);
    await harness().deliver(commentPayload({ user: PR_AUTHOR }), "issue_comment");
    opened.done();

    const reactions: string[] = [];
    const checkRun: CheckRunWrite[] = [];
    const again = scanReads([ADDED_SIGNALS_FILE], asBotComments(first[0]), checkRun);
    withPullState(again);
    expectReaction(again, reactions, 2);
    expectReaction(again, reactions, 2);
    await harness().deliver(commentPayload({ user: PR_AUTHOR, commentId: 2 }), "issue_comment");

    again.done();
    expect(reactions).toEqual(["2:eyes", "2:rocket"]);
    expect(completionOf(checkRun)?.output?.annotations).toHaveLength(2);
    expect(loggedMessages(harness())).toContain("nothing new to post");
  });

  it.each([
    ["admin", "admin"],
    ["maintain", "write"],
    ["write", "write"],
  ])("runs for a collaborator whose role is %s", async (role, permission) => {
    const reactions: string[] = [];
    const scope = commandScan();
    withPermission(scope, "octocat", permission, role);
    expectReaction(scope, reactions, COMMENT_ID);
    expectReaction(scope, reactions, COMMENT_ID);

    await harness().deliver(commentPayload(), "issue_comment");

    scope.done();
    expect(reactions).toEqual([`${COMMENT_ID}:eyes`, `${COMMENT_ID}:rocket`]);
  });

  it.each([
    ["triage", "read"],
    ["read", "read"],
    ["none", "none"],
  ])("politely refuses a user whose role is %s, and runs nothing", async (role, permission) => {
    const reactions: string[] = [];
    const replies: string[] = [];
    const scope = github();
    withPermission(scope, "octocat", permission, role);
    withIssueComments(scope);
    expectIssueComment(scope, replies);
    expectReaction(scope, reactions, COMMENT_ID);

    await harness().deliver(commentPayload(), "issue_comment");

    scope.done();
    expect(reactions).toEqual([`${COMMENT_ID}:confused`]);
    expect(replies).toEqual([
      "Sorry @octocat, only people with write access to this repository, and the pull request's author, can run `/django-signals rescan`. A maintainer can run it for you; every push to the pull request is scanned anyway.\n\n<!-- django-signals:refused=octocat -->",
    ]);
  });

  it("refuses again with a reaction only when it told the same person within the hour", async () => {
    const reactions: string[] = [];
    // No comment is expected: posting one would meet no mock and fail the handler.
    const scope = github();
    withPermission(scope, "octocat", "read", "read");
    withIssueComments(scope, [
      // Another bot's copy of the marker does not count; ours from ten minutes ago does.
      {
        body: "<!-- django-signals:refused=octocat -->",
        user: { login: "other[bot]", type: "Bot" },
        created_at: new Date(Date.now() - 60_000).toISOString(),
      },
      {
        body: "Sorry @octocat, ...\n\n<!-- django-signals:refused=octocat -->",
        user: BOT,
        created_at: new Date(Date.now() - 10 * 60_000).toISOString(),
      },
    ]);
    expectReaction(scope, reactions, COMMENT_ID);

    await harness().deliver(commentPayload(), "issue_comment");

    scope.done();
    expect(reactions).toEqual([`${COMMENT_ID}:confused`]);
  });

  it("refuses someone GitHub does not know as a collaborator (404)", async () => {
    const reactions: string[] = [];
    const scope = github()
      .get(`/repos/${OWNER}/${REPO}/collaborators/octocat/permission`)
      .reply(404, { message: "Not Found" });
    withIssueComments(scope);
    expectIssueComment(scope, []);
    expectReaction(scope, reactions, COMMENT_ID);

    await harness().deliver(commentPayload(), "issue_comment");

    scope.done();
    expect(reactions).toEqual([`${COMMENT_ID}:confused`]);
  });

  it("answers confused when the scan fails", async () => {
    const reactions: string[] = [];
    const checkRun: CheckRunWrite[] = [];
    const scope = github();
    expectReaction(scope, reactions, COMMENT_ID);
    withPullState(scope);
    withoutConfig(scope);
    expectCheckRun(scope, checkRun);
    // Listing the files fails the scan (one unreadable file would only be named as not scanned).
    scope.get(/\/pulls\/\d+\/files/).reply(500, { message: "Server Error" });
    expectReaction(scope, reactions, COMMENT_ID);

    await harness().deliver(commentPayload({ user: PR_AUTHOR }), "issue_comment");

    scope.done();
    expect(reactions).toEqual([`${COMMENT_ID}:eyes`, `${COMMENT_ID}:confused`]);
    expect(completionOf(checkRun)?.output?.title).toBe(
      "scan failed: HttpError (HTTP 500): Server Error",
    );
    expect(harness().takeErrors()).toMatchObject([{ msg: "scan failed", delivery: "delivery-1" }]);
  });

  it("answers confused on a pull request closed meanwhile", async () => {
    const reactions: string[] = [];
    const scope = github();
    expectReaction(scope, reactions, COMMENT_ID);
    withPullState(scope, "closed");
    expectReaction(scope, reactions, COMMENT_ID);

    await harness().deliver(commentPayload({ user: PR_AUTHOR }), "issue_comment");

    scope.done();
    expect(reactions).toEqual([`${COMMENT_ID}:eyes`, `${COMMENT_ID}:confused`]);
  });

  it("follows a push during the scan: the new head is scanned, then rocket", async () => {
    const newHead = "2222222222222222222222222222222222222222";
    const reactions: string[] = [];
    const oldRun: CheckRunWrite[] = [];
    const newRun: CheckRunWrite[] = [];
    const scope = github();
    expectReaction(scope, reactions, COMMENT_ID);
    // The first scan: at HEAD_SHA, which is no longer the head when it ends.
    withPullState(scope);
    withoutConfig(scope);
    expectCheckRun(scope, oldRun);
    withPullFiles(scope, [ADDED_SIGNALS_FILE]);
    withBlob(scope, ADDED_SIGNALS_FILE.head ?? "");
    withPullState(scope, "open", newHead);
    // The scan queued for the comment again: at the new head.
    withPullState(scope, "open", newHead);
    withoutConfig(scope);
    scope
      .get(`/repos/${OWNER}/${REPO}/commits/${newHead}/check-runs`)
      .query(true)
      .reply(200, { total_count: 0, check_runs: [] });
    scope
      .post(`/repos/${OWNER}/${REPO}/check-runs`, (body: CheckRunWrite["body"]) => {
        newRun.push({ method: "POST", body });
        return body.head_sha === newHead;
      })
      .reply(201, { id: 5000 })
      .patch(`/repos/${OWNER}/${REPO}/check-runs/5000`, (body: CheckRunWrite["body"]) => {
        newRun.push({ method: "PATCH", body });
        return true;
      })
      .reply(200, { id: 5000 });
    withPullFiles(scope, [ADDED_SIGNALS_FILE]);
    withFileReads(scope, [ADDED_SIGNALS_FILE]);
    withPullState(scope, "open", newHead);
    withReviewComments(scope);
    withReviews(scope);
    expectReview(scope, []);
    expectReaction(scope, reactions, COMMENT_ID);

    await harness().deliver(commentPayload({ user: PR_AUTHOR }), "issue_comment");

    scope.done();
    expect(completionOf(oldRun)?.output?.title).toBe("superseded by 2222222");
    expect(completionOf(newRun)?.conclusion).toBe("neutral");
    expect(reactions).toEqual([`${COMMENT_ID}:eyes`, `${COMMENT_ID}:rocket`]);
  });
});

describe("a burst of five commands on one pull request", () => {
  it("runs one scan, and every comment gets eyes, then rocket", async () => {
    const ids = [11, 12, 13, 14, 15];
    const reactions: string[] = [];
    const checkRun: CheckRunWrite[] = [];
    const scope = commandScan(checkRun);
    for (const id of ids) {
      expectReaction(scope, reactions, id);
      expectReaction(scope, reactions, id);
    }

    // The first command's scan waits (as it does for a moment in production) while the
    // other four arrive.
    const release = harness().holdSleeps();
    await Promise.all(
      ids.map((commentId) =>
        harness().receive(commentPayload({ user: PR_AUTHOR, commentId }), "issue_comment"),
      ),
    );
    release();
    await harness().idle();

    scope.done();
    expect(checkRun.filter((write) => write.method === "POST")).toHaveLength(1);
    expect(reactions.filter((reaction) => reaction.endsWith(":eyes"))).toHaveLength(5);
    expect(reactions.filter((reaction) => reaction.endsWith(":rocket")).sort()).toEqual(
      ids.map((id) => `${id}:rocket`),
    );
    expect(loggedMessages(harness())).toContain(
      "skipping the re-scan: a scan that started after the command answered it",
    );
  });
});

describe("comments that run nothing", () => {
  it("ignores a bot's comment", async () => {
    await harness().deliver(
      commentPayload({ user: { login: "django-signals[bot]", type: "Bot" } }),
      "issue_comment",
    );
    expect(loggedMessages(harness())).toContain(
      "ignoring the command: a bot (or a deleted account) wrote it",
    );
  });

  it("ignores a login ending in [bot] even when GitHub says User", async () => {
    await harness().deliver(
      commentPayload({ user: { login: "renovate[bot]", type: "User" } }),
      "issue_comment",
    );
    expect(loggedMessages(harness())).toContain(
      "ignoring the command: a bot (or a deleted account) wrote it",
    );
  });

  it("ignores an edited comment and a deleted one", async () => {
    await harness().deliver(commentPayload({ user: PR_AUTHOR, action: "edited" }), "issue_comment");
    await harness().deliver(
      commentPayload({ user: PR_AUTHOR, action: "deleted" }),
      "issue_comment",
    );
    expect(loggedMessages(harness()).filter((msg) => msg.includes("command"))).toEqual([]);
  });

  it("ignores a command on a plain issue", async () => {
    await harness().deliver(commentPayload({ user: PR_AUTHOR, onIssue: true }), "issue_comment");
    expect(loggedMessages(harness())).toContain(
      "ignoring the command: it is on an issue, not on a pull request",
    );
  });

  it("ignores a quoted command", async () => {
    await harness().deliver(
      commentPayload({ user: PR_AUTHOR, body: "> /django-signals rescan\n\nDid this work?" }),
      "issue_comment",
    );
    expect(harness().logs.filter((entry) => "comment" in entry)).toEqual([]);
  });
});

describe("/django-signals help", () => {
  it("answers anyone with the commands and config keys", async () => {
    const replies: string[] = [];
    const scope = expectIssueComment(github(), replies);

    await harness().deliver(commentPayload({ body: "/django-signals help" }), "issue_comment");

    scope.done();
    expect(replies).toHaveLength(1);
    await expect(replies[0]).toMatchFileSnapshot("__snapshots__/help.comment.md");
  });

  it("answers an unknown subcommand with the help, naming it", async () => {
    const replies: string[] = [];
    const scope = expectIssueComment(github(), replies);

    await harness().deliver(commentPayload({ body: "/django-signals scan-all" }), "issue_comment");

    scope.done();
    expect(replies[0]).toMatch(/^`\/django-signals scan-all` is not a command I know\.\n\n/);
    expect(replies[0]).toContain("`/django-signals rescan`");
  });
});
