// Reads the base and head texts of the selected files: the head by blob SHA (through the base
// repository, the fork as fallback); the base is rebuilt from the head and the patch, and read by
// path at the base commit only when there is no patch (or it does not fit). A large PR reads each
// side from its commit's archive instead: one call, not one per file.
// One file never fails the scan: a file that cannot be read (after one more try), or is too large
// to analyse, or would take the scan past what it may hold at once, is named as not scanned.
import type { Logger } from "probot";
import type { ChangedFile, NotScanned } from "../../diff/index.js";
import { ArchiveUnavailable, MB, megabytes, readPythonArchive } from "../../github/archive.js";
import type { ArchiveLimits } from "../../github/archive.js";
import { httpStatus } from "../../github/client.js";
import type { Octokit, RepoRef, Sleep } from "../../github/client.js";
import { getFileTextAtRef, getHeadBlobText } from "../../github/contents.js";
import { baseFromPatch } from "./base-from-patch.js";
import type { FileToRead } from "./select-files.js";

/** The largest file the app analyses: the analysis needs many times a file's size in memory. */
const MAX_FILE_BYTES = 4 * MB;
/** The file texts (base and head) one scan holds at once. */
const MAX_SCAN_BYTES = 32 * MB;
const RETRY_DELAY_MS = 1_000;

export interface ReadFiles {
  files: ChangedFile[];
  notScanned: NotScanned[];
}

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
const MAX_FILE_READS = 30;

export interface ReadOptions {
  /** Limits of the archives a large PR is read from. */
  archive: ArchiveLimits;
  log: Logger;
}

/** Each side's texts from its commit's archive, when the PR is large enough to need one. */
interface Archives {
  head: ReadonlyMap<string, string> | null;
  base: ReadonlyMap<string, string> | null;
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
    // The scan analyses files up to MAX_FILE_BYTES: a smaller archive limit would leave such a
    // file to be read again, one call each.
    const limits = {
      ...options.archive,
      maxFileBytes: Math.max(options.archive.maxFileBytes, MAX_FILE_BYTES),
    };
    const archive = await readPythonArchive(octokit, repo, sha, limits, (path) => wanted.has(path));
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

function basePath(file: FileToRead): string {
  return file.previousPath ?? file.path;
}

async function readBase(
  octokit: Octokit,
  sides: PullSides,
  file: FileToRead,
  head: string | null,
  archive: ReadonlyMap<string, string> | null,
): Promise<string | null> {
  if (file.status === "added") return null;
  const rebuilt = file.patch ? baseFromPatch(head, file.patch) : undefined;
  return (
    rebuilt ??
    archive?.get(basePath(file)) ??
    getFileTextAtRef(octokit, sides.baseRepo, basePath(file), sides.baseSha)
  );
}

async function readFile(
  octokit: Octokit,
  sides: PullSides,
  file: FileToRead,
  archives: Archives,
): Promise<ChangedFile> {
  const head =
    file.headSha === null
      ? null
      : (archives.head?.get(file.path) ??
        (await getHeadBlobText(octokit, sides.baseRepo, sides.headRepo, file.headSha)));
  // A head too large to analyse is not scanned: its base is not worth reading.
  const tooLarge = head !== null && Buffer.byteLength(head) > MAX_FILE_BYTES;
  return {
    path: file.path,
    ...(file.previousPath === undefined ? {} : { previousPath: file.previousPath }),
    status: file.status,
    base: tooLarge ? null : await readBase(octokit, sides, file, head, archives.base),
    head,
  };
}

function unreadableReason(error: unknown): string {
  const status = httpStatus(error);
  return `GitHub did not serve it${status === undefined ? "" : ` (HTTP ${status})`}`;
}

async function readWithRetry(
  octokit: Octokit,
  sleep: Sleep,
  sides: PullSides,
  file: FileToRead,
  archives: Archives,
): Promise<ChangedFile | NotScanned> {
  try {
    return await readFile(octokit, sides, file, archives);
  } catch {
    // A blob GitHub has just written may not be served everywhere yet: one more try.
    await sleep(RETRY_DELAY_MS);
  }
  try {
    return await readFile(octokit, sides, file, archives);
  } catch (error) {
    return { path: file.path, reason: unreadableReason(error) };
  }
}

/** Whether the scan may keep a file it read: not too large, and within what it holds at once. */
function keepWithin(budget: { held: number }, file: ChangedFile): ChangedFile | NotScanned {
  const headBytes = Buffer.byteLength(file.head ?? "");
  const baseBytes = Buffer.byteLength(file.base ?? "");
  if (Math.max(headBytes, baseBytes) > MAX_FILE_BYTES) {
    return {
      path: file.path,
      reason: `larger than the ${megabytes(MAX_FILE_BYTES)} the app analyses in one file`,
    };
  }
  const bytes = headBytes + baseBytes;
  if (budget.held + bytes > MAX_SCAN_BYTES) {
    return {
      path: file.path,
      reason: `the scan already holds the ${megabytes(MAX_SCAN_BYTES)} of files it may hold at once`,
    };
  }
  budget.held += bytes;
  return file;
}

/** The archives a large PR is read from: the head's, and the base's for bases no patch rebuilds. */
async function archivesFor(
  octokit: Octokit,
  sides: PullSides,
  files: readonly FileToRead[],
  options: ReadOptions,
): Promise<Archives> {
  const heads = files.filter((file) => file.headSha !== null).map((file) => file.path);
  const unrebuilt = files.filter((file) => file.status !== "added" && !file.patch).map(basePath);
  const [head, base] = await Promise.all([
    textsFromArchive(octokit, sides.baseRepo, sides.headSha, heads, options),
    textsFromArchive(octokit, sides.baseRepo, sides.baseSha, unrebuilt, options),
  ]);
  return { head, base };
}

export async function readChangedFiles(
  octokit: Octokit,
  sleep: Sleep,
  sides: PullSides,
  files: readonly FileToRead[],
  options: ReadOptions,
): Promise<ReadFiles> {
  const archives = await archivesFor(octokit, sides, files, options);
  const budget = { held: 0 };
  // Each file is kept or dropped as soon as it is read, so a dropped text is never held for long.
  const results = await mapWithLimit(files, PARALLEL_READS, async (toRead) => {
    const file = await readWithRetry(octokit, sleep, sides, toRead, archives);
    return "reason" in file ? file : keepWithin(budget, file);
  });
  return {
    files: results.filter((file): file is ChangedFile => !("reason" in file)),
    notScanned: results.filter((file): file is NotScanned => "reason" in file),
  };
}
