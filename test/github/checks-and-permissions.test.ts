import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createCheckRun, findLatestCheckRun, updateCheckRun } from "../../src/github/checks.js";
import { canWrite } from "../../src/github/permissions.js";
import { listOpenPullsWithHead } from "../../src/github/pulls.js";
import { reactToComment } from "../../src/github/reactions.js";
import { testOctokit } from "./helpers.js";

const api = () => nock("https://api.github.com");
const repo = { owner: "o", repo: "r" };
const SHA = "a".repeat(40);

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe("findLatestCheckRun", () => {
  it("asks for the latest run of that name, of this app, in one call", async () => {
    const scope = api()
      .get(`/repos/o/r/commits/${SHA}/check-runs`)
      .query({ check_name: "Django signals", filter: "latest", app_id: "7" })
      .reply(200, { total_count: 1, check_runs: [{ id: 5, status: "in_progress" }] });
    await expect(
      findLatestCheckRun(testOctokit(), repo, SHA, "Django signals", 7),
    ).resolves.toEqual({ id: 5, status: "in_progress" });
    scope.done();
  });

  it("gives undefined when there is none; without an app id it filters by name only", async () => {
    const scope = api()
      .get(`/repos/o/r/commits/${SHA}/check-runs`)
      .query({ check_name: "Django signals", filter: "latest" })
      .reply(200, { total_count: 0, check_runs: [] });
    await expect(
      findLatestCheckRun(testOctokit(), repo, SHA, "Django signals"),
    ).resolves.toBeUndefined();
    scope.done();
  });
});

describe("createCheckRun and updateCheckRun", () => {
  it("send the fields as given and return the new run's id", async () => {
    const bodies: unknown[] = [];
    const scope = api()
      .post("/repos/o/r/check-runs", (body: unknown) => bodies.push(body) > 0)
      .reply(201, { id: 9 })
      .patch("/repos/o/r/check-runs/9", (body: unknown) => bodies.push(body) > 0)
      .reply(200, { id: 9 });
    const octokit = testOctokit();
    const id = await createCheckRun(octokit, repo, {
      name: "Django signals",
      head_sha: SHA,
      status: "in_progress",
    });
    await updateCheckRun(octokit, repo, id, { status: "completed", conclusion: "success" });
    scope.done();
    expect(bodies).toEqual([
      { name: "Django signals", head_sha: SHA, status: "in_progress" },
      { status: "completed", conclusion: "success" },
    ]);
  });
});

describe("canWrite", () => {
  it.each([
    ["admin", "admin", true],
    ["write", "maintain", true],
    ["write", "write", true],
    // A custom repository role based on write.
    ["write", "release-manager", true],
    ["read", "triage", false],
    ["read", "read", false],
    ["none", "", false],
  ])("permission %s with role %j: %s", async (permission, role, expected) => {
    const scope = api()
      .get("/repos/o/r/collaborators/someone/permission")
      .reply(200, { permission, role_name: role, user: { login: "someone" } });
    await expect(canWrite(testOctokit(), repo, "someone")).resolves.toBe(expected);
    scope.done();
  });

  it("is false for a user GitHub does not know here, and fails on other errors", async () => {
    const scope = api()
      .get("/repos/o/r/collaborators/ghost/permission")
      .reply(404, { message: "Not Found" })
      .get("/repos/o/r/collaborators/someone/permission")
      .reply(500, { message: "boom" });
    await expect(canWrite(testOctokit(), repo, "ghost")).resolves.toBe(false);
    await expect(canWrite(testOctokit(), repo, "someone")).rejects.toMatchObject({ status: 500 });
    scope.done();
  });
});

describe("reactToComment", () => {
  it("adds the reaction to the issue comment", async () => {
    const scope = api()
      .post("/repos/o/r/issues/comments/42/reactions", { content: "rocket" })
      .reply(201, { id: 1, content: "rocket" });
    await reactToComment(testOctokit(), repo, 42, "rocket");
    scope.done();
  });
});

describe("listOpenPullsWithHead", () => {
  it("reads every page and keeps the PRs whose head is the commit", async () => {
    const pull = (number: number, sha: string, fork: boolean) => ({
      number,
      state: "open",
      head: { sha, repo: fork ? null : { name: "r", owner: { login: "forker" } } },
      base: { sha: "b".repeat(40), repo: { html_url: "https://github.com/o/r" } },
    });
    const scope = api()
      .get("/repos/o/r/pulls")
      .query({ state: "open", per_page: "100" })
      .reply(200, [pull(1, "c".repeat(40), false), pull(2, SHA, false)], {
        link: '<https://api.github.com/repos/o/r/pulls?state=open&per_page=100&page=2>; rel="next"',
      })
      .get("/repos/o/r/pulls")
      .query({ state: "open", per_page: "100", page: "2" })
      .reply(200, [pull(3, SHA, true)]);
    await expect(listOpenPullsWithHead(testOctokit(), repo, SHA)).resolves.toEqual([
      {
        pullNumber: 2,
        state: "open",
        headSha: SHA,
        repoUrl: "https://github.com/o/r",
        baseSha: "b".repeat(40),
        headRepo: { owner: "forker", repo: "r" },
      },
      {
        pullNumber: 3,
        state: "open",
        headSha: SHA,
        repoUrl: "https://github.com/o/r",
        baseSha: "b".repeat(40),
        headRepo: null,
      },
    ]);
    scope.done();
  });
});
