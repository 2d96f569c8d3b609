// The `Django signals` check run of a scan: opened in progress, completed with the right
// conclusion, its annotations in batches GitHub accepts.
import { describe, expect, it } from "vitest";
import {
  CHECK_RUN_ID,
  completionOf,
  expectCheckRun,
  expectCheckRunCreate,
  expectCheckRunUpdates,
  expectReview,
  github,
  HEAD_SHA,
  OWNER,
  REPO,
  withCheckRunLookup,
  withConfig,
  withFileReads,
  withoutConfig,
  withPullFiles,
  withPullState,
  withReviewComments,
  withReviews,
} from "./helpers/github-mock.js";
import type { CheckRunWrite, FileChange, PostedReview } from "./helpers/github-mock.js";
import { checkRunOnlyScan, fullScan, useHarness, ADDED_SIGNALS_FILE } from "./helpers/flow.js";
import { pullRequestPayload } from "./helpers/harness.js";
import { signalsModule } from "./helpers/python.js";

const harness = useHarness();

const DEFAULT_DOCS =
  "https://github.com/django-signals-bot/django-signals-bot/blob/main/docs/rules";

describe("the check run of a scan", () => {
  it("is created in progress, then completed with counts, table, annotations and a Re-scan button", async () => {
    const checkRun: CheckRunWrite[] = [];
    const posted: PostedReview[] = [];
    const scope = fullScan(checkRun, posted);

    await harness().deliver(pullRequestPayload());

    scope.done();
    expect(checkRun.map((write) => write.method)).toEqual(["POST", "PATCH"]);
    expect(checkRun[0]?.body).toEqual({
      name: "Django signals",
      head_sha: HEAD_SHA,
      status: "in_progress",
      details_url: DEFAULT_DOCS,
      output: {
        title: "Scanning",
        summary: "**django-signals** is reading the Python files this pull request changes.",
      },
    });
    const completion = checkRun[1]?.body;
    expect(completion).toMatchObject({
      status: "completed",
      conclusion: "neutral",
      details_url: DEFAULT_DOCS,
      actions: [
        { label: "Re-scan", description: "Scan this pull request again", identifier: "rescan" },
      ],
      output: { title: "1 new signal receiver, 1 stored aggregate" },
    });
    expect(
      completion?.output?.annotations?.map(
        ({ path, start_line, end_line, annotation_level, title }) => ({
          path,
          start_line,
          end_line,
          annotation_level,
          title,
        }),
      ),
    ).toEqual([
      {
        path: "library/signals.py",
        start_line: 7,
        end_line: 7,
        annotation_level: "warning",
        title: "model-signal-receiver: Receiver of a model signal",
      },
      {
        path: "library/signals.py",
        start_line: 10,
        end_line: 10,
        annotation_level: "notice",
        title: "denormalized-aggregate: Receiver that stores a count or aggregate",
      },
    ]);
    await expect(
      [
        `# ${completion?.output?.title}`,
        completion?.output?.summary,
        completion?.output?.text,
      ].join("\n\n"),
    ).toMatchFileSnapshot("__snapshots__/update-num-books.check-run.md");
    expect(posted).toHaveLength(1);
  });

  it("fails when the config says so for findings", async () => {
    const checkRun: CheckRunWrite[] = [];
    const scope = checkRunOnlyScan(
      [ADDED_SIGNALS_FILE],
      "conclusion_on_findings: failure\n",
      checkRun,
    );

    await harness().deliver(pullRequestPayload());

    scope.done();
    expect(completionOf(checkRun)?.conclusion).toBe("failure");
  });

  it("fails when a finding's rule is configured at failure, whatever the default outcome", async () => {
    const checkRun: CheckRunWrite[] = [];
    const scope = checkRunOnlyScan(
      [ADDED_SIGNALS_FILE],
      "conclusion_on_findings: success\nrules:\n  denormalized-aggregate: failure\n",
      checkRun,
    );

    await harness().deliver(pullRequestPayload());

    scope.done();
    const completion = completionOf(checkRun);
    expect(completion?.conclusion).toBe("failure");
    expect(
      completion?.output?.annotations?.map((annotation) => annotation.annotation_level),
    ).toEqual(["warning", "failure"]);
  });

  it("links its details to the docs of the config", async () => {
    const checkRun: CheckRunWrite[] = [];
    const scope = checkRunOnlyScan(
      [ADDED_SIGNALS_FILE],
      "docs_base_url: https://docs.example.com/signals\n",
      checkRun,
    );

    await harness().deliver(pullRequestPayload());

    scope.done();
    expect(checkRun.map((write) => write.body.details_url)).toEqual([
      "https://docs.example.com/signals",
      "https://docs.example.com/signals",
    ]);
    expect(completionOf(checkRun)?.output?.summary).toContain(
      "(https://docs.example.com/signals/model-signal-receiver.md)",
    );
  });

  it("is not created when the config turns check runs off", async () => {
    const posted: PostedReview[] = [];
    const scope = withConfig(github(), "check_run: false\n");
    withPullFiles(scope, [ADDED_SIGNALS_FILE]);
    withFileReads(scope, [ADDED_SIGNALS_FILE]);
    withPullState(scope);
    withReviewComments(scope);
    withReviews(scope);
    expectReview(scope, posted);

    await harness().deliver(pullRequestPayload());

    scope.done();
    expect(posted).toHaveLength(1);
  });
});

