import { execFileSync } from "node:child_process";
import { createSign } from "node:crypto";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { Octokit } from "@octokit/rest";
import { Parser } from "tar";
import { verify } from "@octokit/webhooks-methods";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  blobSha,
  checkRunEvent,
  checkSuiteEvent,
  deliverWebhook,
  faults,
  generateAppKey,
  issueCommentEvent,
  pullRequestEvent,
  signWebhook,
  startApp,
  startFakeGitHub,
  type FakeGitHub,
  type FakeGitHubOptions,
  type Repo,
  type Tree,
  waitFor,
} from "../support/index.js";
import { hashTree } from "../support/fake-github/git-objects.js";

let fake: FakeGitHub;
let octokit: Octokit;

/** Every self-test also checks the fake's own answers against GitHub's response schemas. */
async function useFake(options: FakeGitHubOptions = {}): Promise<void> {
  fake = await startFakeGitHub({ validateResponses: true, ...options });
  octokit = new Octokit({ baseUrl: fake.apiUrl, auth: fake.installationToken(7) });
}

beforeEach(async () => {
  await useFake();
});

afterEach(async () => {
  expect(fake.violations.filter((v) => v.kind === "invalid-response")).toEqual([]);
  await fake.close();
});

function createRepo(tree: Tree = { "README.md": "hello\n" }): Repo {
  const repo = fake.state.createRepo({ owner: "acme", name: "shop", installationId: 7 });
  repo.pushCommit(tree);
  return repo;
}

/** A PR from branch `feature` whose head holds `headTree`. */
function openPr(repo: Repo, headTree: Tree, author = "dev") {
  const head = repo.pushCommit(headTree, { branch: "feature", parent: repo.headOf().sha });
  return fake.state.openPullRequest({
    base: repo,
    head: repo,
    headSha: head.sha,
    headBranch: "feature",
    author,
  });
}

