// Reads the base and head texts of the selected files: the head by blob SHA (through the base
// repository, the fork as fallback); the base is rebuilt from the head and the patch, and read by
// path at the base commit only when there is no patch (or it does not fit). A large PR reads each
// side from its commit's archive instead: one call, not one per file.
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
// Above this many reads of one side, one archive of that commit costs one API call instead of one
// call per file (a 3,000-file PR: 3,000 calls, minutes of rate-limited requests).
export const MAX_FILE_READS = 30;

export interface ReadOptions {
  /** Limits of the archives a large PR is read from. */
  archive: ArchiveLimits;
  log: Logger;
}

/** Texts by path from one commit's archive; null when it cannot be had (then file by file). */
async function textsFromArchive(
  octokit: Octokit,
  repo: RepoRef,
  sha: string,
  paths: readonly string[],
  options: ReadOptions,
): Promise<ReadonlyMap<string, string> | null> {
  if (paths.length <= MAX_FILE_READS) return null;
  const wanted = new Set(paths);
  try {
    const archive = await readPythonArchive(octokit, repo, sha, options.archive, (path) =>
      wanted.has(path),
    );
    return archive.files;
  } catch (error) {
    if (!(error instanceof ArchiveUnavailable)) throw error;
    options.log.warn({ sha, reason: error.reason }, "reading files one by one: no archive");
    return null;
  }
}

async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  map: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    for (let index = next++; index < items.length; index = next++) {
      results[index] = await map(items[index] as T, index);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function readHeads(
  octokit: Octokit,
  sides: PullSides,
  files: readonly FileToRead[],
  fromArchive: ReadonlyMap<string, string> | null,
): Promise<(string | null)[]> {
  return mapWithLimit(files, PARALLEL_READS, async (file) => {
    if (file.headSha === null) return null;
    return (
      fromArchive?.get(file.path) ??
      getHeadBlobText(octokit, sides.baseRepo, sides.headRepo, file.headSha)
    );
  });
}

/** The base rebuilt without a call: null for an added file, undefined when it must be read. */
function rebuiltBase(file: FileToRead, head: string | null): string | null | undefined {
  if (file.status === "added") return null;
  return file.patch ? baseFromPatch(head, file.patch) : undefined;
}

function basePath(file: FileToRead): string {
  return file.previousPath ?? file.path;
}

export async function readChangedFiles(
  octokit: Octokit,
  sides: PullSides,
  files: readonly FileToRead[],
  options: ReadOptions,
): Promise<ChangedFile[]> {
  const headPaths = files.filter((file) => file.headSha !== null).map((file) => file.path);
  const headArchive = await textsFromArchive(
    octokit,
    sides.baseRepo,
    sides.headSha,
    headPaths,
    options,
  );
  const heads = await readHeads(octokit, sides, files, headArchive);
  const rebuilt = files.map((file, index) => rebuiltBase(file, heads[index] ?? null));
  const unread = files.filter((_, index) => rebuilt[index] === undefined).map(basePath);
  const baseArchive = await textsFromArchive(
    octokit,
    sides.baseRepo,
    sides.baseSha,
    unread,
    options,
  );
  return mapWithLimit(files, PARALLEL_READS, async (file, index) => {
    const path = basePath(file);
    const base =
      rebuilt[index] !== undefined
        ? rebuilt[index]
        : (baseArchive?.get(path) ??
          (await getFileTextAtRef(octokit, sides.baseRepo, path, sides.baseSha)));
    return {
      path: file.path,
      ...(file.previousPath === undefined ? {} : { previousPath: file.previousPath }),
      status: file.status,
      base,
      head: heads[index] ?? null,
    };
  });
}
