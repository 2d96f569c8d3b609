// File texts by blob SHA (the Git blobs API serves files over 1 MB, which the contents API
// returns without content) and by path at a commit.
import { nullIfNotFound, repoParams } from "./client.js";
import type { Octokit, RepoRef } from "./client.js";

function decode(content: string, encoding: string): string {
  return encoding === "base64" ? Buffer.from(content, "base64").toString("utf8") : content;
}

async function getBlobText(octokit: Octokit, repo: RepoRef, sha: string): Promise<string> {
  const { data } = await octokit.rest.git.getBlob({
    ...repoParams(repo),
    file_sha: sha,
  });
  return decode(data.content, data.encoding);
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
    throw new Error(`blob ${sha} not found in ${baseRepo.owner}/${baseRepo.repo}`);
  }
  return getBlobText(octokit, headRepo, sha);
}
