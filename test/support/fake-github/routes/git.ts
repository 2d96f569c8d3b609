import { repoJson } from "../json.js";
import { type Handler, type HandlerContext, HttpError, notFound, requireRepo } from "../http.js";
import type { Commit, Repo } from "../state.js";

const ONE_MB = 1024 * 1024;
const RAW_MEDIA = /application\/vnd\.github(\.v3)?\.raw/;

/** Base64 wrapped at 60 characters, as GitHub sends file and blob contents. */
function wrappedBase64(content: string): string {
  return (
    (
      Buffer.from(content, "utf8")
        .toString("base64")
        .match(/.{1,60}/g) ?? []
    ).join("\n") + "\n"
  );
}

/** Commits the repository can serve: its own and the heads of PRs into it (forks included). */
function reachableCommits(ctx: HandlerContext, repo: Repo): Commit[] {
  const heads = ctx.state.pulls
    .filter((p) => p.repo === repo)
    .flatMap((p) => p.headHistory.map((sha) => p.headRepo.commits.get(sha)))
    .filter((c): c is Commit => c !== undefined);
  return [...repo.commits.values(), ...heads];
}

const getBlob: Handler = (ctx) => {
  const repo = requireRepo(ctx);
  const sha = ctx.params.file_sha ?? "";
  for (const commit of reachableCommits(ctx, repo)) {
    const entry = commit.entries.find((e) => e.type === "blob" && e.sha === sha);
    if (entry) {
      const content = commit.tree[entry.path] ?? "";
      if (RAW_MEDIA.test(ctx.accept)) {
        return {
          status: 200,
          text: content,
          headers: { "content-type": "application/vnd.github.raw; charset=utf-8" },
        };
      }
      return {
        status: 200,
        body: {
          sha,
          node_id: Buffer.from(`0:Blob${sha}`).toString("base64"),
          size: Buffer.byteLength(content),
          url: `${ctx.urls.api}/repos/${repo.fullName}/git/blobs/${sha}`,
          content: wrappedBase64(content),
          encoding: "base64",
        },
      };
    }
  }
  throw notFound();
};

function contentLinks(
  ctx: HandlerContext,
  repo: Repo,
  path: string,
  ref: string,
  sha: string,
  type: "blob" | "tree",
) {
  const self = `${ctx.urls.api}/repos/${repo.fullName}/contents/${encodeURI(path)}?ref=${ref}`;
  const git = `${ctx.urls.api}/repos/${repo.fullName}/git/${type}s/${sha}`;
  const html = `${ctx.urls.web}/${repo.fullName}/${type}/${ref}/${encodeURI(path)}`;
  return { url: self, git_url: git, html_url: html, _links: { self, git, html } };
}

const getContent: Handler = (ctx) => {
  const repo = requireRepo(ctx);
  const ref = ctx.query.get("ref") ?? repo.defaultBranch;
  const commit = ctx.state.resolveRef(repo, ref);
  if (!commit) throw new HttpError(404, `No commit found for the ref ${ref}`);
  const path = (ctx.params.path ?? "").replace(/^\/+|\/+$/g, "");
  const content = commit.tree[path];
  if (content !== undefined) {
    const sha = commit.entries.find((e) => e.path === path)?.sha ?? "";
    if (RAW_MEDIA.test(ctx.accept)) {
      return {
        status: 200,
        text: content,
        headers: { "content-type": "application/vnd.github.raw; charset=utf-8" },
      };
    }
    const size = Buffer.byteLength(content);
    // Over 1 MB GitHub sends the metadata only; the blobs API still serves the content.
    const tooLarge = size > ONE_MB;
    return {
      status: 200,
      body: {
        type: "file",
        encoding: tooLarge ? "none" : "base64",
        size,
        name: path.split("/").pop(),
        path,
        content: tooLarge ? "" : wrappedBase64(content),
        sha,
        download_url: `${ctx.urls.web}/${repo.fullName}/raw/${ref}/${encodeURI(path)}`,
        ...contentLinks(ctx, repo, path, ref, sha, "blob"),
      },
    };
  }
  const prefix = path === "" ? "" : `${path}/`;
  const children = commit.entries.filter(
    (e) => e.path.startsWith(prefix) && !e.path.slice(prefix.length).includes("/"),
  );
  if (children.length === 0) throw notFound();
  return {
    status: 200,
    body: children.map((e) => ({
      type: e.type === "blob" ? "file" : "dir",
      size: e.size ?? 0,
      name: e.path.split("/").pop(),
      path: e.path,
      sha: e.sha,
      download_url:
        e.type === "blob"
          ? `${ctx.urls.web}/${repo.fullName}/raw/${ref}/${encodeURI(e.path)}`
          : null,
      ...contentLinks(ctx, repo, e.path, ref, e.sha, e.type),
    })),
  };
};

/** A tree by tree SHA, commit SHA or branch; subtrees are found by their SHA too. */
const getTree: Handler = (ctx) => {
  const repo = requireRepo(ctx);
  const sha = ctx.params.tree_sha ?? "";
  const recursive = ctx.query.has("recursive");
  for (const commit of reachableCommits(ctx, repo)) {
    const byCommit = ctx.state.resolveRef(repo, sha) === commit;
    const subtree = commit.entries.find((e) => e.type === "tree" && e.sha === sha);
    if (!byCommit && commit.treeSha !== sha && !subtree) continue;
    const prefix = subtree ? `${subtree.path}/` : "";
    const entries = commit.entries
      .filter((e) => e.path.startsWith(prefix))
      .map((e) => ({ ...e, path: e.path.slice(prefix.length) }))
      .filter((e) => recursive || !e.path.includes("/"));
    return {
      status: 200,
      body: {
        sha: subtree?.sha ?? commit.treeSha,
        url: `${ctx.urls.api}/repos/${repo.fullName}/git/trees/${subtree?.sha ?? commit.treeSha}`,
        tree: entries.map((e) => ({
          path: e.path,
          mode: e.mode,
          type: e.type,
          sha: e.sha,
          ...(e.size !== undefined ? { size: e.size } : {}),
          url: `${ctx.urls.api}/repos/${repo.fullName}/git/${e.type}s/${e.sha}`,
        })),
        truncated: false,
      },
    };
  }
  throw notFound();
};

export const gitRoutes: Record<string, Handler> = {
  "git/get-blob": getBlob,
  "git/get-tree": getTree,
  "repos/get-content": getContent,
  // The full repository object adds a few counts to the one embedded in other answers.
  "repos/get": (ctx) => ({
    status: 200,
    body: {
      ...repoJson(requireRepo(ctx), ctx.urls),
      has_discussions: false,
      network_count: 0,
      subscribers_count: 0,
    },
  }),
};