describe("120 findings", () => {
  it("arrive in 3 annotation batches: the completing update carries 50, two more updates the rest", async () => {
    const specs = Array.from({ length: 120 }, (_, index) => ({
      handler: `handler_${index}`,
      sender: "Book",
    }));
    const change: FileChange = { ...ADDED_SIGNALS_FILE, head: signalsModule(specs) };
    const checkRun: CheckRunWrite[] = [];
    const scope = checkRunOnlyScan([change], "", checkRun, 3);

    await harness().deliver(pullRequestPayload());

    scope.done();
    const updates = checkRun.filter((write) => write.method === "PATCH");
    expect(updates.map((write) => write.body.output?.annotations?.length)).toEqual([50, 50, 20]);
    expect(updates.map((write) => write.body.conclusion)).toEqual([
      "neutral",
      undefined,
      undefined,
    ]);
    const lines = updates.flatMap(
      (write) => write.body.output?.annotations?.map((annotation) => annotation.start_line) ?? [],
    );
    expect(new Set(lines).size).toBe(120);
    // Every update repeats the same output: GitHub requires title and summary with annotations.
    expect(new Set(updates.map((write) => write.body.output?.title))).toEqual(
      new Set(["120 new signal receivers"]),
    );
  });
});

describe("a re-scan of a commit", () => {
  it("reuses our run left in progress (a scan that died) instead of adding one", async () => {
    const checkRun: CheckRunWrite[] = [];
    const scope = withConfig(github(), "comments: false\n");
    withCheckRunLookup(scope, { id: 77, status: "in_progress" });
    expectCheckRunUpdates(scope, checkRun, 2, 77);
    withPullFiles(scope, [ADDED_SIGNALS_FILE]);
    withFileReads(scope, [ADDED_SIGNALS_FILE]);
    withPullState(scope);

    await harness().deliver(pullRequestPayload());

    scope.done();
    expect(checkRun.map((write) => [write.method, write.body.status])).toEqual([
      ["PATCH", "in_progress"],
      ["PATCH", "completed"],
    ]);
    expect(harness().logs.map((entry) => entry.msg)).toContain(
      "reusing our unfinished check run on this commit",
    );
  });

  it("creates a new run when ours is completed: GitHub keeps a completed run's conclusion", async () => {
    const checkRun: CheckRunWrite[] = [];
    const scope = withConfig(github(), "comments: false\n");
    withCheckRunLookup(scope, { id: 77, status: "completed" });
    expectCheckRunCreate(scope, checkRun);
    expectCheckRunUpdates(scope, checkRun);
    withPullFiles(scope, [ADDED_SIGNALS_FILE]);
    withFileReads(scope, [ADDED_SIGNALS_FILE]);
    withPullState(scope);

    await harness().deliver(pullRequestPayload());

    scope.done();
    expect(checkRun.map((write) => write.method)).toEqual(["POST", "PATCH"]);
  });
});

describe("an internal error during the scan", () => {
  it("completes the run neutral with 'scan failed: <reason>' and logs it with the delivery id", async () => {
    const checkRun: CheckRunWrite[] = [];
    const scope = github();
    withoutConfig(scope);
    expectCheckRun(scope, checkRun);
    // Listing the files fails the scan (one unreadable file would only be named as not scanned).
    scope.get(/\/pulls\/\d+\/files/).reply(500, { message: "Server Error" });

    await harness().deliver(pullRequestPayload());

    scope.done();
    const completion = completionOf(checkRun);
    expect(completion).toMatchObject({
      status: "completed",
      conclusion: "neutral",
      output: { title: "scan failed: HttpError (HTTP 500): Server Error" },
      actions: [{ identifier: "rescan" }],
    });
    expect(harness().takeErrors()).toMatchObject([
      { msg: "scan failed", delivery: "delivery-1", headSha: HEAD_SHA },
    ]);
  });

  it("still ends the scan's error report when GitHub refuses the neutral update", async () => {
    const scope = github();
    withoutConfig(scope);
    withCheckRunLookup(scope);
    expectCheckRunCreate(scope, []);
    // Listing the files fails the scan (one unreadable file would only be named as not scanned).
    scope.get(/\/pulls\/\d+\/files/).reply(500, { message: "Server Error" });
    scope.patch(`/repos/${OWNER}/${REPO}/check-runs/${CHECK_RUN_ID}`).reply(502, {});

    await harness().deliver(pullRequestPayload());

    scope.done();
    expect(harness().logs.find((entry) => entry.level === 40)?.msg).toBe(
      "could not mark the check run of the failed scan",
    );
    expect(harness().takeErrors()).toHaveLength(1);
  });
});
