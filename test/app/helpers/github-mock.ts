// nock interceptors named after what the app asks GitHub, with bodies shaped like GitHub's.
import { createHash } from "node:crypto";
import nock from "nock";
import { unifiedPatch } from "./patch.js";

export const OWNER = "Codertocat";
export const REPO = "Hello-World";
export const PULL_NUMBER = 2;
export const HEAD_SHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
export const BASE_SHA = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";
export const CONFIG_PATH = ".github/django-signals.yml";

const REPO_PATH = `/repos/${OWNER}/${REPO}`;
const PULL_PATH = `${REPO_PATH}/pulls/${PULL_NUMBER}`;

export interface FileChange {
  path: string;
  status: "added" | "modified" | "renamed" | "removed";
  base: string | null;
  head: string | null;
  previousPath?: string;
  /** GitHub omits the patch of large diffs. */
  omitPatch?: boolean;
}

export function blobSha(text: string): string {
  return createHash("sha1")
    .update(`blob ${Buffer.byteLength(text)}\0${text}`)
    .digest("hex");
}

function base64(text: string): string {
  return Buffer.from(text).toString("base64");
}

export function github(): nock.Scope {
  return nock("https://api.github.com");
}

export function contentsPath(owner: string, repo: string, path: string): string {
  return `/repos/${owner}/${repo}/contents/${encodeURIComponent(path)}`;
}

export function pullFileEntry(change: FileChange) {
  const head = change.head ?? "";
  return {
    sha: change.head === null ? null : blobSha(head),
    filename: change.path,
    status: change.status,
    additions: 1,
    deletions: 0,
    changes: 1,
    blob_url: `https://github.com/${OWNER}/${REPO}/blob/${HEAD_SHA}/${change.path}`,
    raw_url: `https://github.com/${OWNER}/${REPO}/raw/${HEAD_SHA}/${change.path}`,
    contents_url: `https://api.github.com${contentsPath(OWNER, REPO, change.path)}?ref=${HEAD_SHA}`,
    ...(change.previousPath === undefined ? {} : { previous_filename: change.previousPath }),
    ...(change.omitPatch ? {} : { patch: unifiedPatch(change.base, change.head) }),
  };
}

/** No config in the repository nor in the owner's `.github` repository. */
export function withoutConfig(scope: nock.Scope): nock.Scope {
  return scope
    .get(contentsPath(OWNER, REPO, CONFIG_PATH))
    .reply(404, { message: "Not Found" })
    .get(contentsPath(OWNER, ".github", CONFIG_PATH))
    .reply(404, { message: "Not Found" });
}

export function fileContents(path: string, text: string) {
  return {
    type: "file",
    encoding: "base64",
    size: Buffer.byteLength(text),
    name: path.split("/").at(-1),
    path,
    content: base64(text),
    sha: blobSha(text),
  };
}

export function withConfig(scope: nock.Scope, text: string): nock.Scope {
  return scope
    .get(contentsPath(OWNER, REPO, CONFIG_PATH))
    .reply(200, fileContents(CONFIG_PATH, text));
}

/** Pages of 100 with GitHub's Link headers. */
export function withPullFiles(scope: nock.Scope, changes: readonly FileChange[]): nock.Scope {
  const entries = changes.map(pullFileEntry);
  const pages = Math.max(1, Math.ceil(entries.length / 100));
  for (let page = 1; page <= pages; page++) {
    const link =
      page < pages
        ? {
            link: `<https://api.github.com${PULL_PATH}/files?per_page=100&page=${page + 1}>; rel="next", <https://api.github.com${PULL_PATH}/files?per_page=100&page=${pages}>; rel="last"`,
          }
        : undefined;
    const query = page === 1 ? { per_page: "100" } : { per_page: "100", page: String(page) };
    scope
      .get(`${PULL_PATH}/files`)
      .query(query)
      .reply(200, entries.slice((page - 1) * 100, page * 100), link);
  }
  return scope;
}

