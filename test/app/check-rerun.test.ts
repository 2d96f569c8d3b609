// "Re-run" on our check run or suite, and its "Re-scan" button: the PR of that commit is scanned
// again; a commit no open PR has any more gets a neutral run.
import { describe, expect, it } from "vitest";
import {
  completionOf,
  expectCheckRunCreate,
  github,
  HEAD_SHA,
  OWNER,
  pullJson,
  REPO,
  withCheckRunLookup,
} from "./helpers/github-mock.js";
import type { CheckRunWrite, PostedReview } from "./helpers/github-mock.js";
import { fullScan, loggedMessages, useHarness } from "./helpers/flow.js";
import { checkRunPayload, checkSuitePayload } from "./helpers/payloads.js";

const harness = useHarness();

const OPEN_PULLS_PATH = `/repos/${OWNER}/${REPO}/pulls`;

/** Two pages of open PRs; PR 2 (head HEAD_SHA) only on the second when `withHead`. */
function withOpenPulls(scope: ReturnType<typeof github>, withHead: boolean) {
  const firstPage = Array.from({ length: 100 }, (_, index) =>
    pullJson(100 + index, "open", `${index}`.padStart(40, "a")),
  );
  const secondPage = withHead ? [pullJson(2, "open", HEAD_SHA)] : [];
  return scope
    .get(OPEN_PULLS_PATH)
    .query({ state: "open", per_page: "100" })
    .reply(200, firstPage, {
      link: `<https://api.github.com${OPEN_PULLS_PATH}?state=open&per_page=100&page=2>; rel="next"`,
    })
    .get(OPEN_PULLS_PATH)
    .query({ state: "open", per_page: "100", page: "2" })
    .reply(200, secondPage);
}

describe("check_run.rerequested", () => {
  it("re-scans the pull request the payload names", async () => {
    const checkRun: CheckRunWrite[] = [];
    const posted: PostedReview[] = [];
    const scope = fullScan(checkRun, posted);

    await harness().deliver(checkRunPayload("rerequested"), "check_run");

    scope.done();
    expect(completionOf(checkRun)?.conclusion).toBe("neutral");
    expect(posted).toHaveLength(1);
  });

  it("finds a fork's pull request among the open ones (all pages) when the payload names none", async () => {
    const checkRun: CheckRunWrite[] = [];
    const posted: PostedReview[] = [];
    const scope = withOpenPulls(fullScan(checkRun, posted), true);

    await harness().deliver(
      checkRunPayload("rerequested", { listsPullRequests: false }),
      "check_run",
    );

    scope.done();
    expect(completionOf(checkRun)?.conclusion).toBe("neutral");
  });

  it("gives a neutral 'superseded' run to a commit that no open pull request has", async () => {
    const checkRun: CheckRunWrite[] = [];
    const scope = withOpenPulls(github(), false);
    withCheckRunLookup(scope, { id: 4242, status: "completed" });
    expectCheckRunCreate(scope, checkRun, 4243);

    await harness().deliver(
      checkRunPayload("rerequested", { listsPullRequests: false }),
      "check_run",
    );

    scope.done();
    expect(checkRun).toHaveLength(1);
    expect(checkRun[0]?.body).toMatchObject({
      name: "Django signals",
      head_sha: HEAD_SHA,
      status: "completed",
      conclusion: "neutral",
      output: { title: "superseded: no open pull request has this commit" },
    });
  });

  it("ignores the check runs of other apps", async () => {
    await harness().deliver(checkRunPayload("rerequested", { appId: 1 }), "check_run");

    expect(loggedMessages(harness())).toContain("ignoring the re-run of another app's check");
  });
});

describe("check_run.requested_action", () => {
  it("re-scans on our Re-scan button", async () => {
    const checkRun: CheckRunWrite[] = [];
    const scope = fullScan(checkRun, []);

    await harness().deliver(checkRunPayload("requested_action"), "check_run");

    scope.done();
    expect(completionOf(checkRun)?.status).toBe("completed");
  });

  it("ignores an action that is not ours", async () => {
    await harness().deliver(
      checkRunPayload("requested_action", { identifier: "lgtm" }),
      "check_run",
    );

    expect(loggedMessages(harness())).toContain(
      "ignoring a requested action that is not a re-scan",
    );
  });
});

describe("check_suite.rerequested", () => {
  it("re-scans the pull request of the suite's head", async () => {
    const checkRun: CheckRunWrite[] = [];
    const scope = fullScan(checkRun, []);

    await harness().deliver(checkSuitePayload(), "check_suite");

    scope.done();
    expect(checkRun.map((write) => write.method)).toEqual(["POST", "PATCH"]);
  });

  it("works for a fork's suite too", async () => {
    const scope = withOpenPulls(fullScan([], []), true);

    await harness().deliver(checkSuitePayload({ listsPullRequests: false }), "check_suite");

    scope.done();
  });

  it("ignores the suites of other apps", async () => {
    await harness().deliver(checkSuitePayload({ appId: 7 }), "check_suite");

    expect(loggedMessages(harness())).toContain("ignoring the re-run of another app's check");
  });
});