/** Hunks of `git diff --no-index` (everything from the first @@, section headings stripped). */
function gitPatch(oldText: string | null, newText: string): string {
  const dir = mkdtempSync(join(tmpdir(), "fake-gh-diff-"));
  try {
    const oldFile = join(dir, "old");
    const newFile = join(dir, "new");
    writeFileSync(oldFile, oldText ?? "");
    writeFileSync(newFile, newText);
    let out = "";
    try {
      execFileSync(
        "git",
        [
          "diff",
          "--no-index",
          "--no-color",
          "-U3",
          oldText === null ? "/dev/null" : oldFile,
          newFile,
        ],
        { encoding: "utf8" },
      );
    } catch (error) {
      out = (error as { stdout: string }).stdout; // exit 1 means "files differ"
    }
    const hunks = out.slice(out.indexOf("@@"));
    return hunks.replace(/^(@@ [^@]+ @@).*$/gm, "$1").replace(/\n$/, "");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("git objects", () => {
  it("computes the same blob and tree SHAs as git", () => {
    const tree = { "a.txt": "hello", "a-b": "y", "a/b/c.py": "x\n", "z/ü.py": "ünïcode\n" };
    const dir = mkdtempSync(join(tmpdir(), "fake-gh-git-"));
    try {
      execFileSync("git", ["init", "-q"], { cwd: dir });
      for (const [path, content] of Object.entries(tree)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), content);
      }
      execFileSync("git", ["add", "."], { cwd: dir });
      const gitTree = execFileSync("git", ["write-tree"], { cwd: dir, encoding: "utf8" }).trim();
      const gitBlob = execFileSync("git", ["hash-object", "a/b/c.py"], {
        cwd: dir,
        encoding: "utf8",
      }).trim();
      expect(hashTree(tree).sha).toBe(gitTree);
      expect(blobSha("x\n")).toBe(gitBlob);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("pull request files", () => {
  it("paginates 250 files over 3 pages with Link headers", async () => {
    const repo = createRepo();
    const headTree: Record<string, string> = { "README.md": "hello\n" };
    for (let i = 0; i < 250; i += 1)
      headTree[`app/m${String(i).padStart(3, "0")}.py`] = `x = ${i}\n`;
    const pr = openPr(repo, headTree);

    const first = await octokit.rest.pulls.listFiles({
      owner: "acme",
      repo: "shop",
      pull_number: pr.number,
      per_page: 100,
    });
    expect(first.headers.link).toContain('rel="next"');
    expect(first.headers.link).toContain('per_page=100&page=3>; rel="last"');
    const all = await octokit.paginate(octokit.rest.pulls.listFiles, {
      owner: "acme",
      repo: "shop",
      pull_number: pr.number,
      per_page: 100,
    });

    expect(all).toHaveLength(250);
    expect(new Set(all.map((f) => f.filename)).size).toBe(250);
    expect(all[0]).toMatchObject({
      filename: "app/m000.py",
      status: "added",
      additions: 1,
      deletions: 0,
      patch: "@@ -0,0 +1 @@\n+x = 0",
    });
    expect(fake.requestsTo("GET", `/repos/acme/shop/pulls/${pr.number}/files`)).toHaveLength(4);
    expect(fake.violations).toEqual([]);
  });

  it("caps per_page at 100 and the list at 3,000 files", async () => {
    const repo = createRepo();
    const headTree: Record<string, string> = {};
    for (let i = 0; i < 3005; i += 1) headTree[`f${i}.txt`] = `${i}\n`;
    const pr = openPr(repo, headTree);

    const page = await octokit.rest.pulls.listFiles({
      owner: "acme",
      repo: "shop",
      pull_number: pr.number,
      per_page: 500,
    });
    const all = await octokit.paginate(octokit.rest.pulls.listFiles, {
      owner: "acme",
      repo: "shop",
      pull_number: pr.number,
      per_page: 100,
    });

    expect(page.data).toHaveLength(100);
    expect(all).toHaveLength(3000);
  });

  it("gives added, modified, renamed and removed files real unified-diff patches", async () => {
    const baseModels = [
      "from django.db import models",
      "",
      "",
      "class Book(models.Model):",
      "    title = models.CharField()",
      ...Array.from({ length: 12 }, (_, i) => `# line ${i}`),
      "",
    ].join("\n");
    const headModels = baseModels
      .replace("# line 0", "# line zero\n# and another")
      .replace("# line 11", "# eleven");
    const movedBody = Array.from({ length: 10 }, (_, i) => `def f${i}(): pass`).join("\n") + "\n";
    const repo = createRepo({
      "shop/models.py": baseModels,
      "shop/old_signals.py": movedBody,
      "gone.py": "x = 1\n",
    });
    const pr = openPr(repo, {
      "shop/models.py": headModels,
      "shop/signals.py": movedBody.replace("def f9(): pass", "def f9(): return 9"),
      "shop/new.py": "a = 1\nb = 2",
    });

    const { data: files } = await octokit.rest.pulls.listFiles({
      owner: "acme",
      repo: "shop",
      pull_number: pr.number,
    });
    const byName = Object.fromEntries(files.map((f) => [f.filename, f]));

    expect(files.map((f) => [f.filename, f.status])).toEqual([
      ["gone.py", "removed"],
      ["shop/models.py", "modified"],
      ["shop/new.py", "added"],
      ["shop/signals.py", "renamed"],
    ]);
    expect(byName["shop/signals.py"]?.previous_filename).toBe("shop/old_signals.py");
    expect(byName["shop/models.py"]?.patch).toBe(gitPatch(baseModels, headModels));
    expect(byName["shop/models.py"]?.patch?.match(/^@@/gm)).toHaveLength(2);
    expect(byName["shop/new.py"]?.patch).toBe(gitPatch(null, "a = 1\nb = 2"));
    expect(byName["shop/new.py"]?.patch).toBe(
      "@@ -0,0 +1,2 @@\n+a = 1\n+b = 2\n\\ No newline at end of file",
    );
    expect(byName["shop/signals.py"]?.patch).toBe(
      gitPatch(movedBody, movedBody.replace("def f9(): pass", "def f9(): return 9")),
    );
    expect(byName["gone.py"]?.patch).toBe("@@ -1 +0,0 @@\n-x = 1");
    expect(byName["shop/new.py"]?.sha).toBe(blobSha("a = 1\nb = 2"));
  });

  it("omits the patch of a diff above the configured size, like GitHub", async () => {
    await fake.close();
    await useFake({ maxPatchLines: 50 });
    const repo = createRepo();
    const pr = openPr(repo, { "big.py": "x = 1\n".repeat(60), "small.py": "y = 2\n" });

    const { data: files } = await octokit.rest.pulls.listFiles({
      owner: "acme",
      repo: "shop",
      pull_number: pr.number,
    });

    expect(files.find((f) => f.filename === "big.py")).not.toHaveProperty("patch");
    expect(files.find((f) => f.filename === "big.py")?.additions).toBe(60);
    expect(files.find((f) => f.filename === "small.py")?.patch).toBe("@@ -0,0 +1 @@\n+y = 2");
  });
});

describe("contents, blobs and trees", () => {
  const big = "# padding line of a large generated module\n".repeat(30_000); // ~1.3 MB

  it("sends no content over 1 MB from the contents API, the whole file from the blobs API", async () => {
    const repo = createRepo({ "gen/big.py": big, "small.py": "x = 1\n" });

    const { data: meta } = await octokit.rest.repos.getContent({
      owner: "acme",
      repo: "shop",
      path: "gen/big.py",
    });
    const { data: blob } = await octokit.rest.git.getBlob({
      owner: "acme",
      repo: "shop",
      file_sha: blobSha(big),
    });
    const { data: small } = await octokit.rest.repos.getContent({
      owner: "acme",
      repo: "shop",
      path: "small.py",
      ref: repo.headOf().sha,
    });

    expect(meta).toMatchObject({
      type: "file",
      encoding: "none",
      content: "",
      size: Buffer.byteLength(big),
      sha: blobSha(big),
    });
    expect(Buffer.from(blob.content, "base64").toString("utf8")).toBe(big);
    expect(blob.size).toBe(Buffer.byteLength(big));
    expect(small).toMatchObject({ encoding: "base64", path: "small.py" });
    expect(Buffer.from((small as { content: string }).content, "base64").toString()).toBe(
      "x = 1\n",
    );
  });

  it("answers raw media requests with the text and 404 for missing paths", async () => {
    createRepo({ ".github/django-signals.yml": "rules:\n  model-signal-receiver: warning\n" });

    const raw = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
      owner: "acme",
      repo: "shop",
      path: ".github/django-signals.yml",
      mediaType: { format: "raw" },
    });
    const missing = octokit.rest.repos.getContent({
      owner: "acme",
      repo: "shop",
      path: "nope.yml",
    });

    expect(raw.data).toBe("rules:\n  model-signal-receiver: warning\n");
    await expect(missing).rejects.toMatchObject({ status: 404 });
    expect(fake.violations).toEqual([]);
  });

  it("serves a fork PR's head blobs through the base repository", async () => {
    const repo = createRepo({ "a.py": "a = 1\n" });
    const fork = fake.state.createRepo({ owner: "outsider", name: "shop", forkOf: repo });
    const forkHead = fork.pushCommit({ "a.py": "a = 2\n" }, { branch: "patch-1" });
    fake.state.openPullRequest({
      base: repo,
      head: fork,
      headSha: forkHead.sha,
      headBranch: "patch-1",
      author: "outsider",
    });

    const { data } = await octokit.rest.git.getBlob({
      owner: "acme",
      repo: "shop",
      file_sha: blobSha("a = 2\n"),
    });
    const { data: pr } = await octokit.rest.pulls.get({
      owner: "acme",
      repo: "shop",
      pull_number: 1,
    });

    expect(Buffer.from(data.content, "base64").toString()).toBe("a = 2\n");
    expect(pr.head).toMatchObject({
      sha: forkHead.sha,
      ref: "patch-1",
      repo: { full_name: "outsider/shop", fork: true },
    });
  });

  it("serves a commit's tarball behind a redirect, a fork PR's head through the base repository", async () => {
    const repo = createRepo({ "shop/models.py": "class Book: ...\n", "README.md": "hi\n" });
    const fork = fake.state.createRepo({ owner: "outsider", name: "shop", forkOf: repo });
    const forkHead = fork.pushCommit({ "shop/models.py": "class Book: pass\n" }, { branch: "p" });
    fake.state.openPullRequest({
      base: repo,
      head: fork,
      headSha: forkHead.sha,
      author: "outsider",
    });
    const archiveOf = async (ref: string) => {
      const redirect = await octokit.request("GET /repos/{owner}/{repo}/tarball/{ref}", {
        owner: "acme",
        repo: "shop",
        ref,
        request: { redirect: "manual", parseSuccessResponseBody: false },
      });
      expect(redirect.status).toBe(302);
      const download = await fetch(String(redirect.headers.location));
      const entries: Record<string, string> = {};
      const parser = new Parser({
        onReadEntry: (entry) => {
          const chunks: Buffer[] = [];
          entry.on("data", (chunk: Buffer) => chunks.push(chunk));
          entry.on("end", () => (entries[entry.path] = Buffer.concat(chunks).toString()));
        },
      });
      parser.end(gunzipSync(Buffer.from(await download.arrayBuffer())));
      await new Promise((resolve) => parser.on("close", resolve));
      return entries;
    };

    const base = await archiveOf(repo.headOf().sha);
    const head = await archiveOf(forkHead.sha);
    const missing = octokit.request("GET /repos/{owner}/{repo}/tarball/{ref}", {
      owner: "acme",
      repo: "shop",
      ref: "f".repeat(40),
      request: { redirect: "manual" },
    });

    const top = `acme-shop-${repo.headOf().sha.slice(0, 7)}`;
    expect(base).toMatchObject({
      [`${top}/`]: "",
      [`${top}/shop/`]: "",
      [`${top}/README.md`]: "hi\n",
      [`${top}/shop/models.py`]: "class Book: ...\n",
    });
    expect(Object.values(head)).toContain("class Book: pass\n");
    await expect(missing).rejects.toMatchObject({ status: 404 });
    expect(fake.violations).toEqual([]);
  });

  it("lists a commit's tree recursively", async () => {
    const repo = createRepo({ "a/b.py": "b\n", "c.py": "c\n" });

    const { data } = await octokit.rest.git.getTree({
      owner: "acme",
      repo: "shop",
      tree_sha: repo.headOf().sha,
      recursive: "1",
    });

    expect(data.sha).toBe(repo.headOf().treeSha);
    expect(data.tree.map((e) => [e.path, e.type])).toEqual([
      ["a", "tree"],
      ["a/b.py", "blob"],
      ["c.py", "blob"],
    ]);
  });
});

describe("reviews and review comments", () => {
  const base = Array.from({ length: 30 }, (_, i) => `line${i + 1}`).join("\n") + "\n";
  const head = base.replace("line20\n", "line20\nadded21\n");

  it("stores a review's comments as the app's bot and lists them paginated", async () => {
    const repo = createRepo({ "m.py": base });
    const pr = openPr(repo, { "m.py": head });

    const { data: review } = await octokit.rest.pulls.createReview({
      owner: "acme",
      repo: "shop",
      pull_number: pr.number,
      commit_id: pr.headSha,
      event: "COMMENT",
      body: "summary",
      comments: [
        { path: "m.py", line: 21, side: "RIGHT", body: "on the added line" },
        { path: "m.py", line: 18, side: "RIGHT", body: "on a context line" },
      ],
    });
    const parent = fake.state.reviewComments[0];
    if (!parent) throw new Error("no comment stored");
    fake.state.replyToReviewComment(parent, "reviewer", "thanks, will fix");
    const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, {
      owner: "acme",
      repo: "shop",
      pull_number: pr.number,
      per_page: 2,
    });

    expect(review).toMatchObject({
      state: "COMMENTED",
      body: "summary",
      user: { login: "django-signals[bot]", type: "Bot" },
    });
    expect(comments).toHaveLength(3);
    expect(comments[0]).toMatchObject({
      path: "m.py",
      line: 21,
      side: "RIGHT",
      pull_request_review_id: review.id,
      user: { login: "django-signals[bot]", type: "Bot" },
    });
    expect(comments[0]?.diff_hunk).toBe("@@ -18,6 +18,7 @@\n line18\n line19\n line20\n+added21");
    expect(comments[0]?.node_id).toMatch(/\S/);
    expect(comments[2]).toMatchObject({
      in_reply_to_id: comments[0]?.id,
      user: { login: "reviewer", type: "User" },
    });
    expect(fake.requestsTo("GET", `/repos/acme/shop/pulls/${pr.number}/comments`)).toHaveLength(2);
  });

  it("places comments given by diff position or on the LEFT side", async () => {
    const repo = createRepo({ "m.py": base });
    const pr = openPr(repo, { "m.py": base.replace("line10\n", "") });

    await octokit.rest.pulls.createReview({
      owner: "acme",
      repo: "shop",
      pull_number: pr.number,
      event: "COMMENT",
      comments: [
        { path: "m.py", position: 4, body: "the removed line, by position" },
        { path: "m.py", line: 10, side: "LEFT", body: "the removed line, by line" },
        { path: "m.py", position: 5, body: "the context line after it" },
      ],
    });

    expect(fake.state.reviewComments.map((c) => [c.side, c.line])).toEqual([
      ["LEFT", 10],
      ["LEFT", 10],
      ["RIGHT", 10],
    ]);
  });

  it("rejects the whole review with 422 when a line is outside the diff", async () => {
    const repo = createRepo({ "m.py": base });
    const pr = openPr(repo, { "m.py": head });

    const attempt = octokit.rest.pulls.createReview({
      owner: "acme",
      repo: "shop",
      pull_number: pr.number,
      event: "COMMENT",
      comments: [
        { path: "m.py", line: 21, body: "fine" },
        { path: "m.py", line: 5, body: "not in any hunk" },
      ],
    });

    await expect(attempt).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: ["Pull request review thread line must be part of the diff"] } },
    });
    expect(fake.state.reviews).toEqual([]);
    expect(fake.state.reviewComments).toEqual([]);
    expect(fake.violations).toEqual([]);
  });
});