export function withBlob(scope: nock.Scope, text: string, repoPath = REPO_PATH): nock.Scope {
  const sha = blobSha(text);
  // The app asks for the raw media type: GitHub answers with the bytes themselves.
  return scope
    .get(`${repoPath}/git/blobs/${sha}`)
    .matchHeader("accept", /application\/vnd\.github(\.v3)?\.raw/)
    .reply(200, text, { "content-type": "application/vnd.github.raw; charset=utf-8" });
}

export function withBaseFile(scope: nock.Scope, path: string, text: string | null): nock.Scope {
  const interceptor = scope.get(contentsPath(OWNER, REPO, path)).query({ ref: BASE_SHA });
  return text === null
    ? interceptor.reply(404, { message: "Not Found" })
    : interceptor.reply(200, fileContents(path, text));
}

/** Reads the files a scan needs: head blobs; base contents only where no patch rebuilds them. */
export function withFileReads(scope: nock.Scope, changes: readonly FileChange[]): nock.Scope {
  for (const change of changes) {
    if (change.head !== null) withBlob(scope, change.head);
    if (change.status !== "added" && change.omitPatch) {
      withBaseFile(scope, change.previousPath ?? change.path, change.base);
    }
  }
  return scope;
}

/** The PR as GitHub re-reads it; `reviewComments` is its `review_comments` count when given. */
export function withPullState(
  scope: nock.Scope,
  state = "open",
  headSha = HEAD_SHA,
  reviewComments?: number,
): nock.Scope {
  const pull = pullJson(PULL_NUMBER, state, headSha);
  return scope
    .get(PULL_PATH)
    .reply(200, reviewComments === undefined ? pull : { ...pull, review_comments: reviewComments });
}

export interface GitHubReviewComment {
  id: number;
  node_id: string;
  body: string;
  path: string;
  in_reply_to_id?: number;
  user: { login: string; type: "Bot" | "User" };
}

export function withReviewComments(
  scope: nock.Scope,
  comments: readonly GitHubReviewComment[] = [],
): nock.Scope {
  return scope.get(`${PULL_PATH}/comments`).query({ per_page: "100" }).reply(200, comments);
}

export function withReviews(
  scope: nock.Scope,
  reviews: readonly { body: string; user: { type: string } }[] = [],
): nock.Scope {
  return scope.get(`${PULL_PATH}/reviews`).query({ per_page: "100" }).reply(200, reviews);
}

export interface PostedReview {
  commit_id: string;
  event: string;
  body: string;
  comments: { path: string; line: number; side: string; body: string }[];
}

/** Accepts one review and keeps its request body for assertions. */
export function expectReview(scope: nock.Scope, posted: PostedReview[], status = 200): nock.Scope {
  return scope
    .post(`${PULL_PATH}/reviews`, (body: PostedReview) => {
      posted.push(body);
      return true;
    })
    .reply(
      status,
      status === 200
        ? { id: posted.length }
        : { message: "Unprocessable Entity", errors: ["Line could not be resolved"] },
    );
}

export const BOT = { login: "django-signals[bot]", type: "Bot" } as const;
export const PERSON = { login: "octocat", type: "User" } as const;

/** The id of this app in tests: check runs and suites of other apps are ignored. */
export const APP_ID = 29310;
export const CHECK_RUN_ID = 4242;
const CHECK_RUN_NAME = "Django signals";

/** A check-run write as the app sent it (create or update), for assertions and snapshots. */
export interface CheckRunWrite {
  method: "POST" | "PATCH";
  body: {
    status?: string;
    conclusion?: string;
    details_url?: string;
    head_sha?: string;
    name?: string;
    actions?: { label: string; description: string; identifier: string }[];
    output?: {
      title: string;
      summary: string;
      text?: string;
      annotations?: {
        path: string;
        start_line: number;
        end_line: number;
        annotation_level: string;
        title: string;
        message: string;
        raw_details?: string;
      }[];
    };
  };
}

