// One scan of one pull-request head: config, changed files, what the PR introduces, and a last
// look at the PR so a result for an old head is dropped. It only reads; reporters publish.
import type { Logger } from "probot";
import type { Finding } from "../analysis/index.js";
import { parseConfig, pathFilter, DEFAULT_CONFIG } from "../config.js";
import type { ConfigIssue, RepoConfig } from "../config.js";
import { findIntroduced } from "../diff/index.js";
import type { Octokit, PullRef, RepoRef, Sleep } from "../github/client.js";
import { fetchConfigFile } from "../github/config-file.js";
import { listPullFiles } from "../github/pull-files.js";
import { getPullState } from "../github/pulls.js";
import { readChangedFiles } from "./read-files.js";
import { selectFiles } from "./select-files.js";
import type { FileSelection } from "./select-files.js";

export interface ScanTarget {
  pull: PullRef;
  headSha: string;
  baseSha: string;
  /** The fork of a fork PR (null when it was deleted); the base repository otherwise. */
  headRepo: RepoRef | null;
}

export interface ScanDeps {
  octokit: Octokit;
  log: Logger;
  sleep: Sleep;
}

export type ScanOutcome =
  | { kind: "config-error"; source: string; issues: ConfigIssue[] }
  | { kind: "superseded"; reason: string }
  | {
      kind: "scanned";
      config: RepoConfig;
      findings: Finding[];
      selection: FileSelection;
      /** False when the PR has more files than GitHub lists (3,000). */
      listingComplete: boolean;
    };

const MAX_LISTED_FILES = 3_000;

async function loadConfig(
  deps: ScanDeps,
  repo: RepoRef,
): Promise<
  { ok: true; config: RepoConfig } | { ok: false; source: string; issues: ConfigIssue[] }
> {
  const file = await fetchConfigFile(deps.octokit, repo);
  if (file === null) return { ok: true, config: DEFAULT_CONFIG };
  const result = parseConfig(file.text);
  return result.ok ? result : { ok: false, source: file.source, issues: result.issues };
}

async function supersededReason(deps: ScanDeps, target: ScanTarget): Promise<string | undefined> {
  const current = await getPullState(deps.octokit, target.pull);
  if (current.state !== "open") return `the pull request is ${current.state}`;
  if (current.headSha !== target.headSha) return `the head moved on to ${current.headSha}`;
  return undefined;
}

export async function scanPullRequest(deps: ScanDeps, target: ScanTarget): Promise<ScanOutcome> {
  const config = await loadConfig(deps, target.pull);
  if (!config.ok) return { kind: "config-error", source: config.source, issues: config.issues };

  const files = await listPullFiles(deps.octokit, target.pull);
  const selection = selectFiles(files, pathFilter(config.config));
  deps.log.info(
    { listed: files.length, toRead: selection.toRead.length, skipped: selection.skipped },
    "selected files",
  );

  const changed = await readChangedFiles(
    deps.octokit,
    { baseRepo: target.pull, headRepo: target.headRepo, baseSha: target.baseSha },
    selection.toRead,
  );
  const introduced = findIntroduced(changed, {
    levels: config.config.levels,
    legitimateSignals: config.config.legitimateSignals,
    ...(config.config.docsBaseUrl === undefined ? {} : { docsBaseUrl: config.config.docsBaseUrl }),
  });
  deps.log.info(
    {
      analyzed: introduced.filesAnalyzed,
      findings: introduced.findings.length,
      syntaxErrors: introduced.filesWithSyntaxErrors,
    },
    "analysed changed files",
  );

  const reason = await supersededReason(deps, target);
  if (reason !== undefined) return { kind: "superseded", reason };
  return {
    kind: "scanned",
    config: config.config,
    findings: introduced.findings,
    selection,
    listingComplete: files.length < MAX_LISTED_FILES,
  };
}
