// The pull-request review flow end to end: GitHub's webhook payload in, the exact API calls out.
import { describe, expect, it } from "vitest";
import {
  completionOf,
  expectCheckRun,
  expectReview,
  github,
  HEAD_SHA,
  withFileReads,
  withoutConfig,
  withPullFiles,
  withPullState,
  withReviewComments,
  withReviews,
} from "./helpers/github-mock.js";
import type { CheckRunWrite, FileChange, PostedReview } from "./helpers/github-mock.js";
import {
  asBotComments,
  countRequests,
  loggedMessages,
  scanReads,
  useHarness,
  ADDED_SIGNALS_FILE,
  fullScan,
} from "./helpers/flow.js";
import { pullRequestPayload } from "./helpers/harness.js";
import { IMPORTS, plainModule, signalsModule } from "./helpers/python.js";

const harness = useHarness();

describe("a pull request that adds one receiver", () => {
  it("gets one review with one inline comment on the registration line", async () => {
    const posted: PostedReview[] = [];
    const scope = fullScan([], posted);

    await harness().deliver(pullRequestPayload());

    scope.done();
    expect(posted).toHaveLength(1);
    const [review] = posted;
    expect(review?.commit_id).toBe(HEAD_SHA);
    expect(review?.event).toBe("COMMENT");
    expect(review?.comments.map(({ path, line, side }) => ({ path, line, side }))).toEqual([
      { path: "library/signals.py", line: 7, side: "RIGHT" },
    ]);
    expect(review?.body).toContain("found 1 new signal receiver");
    await expect(review?.comments[0]?.body).toMatchFileSnapshot(
      "__snapshots__/update-num-books.comment.md",
    );
  });

  it("posts nothing when the same webhook is delivered again", async () => {
    const posted: PostedReview[] = [];
    const first = fullScan([], posted);
    await harness().deliver(pullRequestPayload());
    first.done();

    const second = scanReads([ADDED_SIGNALS_FILE], asBotComments(posted[0]));
    await harness().deliver(pullRequestPayload());

    second.done();
    expect(posted).toHaveLength(1);
    expect(loggedMessages(harness()).includes("nothing new to post")).toBe(true);
  });
});

describe("the review comments of the pull request", () => {
  const plainChange: FileChange = {
    path: "library/utils.py",
    status: "added",
    base: null,
    head: "def helper():\n    return 1\n",
  };

  it("are not listed when the PR has none and the scan finds nothing", async () => {
    const scope = github();
    withoutConfig(scope);
    expectCheckRun(scope, []);
    withPullFiles(scope, [plainChange]);
    withFileReads(scope, [plainChange]);
    withPullState(scope, "open", HEAD_SHA, 0);

    await harness().deliver(pullRequestPayload());

    scope.done();
    expect(loggedMessages(harness())).toContain("nothing new to post");
  });

  it("are listed when the PR has some: one of them may be ours", async () => {
    const posted: PostedReview[] = [];
    const first = fullScan([], posted);
    await harness().deliver(pullRequestPayload());
    first.done();

    const second = github();
    withoutConfig(second);
    expectCheckRun(second, []);
    withPullFiles(second, [ADDED_SIGNALS_FILE]);
    withFileReads(second, [ADDED_SIGNALS_FILE]);
    withPullState(second, "open", HEAD_SHA, 1);
    withReviewComments(second, asBotComments(posted[0]));
    await harness().deliver(pullRequestPayload());

    second.done();
    expect(posted).toHaveLength(1);
  });
});

describe("a synchronize that adds a second receiver", () => {
  it("comments only on the new receiver", async () => {
    const first = { handler: "notify_author", sender: "Book" };
    const second = { handler: "recount_authors", sender: "Author" };
    const opened: FileChange = {
      path: "library/signals.py",
      status: "added",
      base: null,
      head: signalsModule([first]),
    };
    const posted: PostedReview[] = [];
    const scope = fullScan([], posted, [opened]);
    await harness().deliver(pullRequestPayload());
    scope.done();

    const pushed: FileChange = { ...opened, head: signalsModule([first, second]) };
    const resync = withReviews(scanReads([pushed], asBotComments(posted[0])));
    expectReview(resync, posted);
    await harness().deliver(pullRequestPayload({ action: "synchronize" }));

    resync.done();
    expect(posted).toHaveLength(2);
    expect(posted[1]?.comments.map(({ line }) => line)).toEqual([12]);
    expect(posted[1]?.comments[0]?.body).toContain(
      "`recount_authors` runs on `post_save` of `Author`",
    );
  });
});

