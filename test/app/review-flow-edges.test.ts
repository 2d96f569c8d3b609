// The review flow where GitHub or the pull request does something unusual.
import { describe, expect, it } from "vitest";
import {
  BASE_SHA,
  blobSha,
  completionOf,
  contentsPath,
  expectCheckRun,
  expectReview,
  github,
  OWNER,
  PERSON,
  REPO,
  withBlob,
  withoutConfig,
  withPullFiles,
  withPullState,
  withReviewComments,
  withReviews,
} from "./helpers/github-mock.js";
import type { CheckRunWrite, FileChange, PostedReview } from "./helpers/github-mock.js";
import { asBotComments, fullScan, loggedMessages, scanReads, useHarness } from "./helpers/flow.js";
import { pullRequestPayload } from "./helpers/harness.js";
import { IMPORTS, receiverSource, signalsModule } from "./helpers/python.js";

const harness = useHarness();

const notifyAuthor = { handler: "notify_author", sender: "Book" };
const addedSignals: FileChange = {
  path: "library/signals.py",
  status: "added",
  base: null,
  head: signalsModule([notifyAuthor]),
};

describe("a file whose patch GitHub omits", () => {
  it("is read anyway, and its receiver goes into the review body with file:line", async () => {
    const change: FileChange = { ...addedSignals, omitPatch: true };
    const posted: PostedReview[] = [];
    const scope = fullScan([], posted, [change]);

    await harness().deliver(pullRequestPayload());

    scope.done();
    expect(posted[0]?.comments).toEqual([]);
    await expect(posted[0]?.body).toMatchFileSnapshot("__snapshots__/missing-patch.review-body.md");
  });
});

describe("a 2 MB file", () => {
  it("is read through the blobs API; its base is rebuilt from the patch", async () => {
    const filler = Array.from(
      { length: 100_000 },
      (_, index) => `SETTING_${index} = ${index}`,
    ).join("\n");
    const base = `${IMPORTS}\n${filler}\n`;
    const head = `${base}${receiverSource(notifyAuthor)}`;
    expect(head.length).toBeGreaterThan(2_000_000);
    const change: FileChange = {
      path: "library/settings_signals.py",
      status: "modified",
      base,
      head,
    };
    const posted: PostedReview[] = [];
    const scope = fullScan([], posted, [change]);

    await harness().deliver(pullRequestPayload());

    scope.done();
    expect(posted[0]?.comments.map(({ path, line }) => ({ path, line }))).toEqual([
      { path: change.path, line: 100_008 },
    ]);
  });

  it("without a patch, has its base read through the contents API, then the blob", async () => {
    const base = `${IMPORTS}\n${"X = 1\n".repeat(200_000)}`;
    const change: FileChange = {
      path: "library/settings_signals.py",
      status: "modified",
      base,
      head: `${base}${receiverSource(notifyAuthor)}`,
      omitPatch: true,
    };
    const posted: PostedReview[] = [];
    const scope = github();
    withoutConfig(scope);
    expectCheckRun(scope, []);
    withPullFiles(scope, [change]);
    withBlob(scope, change.head ?? "");
    // Over 1 MB the contents API answers without content; the blob has it.
    scope
      .get(contentsPath(OWNER, REPO, change.path))
      .query({ ref: BASE_SHA })
      .reply(200, {
        type: "file",
        encoding: "none",
        content: "",
        size: base.length,
        path: change.path,
        sha: blobSha(base),
      });
    withBlob(scope, base);
    withPullState(scope);
    withReviewComments(scope);
    withReviews(scope);
    expectReview(scope, posted);

    await harness().deliver(pullRequestPayload());

    scope.done();
    expect(posted[0]?.body).toContain("`library/settings_signals.py:200008`");
  });
});

