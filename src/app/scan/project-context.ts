// The project around a pull request: the index of its base commit (one archive, cached per
// repository and commit on this replica) and the head's, which is the base's with the PR's
// changed files laid over it. Context never fails a scan: when the archive cannot be had, the scan
// goes on with the changed files alone and says why.
import {
  buildProjectIndex,
  projectIndexBytes,
  updateProjectIndex,
} from "../../analysis/project/index.js";
import type { Logger } from "probot";
import type { ProjectIndex } from "../../analysis/project/index.js";
import type { ChangedFile } from "../../diff/index.js";
import {
  ArchiveUnavailable,
  DEFAULT_ARCHIVE_LIMITS,
  readPythonArchive,
} from "../../github/archive.js";
import { MB } from "../../github/archive.js";
import type { ArchiveLimits } from "../../github/archive.js";
import type { Octokit, RepoRef } from "../../github/client.js";
import { createIndexCache } from "./index-cache.js";
import type { IndexCache } from "./index-cache.js";

export interface ProjectContextSettings {
  archive: ArchiveLimits;
  /** Bytes of project indexes this replica keeps. */
  cacheBytes: number;
}

// A 3,000-file project's index is about 10 MB (12 MB of heap): six of them, and four scans at
// once, stay under 400 MB of RSS (`npm run bench:context`).
export const DEFAULT_PROJECT_CACHE_MB = 64;

export const DEFAULT_PROJECT_CONTEXT: ProjectContextSettings = {
  archive: DEFAULT_ARCHIVE_LIMITS,
  cacheBytes: DEFAULT_PROJECT_CACHE_MB * MB,
};

/** One per replica: the settings and the cache every scan of this process shares. */
export interface ProjectSource {
  settings: ProjectContextSettings;
  cache: IndexCache<ProjectIndex>;
}

export function createProjectSource(settings: ProjectContextSettings): ProjectSource {
  return { settings, cache: createIndexCache<ProjectIndex>(settings.cacheBytes) };
}

export type ProjectContext =
  | { status: "loaded"; base: ProjectIndex; head: ProjectIndex }
  /** The repository's config turned it off (`project_context: false`). */
  | { status: "off" }
  | { status: "not loaded"; reason: string };

const PYTHON_FILE = /\.py$/;

/** The PR's changes as the index takes them: path -> head text, null where a file went away. */
function indexChanges(files: readonly ChangedFile[]): Map<string, string | null> {
  const changes = new Map<string, string | null>();
  for (const file of files) {
    if (file.previousPath !== undefined && PYTHON_FILE.test(file.previousPath)) {
      changes.set(file.previousPath, null);
    }
    if (PYTHON_FILE.test(file.path)) changes.set(file.path, file.head);
  }
  return changes;
}

function cacheKey(repo: RepoRef, sha: string): string {
  return `${repo.owner}/${repo.repo}@${sha}`.toLowerCase();
}

async function loadIndex(
  deps: { octokit: Octokit; log: Logger },
  base: { repo: RepoRef; sha: string },
  limits: ArchiveLimits,
): Promise<{ value: ProjectIndex; bytes: number }> {
  const archive = await readPythonArchive(deps.octokit, base.repo, base.sha, limits);
  if (archive.tooLarge.length > 0) {
    deps.log.warn(
      { baseSha: base.sha, files: archive.tooLarge.slice(0, 20), count: archive.tooLarge.length },
      "project context: Python files over the one-file limit left out of the index",
    );
  }
  const index = buildProjectIndex(archive.files);
  return { value: index, bytes: projectIndexBytes(index) };
}

/** Why the base index could not be had, in words for the check run; the log has the rest. */
function reasonOf(error: unknown, log: Logger): string {
  if (error instanceof ArchiveUnavailable) return error.reason;
  log.error({ err: error }, "project context: indexing the archive failed");
  return "the project could not be indexed";
}

/** The base index (cached) and the head's; the reason when the archive could not be had. */
export async function loadProjectContext(
  source: ProjectSource,
  deps: { octokit: Octokit; log: Logger },
  base: { repo: RepoRef; sha: string },
  changed: readonly ChangedFile[],
): Promise<ProjectContext> {
  const key = cacheKey(base.repo, base.sha);
  const cached = source.cache.has(key);
  const started = performance.now();
  try {
    const index = await source.cache.getOrLoad(key, () =>
      loadIndex(deps, base, source.settings.archive),
    );
    const head = updateProjectIndex(index, indexChanges(changed));
    deps.log.info(
      {
        baseSha: base.sha,
        cached,
        cacheBytes: source.cache.bytes(),
        durationMs: Math.round(performance.now() - started),
      },
      "project context loaded",
    );
    return { status: "loaded", base: index, head };
  } catch (error) {
    const reason = reasonOf(error, deps.log);
    deps.log.warn({ baseSha: base.sha, reason }, "project context not loaded");
    return { status: "not loaded", reason };
  }
}
