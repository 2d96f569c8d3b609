// A commit's Python files from one repository archive: `GET /repos/{owner}/{repo}/tarball/{ref}`
// answers with a redirect to a download URL (codeload, or the Enterprise host itself), which is
// streamed through gunzip and a tar parser; only regular `.py` files are kept, in memory. Nothing
// is written to disk, so an archive's paths never meet the file system.
import { once } from "node:events";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { setTimeout as sleep } from "node:timers/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { createGunzip } from "node:zlib";
import { Parser } from "tar";
import type { ReadEntry } from "tar";
import { httpStatus, repoParams } from "./client.js";
import type { Octokit, RepoRef } from "./client.js";

export interface ArchiveLimits {
  /** Compressed bytes downloaded. */
  maxArchiveBytes: number;
  /** Bytes of the Python files kept, together. */
  maxPythonBytes: number;
  /** One Python file; a larger one is left out and named. */
  maxFileBytes: number;
  /** The whole download, redirect included. */
  timeoutMs: number;
}

export const MB = 1024 * 1024;

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxArchiveBytes: 200 * MB,
  maxPythonBytes: 300 * MB,
  maxFileBytes: 2 * MB,
  timeoutMs: 60_000,
};

// Like Octokit's own retries of API calls: a 5xx or a reset connection is tried again, twice.
const DOWNLOAD_ATTEMPTS = 3;
const RETRY_DELAY_MS = 500;

// Source tarballs expand 3 to 20 times; gzip's own ceiling is about 1,000. Past this ratio (and a
// floor that small archives of padding never reach) the archive is a decompression bomb.
const MAX_EXPANSION_RATIO = 100;
const EXPANSION_FLOOR_BYTES = 64 * MB;

/** Why a commit's archive could not be had, in a few words a check run can show. */
export class ArchiveUnavailable extends Error {
  constructor(readonly reason: string) {
    super(`archive not loaded: ${reason}`);
  }
}

interface PythonArchive {
  /** Path (without GitHub's top folder) -> text. */
  files: Map<string, string>;
  /** Python files left out because one is over `maxFileBytes`. */
  tooLarge: string[];
}

export function megabytes(bytes: number): string {
  return `${Math.round(bytes / MB)} MB`;
}

/** `owner-repo-sha/shop/models.py` -> `shop/models.py`; undefined for paths to leave alone. */
function archivePath(entryPath: string): string | undefined {
  const slash = entryPath.indexOf("/");
  if (slash < 0) return undefined;
  const path = entryPath.slice(slash + 1);
  if (path === "" || path.startsWith("/")) return undefined;
  const segments = path.split("/");
  if (segments.some((segment) => segment === ".." || segment === ".")) return undefined;
  return path;
}

const KEPT_TYPES = new Set(["File", "OldFile", "ContiguousFile"]);

/** Which Python files to keep: all of them, or the ones a scan asks for. */
type WantedPath = (path: string) => boolean;

function isKept(entry: ReadEntry, wanted: WantedPath): boolean {
  const path = archivePath(entry.path);
  return KEPT_TYPES.has(entry.type) && path?.endsWith(".py") === true && wanted(path);
}

/** Counts compressed bytes on their way to gunzip and stops at the limit. */
function compressedCounter(
  limits: ArchiveLimits,
  counted: { bytes: number },
  collector: PythonCollector,
): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      counted.bytes += chunk.length;
      if (counted.bytes > limits.maxArchiveBytes) {
        callback(collector.fail(`archive over ${megabytes(limits.maxArchiveBytes)}`));
        return;
      }
      callback(null, chunk);
    },
  });
}

class PythonCollector {
  readonly files = new Map<string, string>();
  readonly tooLarge: string[] = [];
  private keptBytes = 0;
  entries = 0;
  error: Error | undefined;

  constructor(private readonly limits: ArchiveLimits) {}

  /** The first failure wins: the streams torn down after it only report that they were aborted. */
  fail(reason: string): Error {
    this.error ??= new ArchiveUnavailable(reason);
    return this.error;
  }

  onEntry(entry: ReadEntry): void {
    this.entries++;
    const path = archivePath(entry.path) as string;
    if (entry.size > this.limits.maxFileBytes) {
      this.tooLarge.push(path);
      entry.resume();
      return;
    }
    this.keptBytes += entry.size;
    if (this.keptBytes > this.limits.maxPythonBytes) {
      this.fail(`Python files over ${megabytes(this.limits.maxPythonBytes)}`);
      entry.resume();
      return;
    }
    const chunks: Buffer[] = [];
    entry.on("data", (chunk: Buffer) => chunks.push(chunk));
    entry.on("end", () => this.files.set(path, Buffer.concat(chunks).toString("utf8")));
  }
}