describe("checks, comments, reactions, permissions, GraphQL", () => {
  it("keeps a check run's annotations across PATCH batches and lists runs by SHA", async () => {
    const repo = createRepo();
    const sha = repo.headOf().sha;
    const annotation = (line: number) => ({
      path: "m.py",
      start_line: line,
      end_line: line,
      annotation_level: "warning" as const,
      message: `at ${line}`,
    });

    const { data: run } = await octokit.rest.checks.create({
      owner: "acme",
      repo: "shop",
      name: "Django signals",
      head_sha: sha,
      status: "in_progress",
    });
    for (let batch = 0; batch < 3; batch += 1) {
      await octokit.rest.checks.update({
        owner: "acme",
        repo: "shop",
        check_run_id: run.id,
        output: {
          title: "t",
          summary: "s",
          annotations: Array.from({ length: 40 }, (_, i) => annotation(batch * 40 + i + 1)),
        },
      });
    }
    await octokit.rest.checks.update({
      owner: "acme",
      repo: "shop",
      check_run_id: run.id,
      conclusion: "neutral",
      output: { title: "done", summary: "s" },
    });
    const { data: list } = await octokit.rest.checks.listForRef({
      owner: "acme",
      repo: "shop",
      ref: sha,
      check_name: "Django signals",
    });
    const tooMany = octokit.rest.checks.update({
      owner: "acme",
      repo: "shop",
      check_run_id: run.id,
      output: {
        title: "t",
        summary: "s",
        annotations: Array.from({ length: 51 }, (_, i) => annotation(i + 1)),
      },
    });

    expect(list.total_count).toBe(1);
    expect(list.check_runs[0]).toMatchObject({
      id: run.id,
      status: "completed",
      conclusion: "neutral",
      output: { title: "done", annotations_count: 120 },
    });
    await expect(tooMany).rejects.toMatchObject({ status: 422 });
  });

  it("posts issue comments, reacts once per content, and reports permission levels", async () => {
    const repo = createRepo();
    const pr = openPr(repo, { "a.py": "x\n" });
    repo.setCollaborator("maintainer", "maintain");
    repo.setCollaborator("reader", "read");
    const command = fake.state.addIssueComment(
      repo,
      pr.number,
      "maintainer",
      "/django-signals rescan",
    );

    const first = await octokit.rest.reactions.createForIssueComment({
      owner: "acme",
      repo: "shop",
      comment_id: command.id,
      content: "eyes",
    });
    const again = await octokit.rest.reactions.createForIssueComment({
      owner: "acme",
      repo: "shop",
      comment_id: command.id,
      content: "eyes",
    });
    await octokit.rest.issues.createComment({
      owner: "acme",
      repo: "shop",
      issue_number: pr.number,
      body: "help text",
    });
    const { data: comments } = await octokit.rest.issues.listComments({
      owner: "acme",
      repo: "shop",
      issue_number: pr.number,
    });
    const level = async (username: string) =>
      (
        await octokit.rest.repos.getCollaboratorPermissionLevel({
          owner: "acme",
          repo: "shop",
          username,
        })
      ).data;

    expect([first.status, again.status]).toEqual([201, 200]);
    expect(comments.map((c) => [c.user?.login, c.body])).toEqual([
      ["maintainer", "/django-signals rescan"],
      ["django-signals[bot]", "help text"],
    ]);
    expect(await level("maintainer")).toMatchObject({ permission: "write", role_name: "maintain" });
    expect(await level("reader")).toMatchObject({ permission: "read" });
    expect(await level("acme")).toMatchObject({ permission: "admin" });
    await expect(level("nobody-at-all")).rejects.toMatchObject({ status: 404 });
  });

  it("minimizes a review comment through GraphQL and records the mutation", async () => {
    const repo = createRepo({ "m.py": "a\n" });
    const pr = openPr(repo, { "m.py": "a\nb\n" });
    await octokit.rest.pulls.createReview({
      owner: "acme",
      repo: "shop",
      pull_number: pr.number,
      event: "COMMENT",
      comments: [{ path: "m.py", line: 2, body: "x" }],
    });
    const {
      data: [comment],
    } = await octokit.rest.pulls.listReviewComments({
      owner: "acme",
      repo: "shop",
      pull_number: pr.number,
    });

    const result = await octokit.graphql<{
      minimizeComment: { minimizedComment: { isMinimized: boolean } };
    }>(
      "mutation($id: ID!) { minimizeComment(input: { subjectId: $id, classifier: OUTDATED }) { minimizedComment { isMinimized } } }",
      { id: comment?.node_id },
    );

    expect(result.minimizeComment.minimizedComment.isMinimized).toBe(true);
    expect(fake.state.reviewComments[0]?.minimizedReason).toBe("OUTDATED");
    expect(fake.state.graphqlMutations).toHaveLength(1);
    expect(fake.requestsTo("POST", "/graphql")).toHaveLength(1);
  });
});

