import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { retryOnSecondaryRateLimit } from "../../src/github/rate-limit.js";
import { silentLog, testOctokit } from "./helpers.js";

const api = () => nock("https://api.github.com");
const PATH = "/repos/o/r/issues/1/comments";

function retryingOctokit(sleeps: number[]) {
  const octokit = testOctokit();
  retryOnSecondaryRateLimit(octokit, silentLog, async (milliseconds) => {
    sleeps.push(milliseconds);
  });
  return octokit;
}

const comment = (octokit: ReturnType<typeof testOctokit>) =>
  octokit.rest.issues.createComment({ owner: "o", repo: "r", issue_number: 1, body: "hi" });

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe("retryOnSecondaryRateLimit", () => {
  it("waits retry-after seconds, then retries", async () => {
    const sleeps: number[] = [];
    const scope = api()
      .post(PATH)
      .reply(429, { message: "slow down" }, { "retry-after": "3" })
      .post(PATH)
      .reply(201, { id: 1 });
    await expect(comment(retryingOctokit(sleeps))).resolves.toMatchObject({ status: 201 });
    scope.done();
    expect(sleeps).toEqual([3_000]);
  });

  it("waits a minute on a secondary limit without retry-after", async () => {
    const sleeps: number[] = [];
    const scope = api()
      .post(PATH)
      .reply(403, {
        message: "You have exceeded a secondary rate limit and have been temporarily blocked.",
      })
      .post(PATH)
      .reply(201, { id: 1 });
    await comment(retryingOctokit(sleeps));
    scope.done();
    expect(sleeps).toEqual([60_000]);
  });

  it("gives up after three retries", async () => {
    const sleeps: number[] = [];
    const scope = api()
      .post(PATH)
      .times(4)
      .reply(403, { message: "secondary rate limit" }, { "retry-after": "1" });
    await expect(comment(retryingOctokit(sleeps))).rejects.toMatchObject({ status: 403 });
    scope.done();
    expect(sleeps).toEqual([1_000, 1_000, 1_000]);
  });

  it("does not retry other errors", async () => {
    const sleeps: number[] = [];
    const scope = api()
      .post(PATH)
      .reply(403, { message: "Resource not accessible by integration" });
    await expect(comment(retryingOctokit(sleeps))).rejects.toMatchObject({ status: 403 });
    scope.done();
    expect(sleeps).toEqual([]);
  });
});

describe("retryOnSecondaryRateLimit on the same Octokit twice", () => {
  it("retries as often as once", async () => {
    const sleeps: number[] = [];
    const octokit = retryingOctokit(sleeps);
    retryOnSecondaryRateLimit(octokit, silentLog, async (milliseconds) => {
      sleeps.push(milliseconds);
    });
    const scope = api()
      .post(PATH)
      .times(4)
      .reply(429, { message: "slow down" }, { "retry-after": "1" });
    await expect(comment(octokit)).rejects.toMatchObject({ status: 429 });
    scope.done();
    expect(sleeps).toHaveLength(3);
  });
});