/** The last stage: gunzipped bytes into the tar parser, with the expansion checked as they come. */
function tarReader(compressed: { bytes: number }, collector: PythonCollector, wanted: WantedPath) {
  return async (source: AsyncIterable<Buffer>): Promise<void> => {
    const parser = new Parser({
      strict: true,
      filter: (_path, entry) => isKept(entry as ReadEntry, wanted),
    });
    parser.on("entry", (entry: ReadEntry) => collector.onEntry(entry));
    parser.on("ignoredEntry", () => collector.entries++);
    const ended = new Promise<void>((resolve) => {
      parser.on("end", resolve);
      parser.on("error", (error: Error) => {
        collector.error ??= error;
        resolve();
      });
    });
    // Past the tar's end the parser would only buffer what follows: stop reading there.
    let sawEnd = false;
    parser.on("eof", () => (sawEnd = true));
    let expanded = 0;
    for await (const chunk of source) {
      if (sawEnd) break;
      expanded += chunk.length;
      if (expanded > Math.max(EXPANSION_FLOOR_BYTES, compressed.bytes * MAX_EXPANSION_RATIO)) {
        throw collector.fail("archive expands too much (a decompression bomb)");
      }
      if (collector.error) throw collector.error;
      if (!parser.write(chunk)) await once(parser, "drain");
    }
    parser.end();
    await ended;
    if (collector.error) throw collector.error;
  };
}

function readFailure(error: unknown, collector: PythonCollector): ArchiveUnavailable {
  if (error instanceof ArchiveUnavailable) return error;
  if (error instanceof Error && error.name === "TimeoutError") {
    return new ArchiveUnavailable("download timed out");
  }
  const code = (error as NodeJS.ErrnoException).code ?? "";
  if (code.startsWith("Z_") || code === "TAR_BAD_ARCHIVE" || code === "TAR_ENTRY_INVALID") {
    if (collector.entries === 0 && /Unrecognized archive/.test(String(error))) {
      return new ArchiveUnavailable("the archive is empty");
    }
    return new ArchiveUnavailable("archive is truncated or corrupt");
  }
  return new ArchiveUnavailable(
    `download failed (${error instanceof Error ? error.message : code})`,
  );
}

async function readArchive(
  body: WebReadableStream<Uint8Array>,
  limits: ArchiveLimits,
  wanted: WantedPath,
): Promise<PythonArchive> {
  const compressed = { bytes: 0 };
  const collector = new PythonCollector(limits);
  try {
    await pipeline(
      Readable.fromWeb(body),
      compressedCounter(limits, compressed, collector),
      createGunzip(),
      tarReader(compressed, collector, wanted),
    );
  } catch (error) {
    throw readFailure(collector.error ?? error, collector);
  }
  return { files: collector.files, tooLarge: collector.tooLarge };
}

/** The redirect's target, or the archive itself when GitHub answered without one. */
async function requestArchive(
  octokit: Octokit,
  repo: RepoRef,
  ref: string,
  signal: AbortSignal,
): Promise<Response> {
  let response;
  try {
    response = await octokit.request("GET /repos/{owner}/{repo}/tarball/{ref}", {
      ...repoParams(repo),
      ref,
      request: { redirect: "manual", parseSuccessResponseBody: false, signal },
    });
  } catch (error) {
    if (signal.aborted) throw new ArchiveUnavailable("download timed out");
    const status = httpStatus(error);
    throw new ArchiveUnavailable(
      status === 404 ? "archive not found (404)" : `GitHub answered ${status ?? "no answer"}`,
    );
  }
  const location = response.headers.location;
  const body = response.data as unknown as WebReadableStream<Uint8Array> | null;
  if (location === undefined) {
    return new Response(body as ReadableStream<Uint8Array> | null, { status: response.status });
  }
  await body?.cancel();
  return download(location, signal);
}

/** The download URL carries its own short-lived token: the installation's is not sent along. */
async function download(location: string, signal: AbortSignal): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(location, { signal }).catch((error: unknown) => {
      if (signal.aborted || attempt >= DOWNLOAD_ATTEMPTS) throw error;
      return undefined;
    });
    if (response !== undefined && (response.status < 500 || attempt >= DOWNLOAD_ATTEMPTS)) {
      return response;
    }
    await response?.body?.cancel();
    await sleep(RETRY_DELAY_MS * attempt, undefined, { signal });
  }
}

function checkDownload(response: Response, limits: ArchiveLimits): void {
  if (!response.ok || response.body === null) {
    throw new ArchiveUnavailable(`download answered ${response.status}`);
  }
  const length = Number(response.headers.get("content-length") ?? "0");
  if (length > limits.maxArchiveBytes) {
    throw new ArchiveUnavailable(`archive over ${megabytes(limits.maxArchiveBytes)}`);
  }
}

/** The Python files of `ref`; throws ArchiveUnavailable with the reason when they cannot be had. */
export async function readPythonArchive(
  octokit: Octokit,
  repo: RepoRef,
  ref: string,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
  wanted: WantedPath = () => true,
): Promise<PythonArchive> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  try {
    const response = await requestArchive(octokit, repo, ref, signal);
    checkDownload(response, limits);
    return await readArchive(response.body as WebReadableStream<Uint8Array>, limits, wanted);
  } catch (error) {
    if (error instanceof ArchiveUnavailable) throw error;
    if (signal.aborted) throw new ArchiveUnavailable("download timed out");
    throw new ArchiveUnavailable(
      `download failed (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}