describe("workflow tokens (GITHUB_TOKEN)", () => {
  it("acts as github-actions[bot] with a write token and answers the nodes query", async () => {
    const repo = createRepo({ "m.py": "a\n" });
    const pr = openPr(repo, { "m.py": "a\nb\n" });
    const workflow = new Octokit({ baseUrl: fake.apiUrl, auth: fake.workflowToken(repo, "write") });
    await workflow.rest.pulls.createReview({
      ...{ owner: "acme", repo: "shop", pull_number: pr.number, event: "COMMENT" },
      comments: [{ path: "m.py", line: 2, body: "x" }],
    });
    const [comment] = fake.state.reviewCommentsOf(pr);
    expect(comment?.user).toMatchObject({ login: "github-actions[bot]", type: "Bot" });
    const { data } = await workflow.rest.pulls.listReviewComments({
      ...{ owner: "acme", repo: "shop", pull_number: pr.number },
    });
    const query =
      "query($ids: [ID!]!) { nodes(ids: $ids) { ... on PullRequestReviewComment { id isMinimized } } }";
    const before = await workflow.graphql<{ nodes: unknown[] }>(query, {
      ids: [data[0]?.node_id, "bm90IGEgbm9kZQ=="],
    });
    expect(before.nodes).toEqual([{ id: data[0]?.node_id, isMinimized: false }, null]);
  });

  it("reads with a read-only token and refuses its writes as GitHub does", async () => {
    const repo = createRepo({ "m.py": "a\n" });
    const pr = openPr(repo, { "m.py": "a\nb\n" });
    const readOnly = new Octokit({ baseUrl: fake.apiUrl, auth: fake.workflowToken(repo, "read") });
    const pull = { owner: "acme", repo: "shop", pull_number: pr.number };

    await expect(readOnly.rest.pulls.listReviewComments(pull)).resolves.toMatchObject({
      status: 200,
    });
    await expect(
      readOnly.rest.pulls.createReview({ ...pull, event: "COMMENT", body: "x" }),
    ).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining("Resource not accessible by integration"),
    });
    await expect(
      readOnly.graphql(
        "mutation($id: ID!) { minimizeComment(input: { subjectId: $id, classifier: OUTDATED }) { minimizedComment { isMinimized } } }",
        { id: "x" },
      ),
    ).rejects.toMatchObject({ errors: [expect.objectContaining({ type: "FORBIDDEN" })] });
    expect(fake.state.reviews).toEqual([]);
  });
});

