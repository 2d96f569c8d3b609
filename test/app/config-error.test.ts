// An invalid `.github/django-signals.yml`: the PR is told what is wrong and where, on the check
// run, or (when the file turns check runs off) in a comment, once per head.
import { describe, expect, it } from "vitest";
import {
  BOT,
  completionOf,
  contentsPath,
  expectCheckRun,
  expectCheckRunCreate,
  expectReview,
  fileContents,
  github,
  OWNER,
  PULL_NUMBER,
  REPO,
  withConfig,
  withFileReads,
  withPullFiles,
  withPullState,
  withCheckRunLookup,
  withReviewComments,
} from "./helpers/github-mock.js";
import type { CheckRunWrite, FileChange, PostedReview } from "./helpers/github-mock.js";
import { checkRunOnlyScan, loggedMessages, useHarness } from "./helpers/flow.js";
import { pullRequestPayload } from "./helpers/harness.js";
import { signalsModule } from "./helpers/python.js";

const harness = useHarness();

const INVALID_CONFIG = `rules:
  model-signal-reciever: off
review_event: APPROVE
`;

const COMMENTS_PATH = `/repos/${OWNER}/${REPO}/issues/${PULL_NUMBER}/comments`;

describe("an invalid config", () => {
  it("completes the check run action_required, naming each wrong line, and nothing is scanned", async () => {
    const checkRun: CheckRunWrite[] = [];
    const scope = withConfig(github(), INVALID_CONFIG);
    withCheckRunLookup(scope);
    expectCheckRunCreate(scope, checkRun);

    await harness().deliver(pullRequestPayload());

    scope.done();
    expect(checkRun).toHaveLength(1);
    const created = checkRun[0]?.body;
    expect(created).toMatchObject({
      name: "Django signals",
      status: "completed",
      conclusion: "action_required",
      output: {
        title: "Invalid configuration: Codertocat/Hello-World:.github/django-signals.yml",
      },
      actions: [{ label: "Re-scan", identifier: "rescan" }],
    });
    expect(created?.output?.summary).toContain("line 2, column 3: unknown key");
    await expect(created?.output?.summary).toMatchFileSnapshot(
      "__snapshots__/invalid-config.check-run.md",
    );
  });

  it("with check runs turned off, gets one PR comment naming each wrong line", async () => {
    const comments: { body: string }[] = [];
    const scope = withConfig(github(), `${INVALID_CONFIG}check_run: false\n`)
      .get(COMMENTS_PATH)
      .query({ per_page: "100" })
      .reply(200, [{ id: 1, body: "Looks good to me", user: { login: "octocat", type: "User" } }])
      .post(COMMENTS_PATH, (body: { body: string }) => comments.push(body) > 0)
      .reply(201, { id: 2 });

    await harness().deliver(pullRequestPayload());

    scope.done();
    expect(comments).toHaveLength(1);
    await expect(comments[0]?.body).toMatchFileSnapshot("__snapshots__/invalid-config.comment.md");
  });

  it("is not reported twice for the same head", async () => {
    const body = `... <!-- django-signals:config-error=${pullRequestPayload().pull_request.head.sha} -->`;
    const scope = withConfig(github(), `${INVALID_CONFIG}check_run: false\n`)
      .get(COMMENTS_PATH)
      .query({ per_page: "100" })
      .reply(200, [{ id: 1, body, user: BOT }]);

    await harness().deliver(pullRequestPayload({ action: "synchronize" }));

    scope.done();
    expect(loggedMessages(harness())).toContain(
      "the configuration error was already reported for this head SHA",
    );
  });
});

describe("a config in the owner's .github repository", () => {
  it("applies when the repository has none", async () => {
    const change: FileChange = {
      path: "library/signals.py",
      status: "added",
      base: null,
      head: signalsModule([{ handler: "notify_author", sender: "Book" }]),
    };
    const posted: PostedReview[] = [];
    const scope = github()
      .get(contentsPath(OWNER, REPO, ".github/django-signals.yml"))
      .reply(404, { message: "Not Found" })
      .get(contentsPath(OWNER, ".github", ".github/django-signals.yml"))
      .reply(200, fileContents(".github/django-signals.yml", "review_event: REQUEST_CHANGES\n"));
    expectCheckRun(scope, []);
    withPullFiles(scope, [change]);
    withFileReads(scope, [change]);
    withPullState(scope);
    withReviewComments(scope);
    scope
      .get(`/repos/${OWNER}/${REPO}/pulls/${PULL_NUMBER}/reviews`)
      .query({ per_page: "100" })
      .reply(200, []);
    expectReview(scope, posted);

    await harness().deliver(pullRequestPayload());

    scope.done();
    expect(posted[0]?.event).toBe("REQUEST_CHANGES");
  });

  it("can switch review comments off; the check run still shows the finding", async () => {
    const change: FileChange = {
      path: "library/signals.py",
      status: "added",
      base: null,
      head: signalsModule([{ handler: "notify_author", sender: "Book" }]),
    };
    const checkRun: CheckRunWrite[] = [];
    const scope = checkRunOnlyScan([change], "", checkRun);

    await harness().deliver(pullRequestPayload());

    scope.done();
    expect(loggedMessages(harness())).toContain("review comments are off in the configuration");
    expect(completionOf(checkRun)?.output?.annotations).toHaveLength(1);
  });
});