describe("a pull request from a fork", () => {
  it("reads through the base repository and falls back to the fork", async () => {
    const posted: PostedReview[] = [];
    const scope = github();
    withoutConfig(scope);
    expectCheckRun(scope, []);
    withPullFiles(scope, [addedSignals]);
    scope
      .get(`/repos/${OWNER}/${REPO}/git/blobs/${blobSha(addedSignals.head ?? "")}`)
      .reply(404, { message: "Not Found" });
    withBlob(scope, addedSignals.head ?? "", `/repos/forker/${REPO}`);
    withPullState(scope);
    withReviewComments(scope);
    withReviews(scope);
    expectReview(scope, posted);

    await harness().deliver(pullRequestPayload({ fork: { owner: "forker", repo: REPO } }));

    scope.done();
    expect(posted[0]?.comments).toHaveLength(1);
  });
});

/** A scan of `addedSignals` whose last look finds the PR `state` at `headSha`. */
function scanFindingThePullAt(checkRun: CheckRunWrite[], state: string, headSha?: string) {
  const scope = github();
  withoutConfig(scope);
  expectCheckRun(scope, checkRun);
  withPullFiles(scope, [addedSignals]);
  withBlob(scope, addedSignals.head ?? "");
  return withPullState(scope, state, headSha);
}

describe("a pull request that is closed or moved on", () => {
  it("is not scanned when the event is for a closed pull request", async () => {
    await harness().deliver(pullRequestPayload({ action: "reopened", state: "closed" }));
    expect(loggedMessages(harness())).toContain("skipping: the pull request is not open");
  });

  it("gets nothing when it was closed during the scan; its check run ends neutral", async () => {
    const checkRun: CheckRunWrite[] = [];
    const scope = scanFindingThePullAt(checkRun, "closed");

    await harness().deliver(pullRequestPayload());

    scope.done();
    expect(
      harness().logs.find((entry) => entry.msg.startsWith("dropping the scan result")),
    ).toMatchObject({
      reason: "the pull request is closed",
    });
    expect(completionOf(checkRun)).toMatchObject({
      conclusion: "neutral",
      output: { title: "superseded: the pull request is closed", annotations: [] },
    });
  });

  it("gets nothing for an old head when a newer one was pushed; its check run says by which", async () => {
    const checkRun: CheckRunWrite[] = [];
    const scope = scanFindingThePullAt(
      checkRun,
      "open",
      "1111111111111111111111111111111111111111",
    );

    await harness().deliver(pullRequestPayload());

    scope.done();
    expect(
      harness().logs.find((entry) => entry.msg.startsWith("dropping the scan result")),
    ).toMatchObject({
      reason: "the head moved on to 1111111111111111111111111111111111111111",
    });
    expect(completionOf(checkRun)).toMatchObject({
      conclusion: "neutral",
      output: { title: "superseded by 1111111" },
    });
  });
});

describe("a review GitHub rejects with 422", () => {
  it("keeps the comments on added lines inline and lists the other in the body", async () => {
    const multiLine = (sender: string) =>
      `${IMPORTS}\n\n@receiver(\n    post_save,\n    sender=${sender},\n)\ndef recount(sender, instance, **kwargs):\n    instance.touch()\n`;
    const change: FileChange = {
      path: "library/signals.py",
      status: "modified",
      base: multiLine("Author"),
      head: multiLine("Book") + receiverSource(notifyAuthor),
    };
    const posted: PostedReview[] = [];
    const scope = withReviews(scanReads([change]));
    expectReview(scope, posted, 422);
    expectReview(scope, posted);

    await harness().deliver(pullRequestPayload());

    scope.done();
    expect(posted.map((review) => review.comments.map(({ line }) => line))).toEqual([
      [7, 15],
      [15],
    ]);
    expect(posted[1]?.body).toContain("GitHub did not accept a comment on that line");
    expect(posted[1]?.body).toContain(
      "[`library/signals.py:7`](https://github.com/Codertocat/Hello-World/blob/ec26c3e57ca3a959ca5aad62de7213c562f8c821/library/signals.py#L7): **`recount` runs on `post_save` of `Book`**",
    );
    expect(harness().logs.find((entry) => entry.level === 40)).toMatchObject({
      msg: "GitHub rejected the review's inline comments; moving them into the review body",
      inline: 2,
    });
  });
});

