import { compareTrees, type FileChange, unifiedPatch } from "../patches.js";
import { blobSha } from "../git-objects.js";
import { pullJson } from "../json.js";
import {
  type Handler,
  type HandlerContext,
  intParam,
  notFound,
  paginate,
  requireRepo,
} from "../http.js";
import type { PullRequest } from "../state.js";

export function requirePull(ctx: HandlerContext): PullRequest {
  const pr = ctx.state.pull(requireRepo(ctx), intParam(ctx, "pull_number"));
  if (!pr) throw notFound();
  return pr;
}

/** The files a PR changes at `headSha` (its current head by default), from its base commit. */
export function pullChanges(
  ctx: HandlerContext,
  pr: PullRequest,
  headSha = pr.headSha,
): FileChange[] {
  const base = ctx.state.commit(pr.repo, pr.baseSha);
  const head = ctx.state.commit(pr.repo, headSha);
  if (!base || !head) throw notFound();
  return compareTrees(base.tree, head.tree);
}

function countLines(patch: string, prefix: string): number {
  return patch.split("\n").filter((l) => l.startsWith(prefix)).length;
}

/** GitHub leaves `patch` out when a file's diff is too large; the limits are options. */
function fileJson(
  ctx: HandlerContext,
  pr: PullRequest,
  change: FileChange,
): Record<string, unknown> {
  const patch = unifiedPatch(change.baseContent ?? "", change.headContent ?? "");
  const tooLarge =
    patch.split("\n").length > ctx.options.maxPatchLines ||
    Buffer.byteLength(patch) > ctx.options.maxPatchBytes;
  const additions = countLines(patch, "+");
  const deletions = countLines(patch, "-");
  const content = change.status === "removed" ? change.baseContent : change.headContent;
  const ref = change.status === "removed" ? pr.baseSha : pr.headSha;
  const path = encodeURI(change.filename);
  return {
    sha: blobSha(content ?? ""),
    filename: change.filename,
    status: change.status,
    additions,
    deletions,
    changes: additions + deletions,
    blob_url: `${ctx.urls.web}/${pr.repo.fullName}/blob/${ref}/${path}`,
    raw_url: `${ctx.urls.web}/${pr.repo.fullName}/raw/${ref}/${path}`,
    contents_url: `${ctx.urls.api}/repos/${pr.repo.fullName}/contents/${path}?ref=${ref}`,
    ...(patch && !tooLarge ? { patch } : {}),
    ...(change.previousFilename !== undefined
      ? { previous_filename: change.previousFilename }
      : {}),
  };
}

const listFiles: Handler = (ctx) => {
  const pr = requirePull(ctx);
  const changes = pullChanges(ctx, pr).slice(0, ctx.options.maxFiles);
  return paginate(ctx, changes, (change) => fileJson(ctx, pr, change));
};

const getPull: Handler = (ctx) => ({
  status: 200,
  body: pullJson(ctx.state, requirePull(ctx), ctx.urls),
});

const listPulls: Handler = (ctx) => {
  const repo = requireRepo(ctx);
  const state = ctx.query.get("state") ?? "open";
  const head = ctx.query.get("head");
  const base = ctx.query.get("base");
  const pulls = ctx.state.pulls
    .filter((p) => p.repo === repo)
    .filter((p) => state === "all" || p.state === state)
    .filter(
      (p) => !head || `${p.headRepo.owner.login}:${p.headRef}`.toLowerCase() === head.toLowerCase(),
    )
    .filter((p) => !base || p.baseRef === base)
    .sort((a, b) =>
      ctx.query.get("direction") === "asc" ? a.number - b.number : b.number - a.number,
    );
  return paginate(ctx, pulls, (p) => pullJson(ctx.state, p, ctx.urls));
};

export const pullRoutes: Record<string, Handler> = {
  "pulls/get": getPull,
  "pulls/list": listPulls,
  "pulls/list-files": listFiles,
};
