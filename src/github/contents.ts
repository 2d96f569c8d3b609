// File texts by blob SHA (the Git blobs API serves files over 1 MB, which the contents API
// returns without content) and by path at a commit.
import { nullIfNotFound, repoParams } from "./client.js";
import type { Octokit, RepoRef } from "./client.js";

function decode(content: string, encoding: string): string {
  return encoding === "base64" ? Buffer.from(content, "base64").toString("utf8") : content;
}

/** A raw answer: text, or bytes when GitHub's content type names no charset. */
function rawText(data: unknown): string {
  if (typeof data === "string") return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString("utf8");
  throw new TypeError("GitHub did not answer the raw blob with its bytes");
}

/**
 * A blob's bytes in the raw media type: no base64 in JSON, so a large blob costs its own size
 * once and never depends on how large a JSON text the runtime parses.
 */
async function getBlobText(octokit: Octokit, repo: RepoRef, sha: string): Promise<string> {
  const { data } = await octokit.rest.git.getBlob({
    ...repoParams(repo),
    file_sha: sha,
    mediaType: { format: "raw" },
  });
  return rawText(data);
}

/**
 * The text of `path` at `ref` (a commit SHA; omitted: the default branch), or null when the file
 * is not there. One call for files under 1 MB; larger ones come without content: then the blob.
 */
export async function getFileTextAtRef(
  octokit: Octokit,
  repo: RepoRef,
  path: string,
  ref?: string,
): Promise<string | null> {
  const response = await nullIfNotFound(
    octokit.rest.repos.getContent({
      ...repoParams(repo),
      path,
      ...(ref === undefined ? {} : { ref }),
    }),
  );
  const file = response?.data;
  if (!file || Array.isArray(file) || file.type !== "file") return null;
  if (file.encoding === "none" || (file.content === "" && file.size > 0)) {
    return getBlobText(octokit, repo, file.sha);
  }
  return decode(file.content, file.encoding);
}

/**
 * A head blob of a pull request. GitHub keeps the commits of fork PRs in the base repository, so
 * it is read there first; the fork is the fallback when the base repository does not have it.
 */
export async function getHeadBlobText(
  octokit: Octokit,
  baseRepo: RepoRef,
  headRepo: RepoRef | null,
  sha: string,
): Promise<string> {
  const fromBase = await nullIfNotFound(getBlobText(octokit, baseRepo, sha));
  if (fromBase !== null) return fromBase;
  if (headRepo === null || (headRepo.owner === baseRepo.owner && headRepo.repo === baseRepo.repo)) {
    const notFound = new Error(`blob ${sha} not found in ${baseRepo.owner}/${baseRepo.repo}`);
    throw Object.assign(notFound, { status: 404 });
  }
  return getBlobText(octokit, headRepo, sha);
}