describe("GitHub's secondary rate limit", () => {
  it("waits retry-after and posts the review again", async () => {
    const posted: PostedReview[] = [];
    const scope = withReviews(scanReads([addedSignals]));
    scope
      .post(`/repos/${OWNER}/${REPO}/pulls/2/reviews`)
      .reply(403, { message: "You have exceeded a secondary rate limit." }, { "retry-after": "7" });
    expectReview(scope, posted);

    await harness().deliver(pullRequestPayload());

    scope.done();
    expect(harness().sleeps).toEqual([7_000]);
    expect(posted).toHaveLength(1);
  });
});

describe("a pull request adding 35 receivers", () => {
  it("gets a review of 30 comments and a paced follow-up of 5", async () => {
    const specs = Array.from({ length: 35 }, (_, index) => ({
      handler: `handler_${index}`,
      sender: "Book",
    }));
    const change: FileChange = {
      path: "library/signals.py",
      status: "added",
      base: null,
      head: signalsModule(specs),
    };
    const posted: PostedReview[] = [];
    const scope = fullScan([], posted, [change]);
    expectReview(scope, posted);

    await harness().deliver(pullRequestPayload());

    scope.done();
    expect(posted.map((review) => review.comments.length)).toEqual([30, 5]);
    expect(posted[0]?.body).toContain("found 35 new signal receivers (this review and 1 more)");
    expect(posted[1]?.body).toBe("**django-signals**, continued (2 of 2).");
    expect(harness().sleeps).toEqual([22_500]);
  });
});

describe("a push that removes a receiver we commented on", () => {
  const removed: FileChange = {
    path: "library/signals.py",
    status: "added",
    base: null,
    head: IMPORTS,
  };

  async function commentedOnce(): Promise<PostedReview> {
    const posted: PostedReview[] = [];
    const scope = fullScan([], posted, [addedSignals]);
    await harness().deliver(pullRequestPayload());
    scope.done();
    return posted[0] as PostedReview;
  }

  it("hides our comment as outdated", async () => {
    const [ours] = asBotComments(await commentedOnce());
    const graphql: unknown[] = [];
    const scope = scanReads([removed], ours ? [ours] : []);
    scope
      .post("/graphql", (body: unknown) => graphql.push(body) > 0)
      .reply(200, { data: { nodes: [{ id: ours?.node_id, isMinimized: false }] } })
      .post("/graphql", (body: unknown) => graphql.push(body) > 0)
      .reply(200, { data: { minimizeComment: { minimizedComment: { isMinimized: true } } } });

    await harness().deliver(pullRequestPayload({ action: "synchronize" }));

    scope.done();
    expect(graphql).toMatchObject([
      { variables: { ids: [ours?.node_id] } },
      { query: expect.stringContaining("classifier: OUTDATED"), variables: { id: ours?.node_id } },
    ]);
  });

  it("leaves it alone when a person replied", async () => {
    const [ours] = asBotComments(await commentedOnce());
    if (!ours) throw new Error("a posted comment expected");
    const reply = {
      id: 900,
      node_id: "PRRC_900",
      body: "We need it for the audit log.",
      path: ours.path,
      in_reply_to_id: ours.id,
      user: PERSON,
    };
    const scope = scanReads([removed], [ours, reply]);

    await harness().deliver(pullRequestPayload({ action: "synchronize" }));

    scope.done();
  });
});

describe("a receiver added by a later push of a renamed file", () => {
  it("compares with the base under the old name", async () => {
    const change: FileChange = {
      path: "library/receivers.py",
      previousPath: "library/signals.py",
      status: "renamed",
      base: signalsModule([notifyAuthor]),
      head: signalsModule([notifyAuthor, { handler: "recount", sender: "Author" }]),
    };
    const posted: PostedReview[] = [];
    const scope = fullScan([], posted, [change]);

    await harness().deliver(pullRequestPayload());

    scope.done();
    expect(posted[0]?.comments.map(({ path, line }) => ({ path, line }))).toEqual([
      { path: "library/receivers.py", line: 12 },
    ]);
  });
});
