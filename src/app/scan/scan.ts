// One scan of one pull-request head: changed files, what the PR introduces, and a last look at
// the PR so a result for an old head is dropped. It only reads; reporters publish. The config is
// loaded first, on its own: it decides whether a check run is opened before the scan starts.
import type { Logger } from "probot";
import { analyzeOptionsOf, parseConfig, pathFilter, DEFAULT_CONFIG } from "../../config.js";
import type { RepoConfig } from "../../config.js";
import { findIntroduced } from "../../diff/index.js";
import type { RepoRef } from "../../github/client.js";
import { fetchConfigFile } from "../../github/config-file.js";
import { listPullFiles } from "../../github/pull-files.js";
import { getPull } from "../../github/pulls.js";
import type { PullHead, PullState } from "../../github/pulls.js";
import type { InvalidConfig } from "../../publish/config-error.js";
import type { PublishDeps, PublishTarget } from "../../publish/deps.js";
import type { ScanResult } from "../../publish/review-findings.js";
import type { ProjectContextNote } from "../../report/check-run.js";
import { DEFAULT_PROJECT_CONTEXT, loadProjectContext } from "./project-context.js";
import type { ProjectContext, ProjectSource } from "./project-context.js";
import { readChangedFiles } from "./read-files.js";
import { selectFiles } from "./select-files.js";
import type { FileSelection } from "./select-files.js";

export interface ScanTarget extends PublishTarget {
  baseSha: string;
  /** The fork of a fork PR (null when it was deleted); the base repository otherwise. */
  headRepo: RepoRef | null;
}

/** What to scan of a PR as GitHub has it now. */
export function targetOfPull(repo: RepoRef, pull: PullHead): ScanTarget {
  return {
    pull: { owner: repo.owner, repo: repo.repo, pullNumber: pull.pullNumber },
    headSha: pull.headSha,
    baseSha: pull.baseSha,
    headRepo: pull.headRepo,
  };
}

export interface ScanDeps extends PublishDeps {
  /** Probot's logger: the app's handlers use more of it than publishing does. */
  log: Logger;
  /**
   * In-process mode: how to complete the check runs of scans still running when the server must
   * exit (each scan adds its own while its run is open).
   */
  openRuns?: InterruptibleRuns;
  /** Filled in as the scan goes, for its "scan finished" log line. */
  stats?: ScanStats;
  /** This replica's project archives and index cache; absent: changed files only. */
  projects?: ProjectSource;
}

/** Completes one open check run as interrupted. */
export type InterruptibleRuns = Set<() => Promise<void>>;

export interface ScanStats {
  headSha?: string;
  filesListed: number;
  filesFetched: number;
  findingsIntroduced: number;
  findingsPosted: number;
}

export function emptyScanStats(): ScanStats {
  return { filesListed: 0, filesFetched: 0, findingsIntroduced: 0, findingsPosted: 0 };
}

export function recordStats(deps: ScanDeps, stats: Partial<ScanStats>): void {
  if (deps.stats !== undefined) Object.assign(deps.stats, stats);
}

export type LoadedConfig = { ok: true; config: RepoConfig } | ({ ok: false } & InvalidConfig);

export type ScanOutcome =
  | {
      kind: "superseded";
      reason: string;
      /** Set when the PR moved on to a newer head; absent when it is no longer open. */
      newerHeadSha?: string;
    }
  | ({
      kind: "scanned";
      config: RepoConfig;
      selection: FileSelection;
      /** Whether the project was read; absent when it was not asked for. */
      context?: ProjectContextNote;
    } & ScanResult);

const MAX_LISTED_FILES = 3_000;

/** The app's docs base (`DOCS_BASE_URL`) where the repository's config names none. */
function withAppDefaults(deps: ScanDeps, config: RepoConfig): RepoConfig {
  const docsBaseUrl = config.docsBaseUrl ?? deps.docsBaseUrl;
  return docsBaseUrl === undefined ? config : { ...config, docsBaseUrl };
}

export async function loadRepoConfig(deps: ScanDeps, repo: RepoRef): Promise<LoadedConfig> {
  const file = await fetchConfigFile(deps.octokit, repo);
  if (file === null) return { ok: true, config: withAppDefaults(deps, DEFAULT_CONFIG) };
  const result = parseConfig(file.text);
  if (result.ok) return { ok: true, config: withAppDefaults(deps, result.config) };
  return {
    ok: false,
    source: file.source,
    issues: result.issues,
    checkRun: !result.checkRunOff,
  };
}

type Superseded = Extract<ScanOutcome, { kind: "superseded" }>;

function supersededBy(target: ScanTarget, current: PullState): Superseded | undefined {
  if (current.state !== "open") {
    return { kind: "superseded", reason: `the pull request is ${current.state}` };
  }
  if (current.headSha !== target.headSha) {
    return {
      kind: "superseded",
      reason: `the head moved on to ${current.headSha}`,
      newerHeadSha: current.headSha,
    };
  }
  return undefined;
}

function contextNote(context: ProjectContext): ProjectContextNote | undefined {
  if (context.status === "off") return undefined;
  return context.status === "loaded" ? { loaded: true } : { loaded: false, reason: context.reason };
}

export async function scanPullRequest(
  deps: ScanDeps,
  target: ScanTarget,
  config: RepoConfig,
): Promise<ScanOutcome> {
  const projects = config.projectContext ? deps.projects : undefined;
  const files = await listPullFiles(deps.octokit, target.pull);
  const selection = selectFiles(files, pathFilter(config), {
    everyPythonFile: projects !== undefined,
  });
  recordStats(deps, { filesListed: files.length, filesFetched: selection.toRead.length });
  deps.log.info(
    { listed: files.length, toRead: selection.toRead.length, skipped: selection.skipped },
    "selected files",
  );

  const read = await readChangedFiles(
    deps.octokit,
    deps.sleep,
    {
      baseRepo: target.pull,
      headRepo: target.headRepo,
      baseSha: target.baseSha,
      headSha: target.headSha,
    },
    selection.toRead,
    { archive: (deps.projects?.settings ?? DEFAULT_PROJECT_CONTEXT).archive, log: deps.log },
  );
  const changed = read.files;
  const context: ProjectContext = projects
    ? await loadProjectContext(projects, deps, { repo: target.pull, sha: target.baseSha }, changed)
    : { status: "off" };
  const introduced = await findIntroduced(
    changed,
    analyzeOptionsOf(config),
    context.status === "loaded" ? { base: context.base, head: context.head } : undefined,
  );
  const notScanned = [...read.notScanned, ...introduced.notScanned];
  recordStats(deps, { findingsIntroduced: introduced.findings.length });
  deps.log.info(
    {
      analyzed: introduced.filesAnalyzed,
      findings: introduced.findings.length,
      syntaxErrors: introduced.filesWithSyntaxErrors,
      notScanned,
    },
    "analysed changed files",
  );

  const current = await getPull(deps.octokit, target.pull);
  const movedOn = supersededBy(target, current);
  if (movedOn !== undefined) return movedOn;
  const note = contextNote(context);
  return {
    kind: "scanned",
    config,
    findings: introduced.findings,
    notScanned,
    selection,
    listingComplete: files.length < MAX_LISTED_FILES,
    ...(current.reviewComments === undefined ? {} : { reviewComments: current.reviewComments }),
    ...(note === undefined ? {} : { context: note }),
    links: { repoUrl: current.repoUrl, sha: target.headSha },
  };
}
