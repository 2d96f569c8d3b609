export {
  startFakeGitHub,
  type FakeGitHub,
  type FakeGitHubOptions,
  type RecordedRequest,
  type Violation,
} from "./server.js";
export { faults, type FaultRule } from "./faults.js";
export { blobSha, type Tree } from "./git-objects.js";
export { unifiedPatch } from "./patches.js";
export type {
  FakeState,
  Repo,
  PullRequest,
  ReviewComment,
  IssueComment,
  CheckRun,
  Permission,
} from "./state.js";
