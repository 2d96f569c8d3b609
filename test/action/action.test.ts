// The Action as GitHub runs it, against the fake GitHub: a same-repository pull request gets the
// app's review (once), a fork's pull request with its read-only token gets annotations and the
// job summary, and nothing is written.
import { mkdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MODELS, signalsModule } from "../e2e/scenario.js";
import { faults, startFakeGitHub } from "../support/index.js";
import type { FakeGitHub, PullRequest, Repo } from "../support/index.js";
import { gitCheckout } from "../support/git-checkout.js";
import { prepareRunner, runAction, runnerEnv } from "./run-action.js";

const SIGNALS = signalsModule(["update_num_books", "Book"]);

let fake: FakeGitHub;

beforeAll(async () => {
  fake = await startFakeGitHub();
});

afterAll(async () => {
  await fake.close();
});

function upstream(name: string): { repo: Repo; baseSha: string } {
  const repo = fake.state.createRepo({ owner: "acme", name });
  const base = repo.pushCommit({ "library/__init__.py": "", "library/models.py": MODELS });
  return { repo, baseSha: base.sha };
}

function headTree() {
  return { "library/__init__.py": "", "library/models.py": MODELS, "library/signals.py": SIGNALS };
}

function samePullRequest(name: string, extra: Record<string, string> = {}): PullRequest {
  const { repo, baseSha } = upstream(name);
  const head = repo.pushCommit({ ...headTree(), ...extra }, { branch: "feature", parent: baseSha });
  return fake.state.openPullRequest({ base: repo, head: repo, headSha: head.sha, author: "dev" });
}

function forkPullRequest(name: string): PullRequest {
  const { repo, baseSha } = upstream(name);
  const fork = fake.state.createRepo({ owner: "contributor", name, forkOf: repo });
  const head = fork.pushCommit(headTree(), { branch: "feature", parent: baseSha });
  return fake.state.openPullRequest({
    base: repo,
    head: fork,
    headSha: head.sha,
    author: "contributor",
  });
}