describe("a receiver moved to another file", () => {
  it("posts nothing", async () => {
    const spec = { handler: "notify_author", sender: "Book" };
    const changes: FileChange[] = [
      {
        path: "library/signals.py",
        status: "modified",
        base: signalsModule([spec]),
        head: IMPORTS,
      },
      { path: "library/receivers.py", status: "added", base: null, head: signalsModule([spec]) },
    ];
    const scope = scanReads(changes);

    await harness().deliver(pullRequestPayload());

    scope.done();
    expect(loggedMessages(harness()).includes("nothing new to post")).toBe(true);
  });
});

describe("a pull request without Python", () => {
  it("reads no file, posts nothing, and the check run succeeds", async () => {
    const changes: FileChange[] = [
      { path: "README.md", status: "modified", base: "# Library\n", head: "# Library app\n" },
      { path: "static/app.js", status: "added", base: null, head: "receiver();\n" },
    ];
    const checkRun: CheckRunWrite[] = [];
    const scope = github();
    withoutConfig(scope);
    expectCheckRun(scope, checkRun);
    withPullFiles(scope, changes);
    withPullState(scope);
    withReviewComments(scope);

    await harness().deliver(pullRequestPayload());

    scope.done();
    expect(completionOf(checkRun)).toMatchObject({
      conclusion: "success",
      output: { title: "No new signal receivers", annotations: [] },
    });
  });
});

describe("a pull request of 300 files, 20 of them Python, 3 adding receivers", () => {
  // By Python file: on the first, second and third page of the files list.
  const receivers = new Map([
    [0, { handler: "notify_author", sender: "Book" }],
    [10, { handler: "recount_books", sender: "Author" }],
    [19, { handler: "reindex_book", sender: "Book" }],
  ]);

  /** The change of each file, and whether its patch makes the scan read it. */
  function pullRequestFiles(): { change: FileChange; read: boolean }[] {
    return Array.from({ length: 300 }, (_, index) => {
      // 20 Python files spread over the 3 pages of the files list.
      if (index % 15 !== 0) {
        const change: FileChange = {
          path: `docs/page-${index}.md`,
          status: "modified",
          base: `# Page ${index}\n`,
          head: `# Page ${index}, revised\n`,
        };
        return { change, read: false };
      }
      const slot = index / 15;
      const path = `library/module_${slot}.py`;
      const base = plainModule(`helper_${slot}`, "TIMEOUT = 30\n");
      const receiver = receivers.get(slot);
      if (receiver)
        return {
          change: { path, status: "modified", base, head: `${base}\n${signalsModule([receiver])}` },
          read: true,
        };
      // Half of the others add a function (it could matter: read), half change a constant (skipped).
      if (slot % 2 === 0)
        return {
          change: {
            path,
            status: "modified",
            base,
            head: `${base}\n\ndef extra_${slot}():\n    return None\n`,
          },
          read: true,
        };
      return {
        change: { path, status: "modified", base, head: base.replace("30", "60") },
        read: false,
      };
    });
  }

  it("posts one review with the three comments, in few API calls", async () => {
    const files = pullRequestFiles();
    const read = files.filter((file) => file.read).map((file) => file.change);
    const posted: PostedReview[] = [];
    const checkRun: CheckRunWrite[] = [];
    const scope = github();
    withoutConfig(scope);
    expectCheckRun(scope, checkRun);
    withPullFiles(
      scope,
      files.map((file) => file.change),
    );
    withFileReads(scope, read);
    // No review comments on the PR yet: the scan does not list them.
    withPullState(scope, "open", HEAD_SHA, 0);
    withReviews(scope);
    expectReview(scope, posted);
    const requests = countRequests(scope);

    await harness().deliver(pullRequestPayload());

    scope.done();
    expect(posted).toHaveLength(1);
    expect(posted[0]?.comments.map(({ path }) => path)).toEqual([
      "library/module_0.py",
      "library/module_10.py",
      "library/module_19.py",
    ]);
    expect(read).toHaveLength(11);
    expect(completionOf(checkRun)?.output?.annotations).toHaveLength(3);
    // config (repository, then the owner's .github) 2 + check run lookup, create, complete 3 +
    // file pages 3 + 11 heads (the bases are rebuilt from the patches) + the PR re-read 1 +
    // review bodies 1 + the review 1 (no review comments to list: the PR has none)
    expect(requests()).toBe(22);
  });
});
