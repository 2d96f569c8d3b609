// Reads the base and head texts of the selected files: the head by blob SHA (through the base
// repository, the fork as fallback), or, for a large PR, all at once from the head commit's
// archive; the base is rebuilt from the head and the patch, and read by path at the base commit
// only when there is no patch (or it does not fit).
import type { Logger } from "probot";
import type { ChangedFile } from "../../diff/index.js";
import { ArchiveUnavailable, readPythonArchive } from "../../github/archive.js";
import type { ArchiveLimits } from "../../github/archive.js";
import type { Octokit, RepoRef } from "../../github/client.js";
import { getFileTextAtRef, getHeadBlobText } from "../../github/contents.js";
import { baseFromPatch } from "./base-from-patch.js";
import type { FileToRead } from "./select-files.js";

export interface PullSides {
  baseRepo: RepoRef;
  /** The fork of a fork PR; null when the head repository was deleted. */
  headRepo: RepoRef | null;
  baseSha: string;
  headSha: string;
}

const PARALLEL_READS = 4;
// Above this many head files, one archive of the head commit costs one API call instead of one
// call per file (a 3,000-file PR: 3,000 calls, minutes of rate-limited requests).
export const MAX_BLOB_READS = 30;

/** Head texts by path from the head commit's archive; null when it cannot be had (then blobs). */
async function headTextsFromArchive(
  octokit: Octokit,
  sides: PullSides,
  files: readonly FileToRead[],
  limits: ArchiveLimits,
  log: Logger,
): Promise<Map<string, string> | null> {
  const wanted = new Set(files.filter((file) => file.headSha !== null).map((file) => file.path));
  try {
    const archive = await readPythonArchive(
      octokit,
      sides.baseRepo,
      sides.headSha,
      limits,
      (path) => wanted.has(path),
    );
    return archive.files;
  } catch (error) {
    if (!(error instanceof ArchiveUnavailable)) throw error;
    log.warn({ reason: error.reason }, "reading the head files one by one: no head archive");
    return null;
  }
}

async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  map: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    for (let index = next++; index < items.length; index = next++) {
      results[index] = await map(items[index] as T);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function readBase(
  octokit: Octokit,
  sides: PullSides,
  file: FileToRead,
  head: string | null,
): Promise<string | null> {
  if (file.status === "added") return null;
  const rebuilt = file.patch ? baseFromPatch(head, file.patch) : undefined;
  return (
    rebuilt ??
    getFileTextAtRef(octokit, sides.baseRepo, file.previousPath ?? file.path, sides.baseSha)
  );
}

async function readFile(
  octokit: Octokit,
  sides: PullSides,
  file: FileToRead,
  fromArchive: ReadonlyMap<string, string> | null,
): Promise<ChangedFile> {
  const head =
    file.headSha === null
      ? null
      : (fromArchive?.get(file.path) ??
        (await getHeadBlobText(octokit, sides.baseRepo, sides.headRepo, file.headSha)));
  return {
    path: file.path,
    ...(file.previousPath === undefined ? {} : { previousPath: file.previousPath }),
    status: file.status,
    base: await readBase(octokit, sides, file, head),
    head,
  };
}

export interface ReadOptions {
  /** Limits of the head archive a large PR is read from. */
  archive: ArchiveLimits;
  log: Logger;
}

export async function readChangedFiles(
  octokit: Octokit,
  sides: PullSides,
  files: readonly FileToRead[],
  options: ReadOptions,
): Promise<ChangedFile[]> {
  const fromArchive =
    files.length > MAX_BLOB_READS
      ? await headTextsFromArchive(octokit, sides, files, options.archive, options.log)
      : null;
  return mapWithLimit(files, PARALLEL_READS, (file) => readFile(octokit, sides, file, fromArchive));
}