describe("documented response shapes", () => {
  it("answers the remaining served operations in GitHub's documented shapes", async () => {
    const repo = createRepo({ "m.py": "a\n" });
    const pr = openPr(repo, { "m.py": "a\nb\n" });
    const owner = "acme";
    const name = "shop";
    await octokit.rest.pulls.createReview({
      owner,
      repo: name,
      pull_number: pr.number,
      event: "COMMENT",
      body: "b",
      comments: [{ path: "m.py", line: 2, body: "x" }],
    });
    const comment = fake.state.reviewComments[0];
    const { data: issueComment } = await octokit.rest.issues.createComment({
      owner,
      repo: name,
      issue_number: pr.number,
      body: "hi",
    });
    const { data: run } = await octokit.rest.checks.create({
      owner,
      repo: name,
      name: "c",
      head_sha: pr.headSha,
    });

    const open = await octokit.rest.pulls.list({ owner, repo: name, state: "open" });
    const reviews = await octokit.rest.pulls.listReviews({
      owner,
      repo: name,
      pull_number: pr.number,
    });
    const single = await octokit.rest.pulls.getReviewComment({
      owner,
      repo: name,
      comment_id: comment?.id ?? 0,
    });
    const reply = await octokit.rest.pulls.createReplyForReviewComment({
      owner,
      repo: name,
      pull_number: pr.number,
      comment_id: comment?.id ?? 0,
      body: "r",
    });
    const updated = await octokit.rest.issues.updateComment({
      owner,
      repo: name,
      comment_id: issueComment.id,
      body: "edited",
    });
    const fetched = await octokit.rest.issues.getComment({
      owner,
      repo: name,
      comment_id: issueComment.id,
    });
    await octokit.rest.reactions.createForIssueComment({
      owner,
      repo: name,
      comment_id: issueComment.id,
      content: "rocket",
    });
    const reactions = await octokit.rest.reactions.listForIssueComment({
      owner,
      repo: name,
      comment_id: issueComment.id,
    });
    const gotRun = await octokit.rest.checks.get({ owner, repo: name, check_run_id: run.id });

    expect(open.data.map((p) => p.number)).toEqual([pr.number]);
    expect(reviews.data).toHaveLength(1);
    expect(single.data.id).toBe(comment?.id);
    expect(reply.data.in_reply_to_id).toBe(comment?.id);
    expect([updated.data.body, fetched.data.body]).toEqual(["edited", "edited"]);
    expect(reactions.data.map((r) => r.content)).toEqual(["rocket"]);
    expect(gotRun.data).toMatchObject({ id: run.id, status: "queued", conclusion: null });
    expect(fake.violations).toEqual([]);
  });
});