/** Our latest check run on the commit as GitHub lists it: none, or one with this status. */
export function withCheckRunLookup(
  scope: nock.Scope,
  existing?: { id: number; status: string },
  headSha = HEAD_SHA,
): nock.Scope {
  const runs = existing ? [{ ...existing, name: CHECK_RUN_NAME, head_sha: headSha }] : [];
  return scope
    .get(`${REPO_PATH}/commits/${headSha}/check-runs`)
    .query({ check_name: CHECK_RUN_NAME, filter: "latest", app_id: String(APP_ID) })
    .reply(200, { total_count: runs.length, check_runs: runs });
}

export function expectCheckRunCreate(
  scope: nock.Scope,
  writes: CheckRunWrite[],
  id = CHECK_RUN_ID,
): nock.Scope {
  return scope
    .post(`${REPO_PATH}/check-runs`, (body: CheckRunWrite["body"]) => {
      writes.push({ method: "POST", body });
      return true;
    })
    .reply(201, { id });
}

export function expectCheckRunUpdates(
  scope: nock.Scope,
  writes: CheckRunWrite[],
  count = 1,
  id = CHECK_RUN_ID,
): nock.Scope {
  for (let update = 0; update < count; update++) {
    scope
      .patch(`${REPO_PATH}/check-runs/${id}`, (body: CheckRunWrite["body"]) => {
        writes.push({ method: "PATCH", body });
        return true;
      })
      .reply(200, { id });
  }
  return scope;
}

/** A scan's check run from start to end: looked up, created in progress, completed. */
export function expectCheckRun(
  scope: nock.Scope,
  writes: CheckRunWrite[],
  updates = 1,
): nock.Scope {
  withCheckRunLookup(scope);
  expectCheckRunCreate(scope, writes);
  return expectCheckRunUpdates(scope, writes, updates);
}

/** The completing write of the check run (the one with a conclusion). */
export function completionOf(writes: readonly CheckRunWrite[]): CheckRunWrite["body"] | undefined {
  return writes.find((write) => write.body.conclusion !== undefined)?.body;
}

export const ISSUE_COMMENTS_PATH = `${REPO_PATH}/issues/${PULL_NUMBER}/comments`;

/** The PR conversation's comments as GitHub lists them (one page). */
export function withIssueComments(
  scope: nock.Scope,
  comments: readonly {
    body: string;
    user: { login: string; type: string };
    created_at: string;
  }[] = [],
): nock.Scope {
  return scope.get(ISSUE_COMMENTS_PATH).query({ per_page: "100" }).reply(200, comments);
}

/** Accepts comments in the PR conversation and keeps their bodies. */
export function expectIssueComment(scope: nock.Scope, bodies: string[]): nock.Scope {
  return scope
    .post(ISSUE_COMMENTS_PATH, (body: { body: string }) => bodies.push(body.body) > 0)
    .reply(201, { id: 9000 + bodies.length });
}

/** Accepts one reaction on a comment and records `<comment id>:<reaction>`. */
export function expectReaction(scope: nock.Scope, reactions: string[], commentId: number) {
  return scope
    .post(
      `${REPO_PATH}/issues/comments/${commentId}/reactions`,
      (body: { content: string }) => reactions.push(`${commentId}:${body.content}`) > 0,
    )
    .reply(201, { id: 1 });
}

/** GitHub's answer to "what may this user do here" (role_name tells maintain from write). */
export function withPermission(
  scope: nock.Scope,
  username: string,
  permission: string,
  roleName: string,
): nock.Scope {
  return scope
    .get(`${REPO_PATH}/collaborators/${username}/permission`)
    .reply(200, { permission, role_name: roleName, user: { login: username } });
}

export function pullJson(number: number, state: string, headSha: string) {
  return {
    number,
    state,
    head: { sha: headSha, repo: { name: REPO, owner: { login: OWNER } } },
    base: { sha: BASE_SHA, repo: { html_url: `https://github.com/${OWNER}/${REPO}` } },
  };
}
