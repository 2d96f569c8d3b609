// The CLI honours the same `.github/django-signals.yml` as the app, so a developer sees locally
// what the pull request will show: rule levels, legitimate signals, path filters, docs links.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { AnalyzeOptions } from "../analysis/index.js";
import {
  analyzeOptionsOf,
  CONFIG_FILE_PATH,
  DEFAULT_CONFIG,
  parseConfig,
  pathFilter,
} from "../config.js";
import type { ConfigIssue, RepoConfig } from "../config.js";
import { UsageError, unreadable } from "./errors.js";
import { displayPath } from "./paths.js";

export interface CliConfig {
  analyze: Omit<AnalyzeOptions, "file">;
  /** Whether the config's `paths` / `ignore_paths` keep this file. */
  includes(absolutePath: string): boolean;
  /** The whole file, for what only the Action uses (comments, review event, conclusion). */
  repo: RepoConfig;
}

const NO_CONFIG: CliConfig = { analyze: {}, includes: () => true, repo: DEFAULT_CONFIG };

/** The nearest `.github/django-signals.yml` from `cwd` upwards, stopping at the repository root. */
function findConfigFile(cwd: string): string | undefined {
  for (let directory = cwd; ; directory = path.dirname(directory)) {
    const candidate = path.join(directory, CONFIG_FILE_PATH);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(directory);
    if (existsSync(path.join(directory, ".git")) || parent === directory) return undefined;
  }
}

function describe(file: string, issues: readonly ConfigIssue[]): string {
  const lines = issues.map((issue) => {
    const where = issue.line === undefined ? file : `${file}:${issue.line}:${issue.column ?? 1}`;
    return `${where}: ${issue.message}`;
  });
  return `invalid configuration\n${lines.join("\n")}`;
}

/**
 * `explicit` is `--config FILE`; `false` is `--no-config`; undefined looks for the repository's
 * file. Paths in the config are relative to the directory that holds `.github/` (else to cwd).
 */
export function loadCliConfig(cwd: string, explicit: string | false | undefined): CliConfig {
  if (explicit === false) return NO_CONFIG;
  const file = explicit === undefined ? findConfigFile(cwd) : path.resolve(cwd, explicit);
  if (file === undefined) return NO_CONFIG;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw unreadable(displayPath(file, cwd), error);
  }
  const parsed = parseConfig(text);
  if (!parsed.ok) throw new UsageError(describe(displayPath(file, cwd), parsed.issues));
  const { config } = parsed;
  const holder = path.dirname(file);
  const root = path.basename(holder) === ".github" ? path.dirname(holder) : cwd;
  const keep = pathFilter(config);
  return {
    analyze: analyzeOptionsOf(config),
    includes: (absolutePath) => keep(displayPath(absolutePath, root)),
    repo: config,
  };
}
