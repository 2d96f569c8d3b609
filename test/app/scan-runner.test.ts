// What the runner of a queued scan adds around it: the app-wide docs base (DOCS_BASE_URL) where
// the repository's config says nothing, and one "scan finished" line per scan with its figures.
import { describe, expect, it } from "vitest";
import {
  completionOf,
  expectCheckRun,
  expectCheckRunCreate,
  expectReview,
  github,
  HEAD_SHA,
  OWNER,
  PULL_NUMBER,
  REPO,
  withCheckRunLookup,
  withConfig,
  withFileReads,
  withPullFiles,
  withPullState,
  withReviewComments,
  withReviews,
} from "./helpers/github-mock.js";
import type { CheckRunWrite, PostedReview } from "./helpers/github-mock.js";
import { countRequests, fullScan, useHarness, ADDED_SIGNALS_FILE } from "./helpers/flow.js";
import { pullRequestPayload } from "./helpers/harness.js";

const APP_DOCS = "https://signals.internal.example/docs";
const harness = useHarness({ docsBaseUrl: APP_DOCS });

describe("the app-wide docs base", () => {
  it("points the check run and the comments at DOCS_BASE_URL when the config says nothing", async () => {
    const posted: PostedReview[] = [];
    const checkRun: CheckRunWrite[] = [];
    const scope = fullScan(checkRun, posted);

    await harness().deliver(pullRequestPayload());

    scope.done();
    expect(checkRun.map((write) => write.body.details_url)).toEqual([APP_DOCS, APP_DOCS]);
    expect(posted[0]?.comments[0]?.body).toContain(`${APP_DOCS}/model-signal-receiver`);
  });

  it("gives way to the repository's docs_base_url", async () => {
    const repoDocs = "https://wiki.example/django-signals";
    const posted: PostedReview[] = [];
    const checkRun: CheckRunWrite[] = [];
    const scope = withConfig(github(), `docs_base_url: ${repoDocs}\n`);
    expectCheckRun(scope, checkRun);
    withPullFiles(scope, [ADDED_SIGNALS_FILE]);
    withFileReads(scope, [ADDED_SIGNALS_FILE]);
    withPullState(scope);
    withReviewComments(scope);
    withReviews(scope);
    expectReview(scope, posted);

    await harness().deliver(pullRequestPayload());

    scope.done();
    expect(completionOf(checkRun)?.details_url).toBe(repoDocs);
    expect(posted[0]?.comments[0]?.body).toContain(`${repoDocs}/model-signal-receiver`);
    expect(posted[0]?.comments[0]?.body).not.toContain(APP_DOCS);
  });

  it("is the details link of a config error's check run", async () => {
    const checkRun: CheckRunWrite[] = [];
    const scope = withConfig(github(), "review_event: APPROVE\n");
    withCheckRunLookup(scope);
    expectCheckRunCreate(scope, checkRun);

    await harness().deliver(pullRequestPayload());

    scope.done();
    expect(completionOf(checkRun)).toMatchObject({
      conclusion: "action_required",
      details_url: APP_DOCS,
    });
  });
});

describe("the scan's log line", () => {
  it("is one info line with the PR, the files, the findings, the API calls and the outcome", async () => {
    const scope = fullScan();
    const requests = countRequests(scope);

    await harness().deliver(pullRequestPayload());

    scope.done();
    const lines = harness().logs.filter((entry) => entry.msg === "scan finished");
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        repo: `${OWNER}/${REPO}`,
        pullNumber: PULL_NUMBER,
        headSha: HEAD_SHA,
        delivery: "delivery-1",
        filesListed: 1,
        filesFetched: 1,
        findingsIntroduced: 2,
        findingsPosted: 2,
        apiCalls: requests(),
        durationMs: expect.any(Number),
        outcome: "posted",
      }),
    ]);
  });

  it("says 'config error' when the config is invalid, and 'failed' when the scan throws", async () => {
    const invalid = withConfig(github(), "review_event: APPROVE\n");
    withCheckRunLookup(invalid);
    expectCheckRunCreate(invalid, []);
    await harness().deliver(pullRequestPayload());
    invalid.done();

    const failing = withConfig(github(), "");
    expectCheckRun(failing, []);
    failing.get(`/repos/${OWNER}/${REPO}/pulls/${PULL_NUMBER}/files`).query(true).reply(500, {});
    await harness().deliver(pullRequestPayload());
    failing.done();

    expect(harness().takeErrors()).toMatchObject([{ msg: "scan failed", delivery: "delivery-2" }]);
    const outcomes = harness()
      .logs.filter((entry) => entry.msg === "scan finished")
      .map((entry) => [entry.delivery, entry.outcome]);
    expect(outcomes).toEqual([
      ["delivery-1", "config error"],
      ["delivery-2", "failed"],
    ]);
  });
});
