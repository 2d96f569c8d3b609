// Shared set-up of the flow tests: a fresh app per test, no real network, and after each test
// no error logged and no expected GitHub call left unmade.
import nock from "nock";
import { afterEach, beforeAll, beforeEach, expect } from "vitest";
import {
  BOT,
  expectCheckRun,
  expectReview,
  github,
  withConfig,
  withFileReads,
  withoutConfig,
  withPullFiles,
  withPullState,
  withReviewComments,
  withReviews,
} from "./github-mock.js";
import type {
  CheckRunWrite,
  FileChange,
  GitHubReviewComment,
  PostedReview,
} from "./github-mock.js";
import { createHarness } from "./harness.js";
import { UPDATE_NUM_BOOKS } from "./python.js";
import type { Harness, HarnessOptions } from "./harness.js";

export function useHarness(options: HarnessOptions = {}): () => Harness {
  let harness: Harness | undefined;
  beforeAll(() => {
    nock.disableNetConnect();
  });
  beforeEach(async () => {
    harness = await createHarness(options);
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll(); // before asserting, so one failure does not leak mocks into the next test
    expect(harness?.errors()).toEqual([]);
    expect(pending).toEqual([]);
  });
  return () => {
    if (!harness) throw new Error("the harness exists only inside a test");
    return harness;
  };
}

/**
 * What every scan reads before it can post (config, files, contents, the PR again, our comments)
 * and its check run (looked up, created in progress, completed in one update).
 */
export function scanReads(
  changes: FileChange[],
  comments: GitHubReviewComment[] = [],
  checkRun: CheckRunWrite[] = [],
): nock.Scope {
  const scope = github();
  withoutConfig(scope);
  expectCheckRun(scope, checkRun);
  withPullFiles(scope, changes);
  withFileReads(scope, changes);
  withPullState(scope);
  return withReviewComments(scope, comments);
}

/** A scan of `changes` with this config text, review comments off: only the check run speaks. */
export function checkRunOnlyScan(
  changes: FileChange[],
  config: string,
  checkRun: CheckRunWrite[],
  updates = 1,
): nock.Scope {
  const scope = withConfig(github(), `comments: false\n${config}`);
  expectCheckRun(scope, checkRun, updates);
  withPullFiles(scope, changes);
  withFileReads(scope, changes);
  return withPullState(scope);
}

/** The inline comments of a posted review as GitHub lists them afterwards. */
export function asBotComments(
  posted: PostedReview | undefined,
  firstId = 100,
): GitHubReviewComment[] {
  return (posted?.comments ?? []).map((comment, offset) => ({
    id: firstId + offset,
    node_id: `PRRC_${firstId + offset}`,
    body: comment.body,
    path: comment.path,
    user: BOT,
  }));
}

export function countRequests(scope: nock.Scope): () => number {
  let requests = 0;
  scope.on("request", () => requests++);
  return () => requests;
}

export function loggedMessages(harness: Harness): string[] {
  return harness.logs.map((entry) => entry.msg);
}

/** The usual change under test: a new `library/signals.py` with the `update_num_books` receiver. */
export const ADDED_SIGNALS_FILE: FileChange = {
  path: "library/signals.py",
  status: "added",
  base: null,
  head: UPDATE_NUM_BOOKS,
};

/** A full scan of PR 2 at HEAD_SHA making `changes`: its check run and its review. */
export function fullScan(
  checkRun: CheckRunWrite[] = [],
  posted: PostedReview[] = [],
  changes: FileChange[] = [ADDED_SIGNALS_FILE],
): nock.Scope {
  const scope = withReviews(scanReads(changes, [], checkRun));
  return expectReview(scope, posted);
}