describe("OpenAPI checks and authentication", () => {
  it("records an unknown endpoint and answers 404", async () => {
    createRepo();
    const response = await fetch(`${fake.apiUrl}/repos/acme/shop/signals`, {
      headers: { authorization: `token ${fake.installationToken(7)}` },
    });

    expect(response.status).toBe(404);
    expect(fake.violations).toMatchObject([
      { kind: "unknown-endpoint", method: "GET", path: "/repos/acme/shop/signals" },
    ]);
  });

  it("records a body that breaks the operation's schema and answers 422", async () => {
    const repo = createRepo();
    const pr = openPr(repo, { "a.py": "x\n" });

    const response = await fetch(`${fake.apiUrl}/repos/acme/shop/pulls/${pr.number}/reviews`, {
      method: "POST",
      headers: {
        authorization: `token ${fake.installationToken(7)}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({
        event: "SHIP_IT",
        comments: [{ path: "a.py", line: "1", body: "x" }],
      }),
    });

    expect(response.status).toBe(422);
    expect(fake.violations).toHaveLength(1);
    expect(fake.violations[0]).toMatchObject({
      kind: "invalid-body",
      operationId: "pulls/create-review",
    });
    expect(fake.violations[0]?.details).toEqual(
      expect.arrayContaining([
        "/event must be equal to one of the allowed values",
        "/comments/0/line must be integer",
      ]),
    );
  });

  it("records unknown query parameters and real operations the fake does not serve", async () => {
    createRepo();
    await octokit.request("GET /repos/{owner}/{repo}/pulls", {
      owner: "acme",
      repo: "shop",
      colour: "red",
    });
    await expect(
      octokit.rest.repos.listBranches({ owner: "acme", repo: "shop" }),
    ).rejects.toMatchObject({ status: 404 });

    expect(fake.violations.map((v) => [v.kind, v.details[0]])).toEqual([
      ["unknown-query-parameter", "colour"],
      ["not-implemented", "a real GitHub operation this fake does not serve"],
    ]);
  });

  it("exchanges a verified app JWT for an installation token and refuses strangers", async () => {
    const key = generateAppKey();
    await fake.close();
    await useFake({ appId: 42, appPublicKey: key.publicKey });
    createRepo();
    const now = Math.floor(Date.now() / 1000);
    const jwtFor = (privateKey: string) => {
      const encode = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
      const unsigned = `${encode({ alg: "RS256", typ: "JWT" })}.${encode({ iat: now - 60, exp: now + 540, iss: 42 })}`;
      return `${unsigned}.${createSign("RSA-SHA256").update(unsigned).sign(privateKey, "base64url")}`;
    };
    const asApp = new Octokit({ baseUrl: fake.apiUrl, auth: jwtFor(key.privateKey) });
    const asImpostor = new Octokit({
      baseUrl: fake.apiUrl,
      auth: jwtFor(generateAppKey().privateKey),
    });

    const { data: installation } = await asApp.rest.apps.getRepoInstallation({
      owner: "acme",
      repo: "shop",
    });
    const { data: token } = await asApp.rest.apps.createInstallationAccessToken({
      installation_id: installation.id,
    });
    const withToken = new Octokit({ baseUrl: fake.apiUrl, auth: token.token });

    expect(installation.id).toBe(7);
    expect((await withToken.rest.repos.get({ owner: "acme", repo: "shop" })).data.full_name).toBe(
      "acme/shop",
    );
    await expect(
      asImpostor.rest.apps.getRepoInstallation({ owner: "acme", repo: "shop" }),
    ).rejects.toMatchObject({ status: 401 });
    await expect(
      new Octokit({ baseUrl: fake.apiUrl }).rest.repos.get({ owner: "acme", repo: "shop" }),
    ).rejects.toMatchObject({ status: 401 });
    expect(fake.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
  });
});

describe("fault injection", () => {
  const path = "/repos/acme/shop/pulls/1";
  const getPr = () => octokit.rest.pulls.get({ owner: "acme", repo: "shop", pull_number: 1 });

  beforeEach(() => {
    const repo = createRepo();
    openPr(repo, { "a.py": "x\n" });
  });

  it.each([500, 502, 503] as const)(
    "answers %i the given number of times, then recovers",
    async (status) => {
      fake.inject({ method: "GET", path, times: 2, ...faults.serverError(status) });

      await expect(getPr()).rejects.toMatchObject({ status });
      await expect(getPr()).rejects.toMatchObject({ status });
      expect((await getPr()).status).toBe(200);
      expect(fake.faults.fired).toHaveLength(2);
    },
  );

  it("sends secondary rate limits (403 with retry-after) and 429s", async () => {
    fake.inject({ path: /\/pulls\/1$/, ...faults.secondaryRateLimit(3) });
    fake.inject({ path, ...faults.tooManyRequests(2) });

    await expect(getPr()).rejects.toMatchObject({
      status: 403,
      response: {
        headers: { "retry-after": "3" },
        data: { message: expect.stringContaining("secondary rate limit") },
      },
    });
    await expect(getPr()).rejects.toMatchObject({
      status: 429,
      response: { headers: { "retry-after": "2" } },
    });
  });

  it("sends primary rate limits, 404 and 422", async () => {
    fake.inject({ path, ...faults.primaryRateLimit(5) });
    fake.inject({ path, ...faults.notFound() });
    fake.inject({ path, ...faults.unprocessable("nope") });

    await expect(getPr()).rejects.toMatchObject({
      status: 403,
      response: { headers: { "x-ratelimit-remaining": "0" } },
    });
    await expect(getPr()).rejects.toMatchObject({ status: 404 });
    await expect(getPr()).rejects.toMatchObject({ status: 422 });
  });

  it("resets the connection", async () => {
    fake.inject({ path, ...faults.connectionReset() });

    await expect(fetch(`${fake.apiUrl}${path}`)).rejects.toThrow();
    expect(fake.requestsTo("GET", path)[0]?.status).toBe(0);
  });

  it("delays one request, or every request with the latency option", async () => {
    fake.inject({ path, ...faults.slow(150) });
    const started = performance.now();
    await getPr();
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);

    const slowFake = await startFakeGitHub({ latencyMs: 50 });
    try {
      const began = performance.now();
      await fetch(`${slowFake.apiUrl}/repos/x/y`);
      expect(performance.now() - began).toBeGreaterThanOrEqual(45);
    } finally {
      await slowFake.close();
    }
  });
});

describe("webhook helpers", () => {
  it("signs bodies the way @octokit/webhooks-methods verifies them", async () => {
    const body = JSON.stringify({ action: "opened", zero: "\u0000", emoji: "🙂" });

    expect(await verify("s3cret", body, signWebhook("s3cret", body))).toBe(true);
    expect(await verify("other", body, signWebhook("s3cret", body))).toBe(false);
  });

  it("delivers a signed pull_request payload built from the fake's state", async () => {
    const repo = createRepo();
    const pr = openPr(repo, { "a.py": "x\n" });
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const event = pullRequestEvent(fake, pr, "opened");
      const result = await deliverWebhook(
        `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        { ...event, secret: "s" },
      );
      const delivered = received[0];

      expect(result.status).toBe(202);
      expect(delivered?.headers["x-github-event"]).toBe("pull_request");
      expect(delivered?.headers["x-github-delivery"]).toBe(result.id);
      expect(
        await verify("s", delivered?.body ?? "", String(delivered?.headers["x-hub-signature-256"])),
      ).toBe(true);
      expect(JSON.parse(delivered?.body ?? "{}")).toMatchObject({
        action: "opened",
        number: pr.number,
        pull_request: {
          head: { sha: pr.headSha },
          base: { sha: pr.baseSha },
          user: { login: "dev" },
        },
        repository: { full_name: "acme/shop" },
        installation: { id: 7 },
      });
    } finally {
      server.close();
    }
  });

  it("builds issue_comment payloads that tell PRs from issues", () => {
    const repo = createRepo();
    const pr = openPr(repo, { "a.py": "x\n" });
    const issue = fake.state.openIssue(repo, "someone");
    const onPr = issueCommentEvent(
      fake,
      fake.state.addIssueComment(repo, pr.number, "dev", "/django-signals help"),
    );
    const onIssue = issueCommentEvent(
      fake,
      fake.state.addIssueComment(repo, issue.number, "dev", "/django-signals help"),
    );

    expect(onPr.payload).toMatchObject({
      action: "created",
      issue: { number: pr.number, pull_request: { url: expect.stringContaining("/pulls/") } },
      comment: { body: "/django-signals help" },
    });
    expect(onIssue.payload.issue).not.toHaveProperty("pull_request");
  });
});

describe("check payloads and waiting", () => {
  it("builds check_run and check_suite payloads; fork heads get no pull_requests", async () => {
    const repo = createRepo();
    const pr = openPr(repo, { "a.py": "x\n" });
    const fork = fake.state.createRepo({ owner: "outsider", name: "shop", forkOf: repo });
    const forkHead = fork.pushCommit({ "b.py": "y\n" }, { branch: "patch-1" });
    fake.state.openPullRequest({
      base: repo,
      head: fork,
      headSha: forkHead.sha,
      author: "outsider",
    });
    await octokit.rest.checks.create({
      owner: "acme",
      repo: "shop",
      name: "Django signals",
      head_sha: pr.headSha,
      conclusion: "neutral",
    });
    const run = fake.state.checkRuns[0];
    if (!run) throw new Error("no check run stored");

    const rerun = checkRunEvent(fake, run, "requested_action", { requestedActionId: "rescan" });
    const sameRepo = checkSuiteEvent(fake, repo, pr.headSha);
    const fromFork = checkSuiteEvent(fake, repo, forkHead.sha);

    expect(rerun.payload).toMatchObject({
      action: "requested_action",
      requested_action: { identifier: "rescan" },
      check_run: { id: run.id, head_sha: pr.headSha, pull_requests: [{ number: pr.number }] },
      installation: { id: 7 },
    });
    expect(sameRepo.payload).toMatchObject({
      action: "rerequested",
      check_suite: { head_sha: pr.headSha, pull_requests: [{ number: pr.number }] },
    });
    expect(fromFork.payload).toMatchObject({
      check_suite: { head_sha: forkHead.sha, pull_requests: [] },
    });
  });

  it("waits for a condition, and says what it waited for on timeout", async () => {
    let done = false;
    setTimeout(() => (done = true), 30);

    await waitFor(() => done, { timeoutMs: 1000 });
    await expect(waitFor(() => false, { timeoutMs: 50, what: "a review" })).rejects.toThrow(
      "timed out after 50 ms waiting for a review",
    );
  });
});

describe("startApp", () => {
  const key = generateAppKey();
  let probeFake: FakeGitHub;

  beforeAll(async () => {
    probeFake = await startFakeGitHub({ appPublicKey: key.publicKey, validateResponses: true });
  });

  afterAll(async () => {
    await probeFake.close();
  });

  it("runs a Probot app as a child process against the fake, over real HTTP", async () => {
    const repo = probeFake.state.createRepo({ owner: "acme", name: "shop", installationId: 7 });
    repo.pushCommit({ "a.py": "a\n" });
    const head = repo.pushCommit({ "a.py": "a\n", "b.py": "b\n" }, { branch: "feature" });
    const pr = probeFake.state.openPullRequest({
      base: repo,
      head: repo,
      headSha: head.sha,
      author: "dev",
    });
    const app = await startApp({
      fake: probeFake,
      privateKey: key.privateKey,
      appPath: "test/support/fixtures/probe-app.js",
    });
    try {
      const event = pullRequestEvent(probeFake, pr, "opened");
      const unsigned = await deliverWebhook(app.url, { ...event, signature: "sha256=00" });
      const callsAfterBadSignature = probeFake.requests.length;
      const delivered = await deliverWebhook(app.url, { ...event, secret: app.webhookSecret });

      expect(unsigned.status).toBeGreaterThanOrEqual(400);
      expect(callsAfterBadSignature).toBe(0);
      expect(delivered.status).toBe(200);
      expect(probeFake.state.checkRuns.map((r) => [r.name, r.output.title, r.headSha])).toEqual([
        ["probe", "1 files", head.sha],
      ]);
      expect(probeFake.requestsTo("POST", "/app/installations/7/access_tokens")).toHaveLength(1);
      expect(probeFake.violations).toEqual([]);
    } finally {
      const exit = await app.stop();
      expect(exit.code === 0 || exit.signal === "SIGTERM").toBe(true);
    }
  });
});
