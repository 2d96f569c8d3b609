// Reads the base and head texts of the selected files: the head by blob SHA (through the base
// repository, the fork as fallback); the base is rebuilt from the head and the patch, and read by
// path at the base commit only when there is no patch (or it does not fit).
import type { ChangedFile } from "../../diff/index.js";
import type { Octokit, RepoRef } from "../../github/client.js";
import { getFileTextAtRef, getHeadBlobText } from "../../github/contents.js";
import { baseFromPatch } from "./base-from-patch.js";
import type { FileToRead } from "./select-files.js";

export interface PullSides {
  baseRepo: RepoRef;
  /** The fork of a fork PR; null when the head repository was deleted. */
  headRepo: RepoRef | null;
  baseSha: string;
}

const PARALLEL_READS = 4;

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
): Promise<ChangedFile> {
  const head =
    file.headSha === null
      ? null
      : await getHeadBlobText(octokit, sides.baseRepo, sides.headRepo, file.headSha);
  return {
    path: file.path,
    ...(file.previousPath === undefined ? {} : { previousPath: file.previousPath }),
    status: file.status,
    base: await readBase(octokit, sides, file, head),
    head,
  };
}

export function readChangedFiles(
  octokit: Octokit,
  sides: PullSides,
  files: readonly FileToRead[],
): Promise<ChangedFile[]> {
  return mapWithLimit(files, PARALLEL_READS, (file) => readFile(octokit, sides, file));
}