describe("the Action on a same-repository pull request", () => {
  it("posts the review with fingerprints, and a re-run posts nothing new", async () => {
    const pr = samePullRequest("shop-same");
    const files = prepareRunner(fake, pr);
    const token = fake.workflowToken(pr.repo, "write");
    const env = runnerEnv(fake, pr, files, { INPUT_GITHUB_TOKEN: token });

    const first = await runAction(files, env);
    expect(first.stderr).toBe("");
    expect(first.exitCode).toBe(0);
    const reviews = fake.state.reviewsOf(pr);
    expect(reviews).toHaveLength(1);
    expect(reviews[0]?.user.login).toBe("github-actions[bot]");
    expect(reviews[0]?.commitId).toBe(pr.headSha);
    const comments = fake.state.reviewCommentsOf(pr);
    // One comment per receiver, on its decorator, carrying both of its findings.
    expect(comments.map((c) => [c.path, c.line])).toEqual([["library/signals.py", 7]]);
    expect(comments[0]?.body).toContain("<!-- django-signals:fingerprint=");
    expect(comments[0]?.body).toContain("denormalized-aggregate");
    expect(first.outputs.findings).toBe("2");
    const sarif = JSON.parse(readFileSync(first.outputs.sarif ?? "", "utf8")) as {
      runs: {
        results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
      }[];
    };
    expect(sarif.runs[0]?.results).toHaveLength(Number(first.outputs.findings));
    expect(sarif.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(
      "library/signals.py",
    );
    expect(first.summary).toContain("## Django signals: 1 new signal receiver");
    expect(first.summary).toContain("`library/signals.py:7`");
    expect(first.stdout).not.toContain(token);
    expect(first.stdout).not.toMatch(/^::(warning|error|notice)/m);

    const again = await runAction(files, runnerEnv(fake, pr, files, { INPUT_GITHUB_TOKEN: token }));
    expect(again.exitCode).toBe(0);
    expect(fake.state.reviewsOf(pr)).toHaveLength(1);
    expect(fake.state.reviewCommentsOf(pr)).toHaveLength(comments.length);
    expect(again.stdout).toContain("nothing new to post");
    expect(fake.violations).toEqual([]);
  });
});

describe("the Action's client", () => {
  it("waits out a secondary rate limit and retries a server error, losing no review", async () => {
    const pr = samePullRequest("shop-faults");
    const files = prepareRunner(fake, pr);
    const reviews = `/repos/${pr.repo.fullName}/pulls/${pr.number}/reviews`;
    fake.inject({ method: "GET", path: reviews, times: 1, ...faults.secondaryRateLimit(1) });
    fake.inject({ method: "POST", path: reviews, times: 1, ...faults.serverError(502) });
    const env = runnerEnv(fake, pr, files, {
      INPUT_GITHUB_TOKEN: fake.workflowToken(pr.repo, "write"),
    });
    const run = await runAction(files, env);

    expect(run.exitCode).toBe(0);
    expect(fake.requestsTo("GET", reviews).map((r) => r.status)).toEqual([403, 200]);
    expect(fake.requestsTo("POST", reviews).map((r) => r.status)).toEqual([502, 200]);
    expect(fake.state.reviewsOf(pr)).toHaveLength(1);
    expect(run.stdout).toContain("secondary rate limit reached");
  });
});

describe("the Action on a fork's pull request", () => {
  it("falls back to annotations and the job summary with a read-only token, and writes nothing", async () => {
    const pr = forkPullRequest("shop-fork");
    const files = prepareRunner(fake, pr);
    const token = fake.workflowToken(pr.repo, "read");
    const run = await runAction(files, runnerEnv(fake, pr, files, { INPUT_GITHUB_TOKEN: token }));

    expect(run.exitCode).toBe(0);
    expect(fake.state.reviewsOf(pr)).toEqual([]);
    expect(
      run.stdout.match(/^::notice .*No review posted: the token may not write/gm),
    ).toHaveLength(1);
    const annotations = run.stdout.match(
      /^::(warning|notice) file=library\/signals.py,line=\d+,.*$/gm,
    );
    expect(annotations).toHaveLength(2);
    expect(run.outputs.findings).toBe("2");
    expect(run.summary).toContain("No review posted: the token may not write");
    expect(run.summary).toContain("`library/signals.py:7`");
    expect(fake.violations).toEqual([]);
  });
});

describe("the Action's outcome", () => {
  it("hides its comment on a receiver a later push removed", async () => {
    const pr = samePullRequest("shop-outdated");
    const token = fake.workflowToken(pr.repo, "write");
    const first = prepareRunner(fake, pr);
    expect(
      (await runAction(first, runnerEnv(fake, pr, first, { INPUT_GITHUB_TOKEN: token }))).exitCode,
    ).toBe(0);
    const [comment] = fake.state.reviewCommentsOf(pr);

    const push = pr.repo.commitChanges(
      { "library/signals.py": "# receivers moved to services\n" },
      { branch: "feature" },
    );
    fake.state.updatePullRequestHead(pr, push.sha);
    const second = prepareRunner(fake, pr);
    const run = await runAction(second, runnerEnv(fake, pr, second, { INPUT_GITHUB_TOKEN: token }));

    expect(run.exitCode).toBe(0);
    expect(run.outputs.findings).toBe("0");
    expect(comment?.minimizedReason).toBe("OUTDATED");
    expect(fake.state.reviewsOf(pr)).toHaveLength(1);
    expect(run.summary).toContain("No new signal receivers");
    expect(fake.violations).toEqual([]);
  });

  it("fails the job as fail-on asks, and by default as the app's check run would", async () => {
    const pr = forkPullRequest("shop-fail-on");
    const files = prepareRunner(fake, pr);
    const token = fake.workflowToken(pr.repo, "read");
    const withFailOn = (failOn: string) =>
      runAction(
        files,
        runnerEnv(fake, pr, files, { INPUT_GITHUB_TOKEN: token, INPUT_FAIL_ON: failOn }),
      );

    // A warning and a notice: `warning` fails, `failure` does not, the default (neutral) does not.
    expect((await withFailOn("warning")).exitCode).toBe(1);
    expect((await withFailOn("failure")).exitCode).toBe(0);
    expect((await withFailOn("")).exitCode).toBe(0);
    const wrong = await withFailOn("sometimes");
    expect(wrong.exitCode).toBe(2);
    expect(wrong.stdout).toContain(
      "::error title=django-signals::input fail-on must be one of off, notice, warning, failure",
    );
  });

  it("fails on findings when the repository's config concludes failure, and reads its format", async () => {
    const config = "conclusion_on_findings: failure\n";
    const pr = samePullRequest("shop-config", { ".github/django-signals.yml": config });
    const files = prepareRunner(fake, pr);
    const env = runnerEnv(fake, pr, files, { INPUT_FORMAT: "json" });
    const run = await runAction(files, env);

    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('"ruleId": "model-signal-receiver"');
    // No token: nothing is posted, the annotations say it all.
    expect(run.stdout).toContain("No review posted: the github-token input is empty");
    expect(fake.state.reviewsOf(pr)).toEqual([]);
  });

  it("names an invalid config at its line and fails the step", async () => {
    const pr = samePullRequest("shop-bad-config", {
      ".github/django-signals.yml": "rules:\n  no-such-rule: off\n",
    });
    const files = prepareRunner(fake, pr);
    const run = await runAction(files, runnerEnv(fake, pr, files));

    expect(run.exitCode).toBe(2);
    expect(run.stdout).toMatch(
      /^::error title=django-signals::invalid configuration%0A\.github\/django-signals\.yml:2:3: unknown key rules\.no-such-rule/m,
    );
  });

  it("says how to fetch the history when the checkout lacks the pull request's commits", async () => {
    const pr = samePullRequest("shop-shallow");
    const files = prepareRunner(fake, pr);
    const shallow = `${files.workspace}-shallow`;
    mkdirSync(shallow);
    gitCheckout(shallow, [pr.repo.headOf()], pr.repo.headOf().sha);
    const run = await runAction(
      { ...files, workspace: shallow },
      runnerEnv(fake, pr, { ...files, workspace: shallow }),
    );

    expect(run.exitCode).toBe(2);
    expect(run.stdout).toContain(
      `lacks the pull request's head commit ${pr.headSha}: check out with \`fetch-depth: 0\``,
    );
  });

  it("says to check out first when the workspace is not a git checkout", async () => {
    const pr = samePullRequest("shop-no-checkout");
    const files = prepareRunner(fake, pr);
    const empty = `${files.workspace}-empty`;
    mkdirSync(empty);
    const run = await runAction(
      { ...files, workspace: empty },
      runnerEnv(fake, pr, { ...files, workspace: empty }),
    );

    expect(run.exitCode).toBe(2);
    expect(run.stdout).toContain(
      `the workspace ${empty} is not a git checkout: run actions/checkout first`,
    );
  });

  it("refuses other events with a clear error", async () => {
    const pr = samePullRequest("shop-push");
    const files = prepareRunner(fake, pr);
    const run = await runAction(files, runnerEnv(fake, pr, files, { GITHUB_EVENT_NAME: "push" }));

    expect(run.exitCode).toBe(2);
    expect(run.stdout).toContain("run it on `pull_request` events (this run is `push`)");
  });
});
