// `django-signals diff`: the findings a change introduces, judged by the same src/diff logic as the app.
import path from "node:path";
import type { AnalyzeOptions } from "../analysis/index.js";
import { findIntroduced } from "../diff/index.js";
import type { ChangedFile, IntroducedFindings } from "../diff/index.js";
import { headOrEmptyTree, listChanges, readVersion, repositoryRoot, resolveCommit } from "./git.js";
import type { GitChange, Snapshot } from "./git.js";
import { DEFAULT_SKIPPED_DIRECTORIES, displayPath, excludeMatcher, isPythonFile } from "./paths.js";

export interface DiffOptions {
  cwd: string;
  /** Without one, HEAD (the empty tree before the first commit). */
  base?: string;
  /** A revision, the staged changes, or (the default) the working tree, like `git diff BASE`. */
  head: { revision: string } | "index" | "worktree";
  exclude: readonly string[];
  analyze?: Omit<AnalyzeOptions, "file">;
  /** The config file's path filters. */
  includes?: (absolutePath: string) => boolean;
}

export interface DiffResult extends IntroducedFindings {
  /** Changed Python files considered (after excludes). */
  filesChecked: number;
}

/** Keeps changes with a Python side; a rename to or from another extension is an add or a remove. */
function pythonSide(change: GitChange): GitChange | undefined {
  const { previousPath } = change;
  if (previousPath === undefined) return isPythonFile(change.path) ? change : undefined;
  const headIsPython = isPythonFile(change.path);
  const baseIsPython = isPythonFile(previousPath);
  if (headIsPython && baseIsPython) return change;
  if (headIsPython) return { status: "added", path: change.path };
  if (baseIsPython) return { status: "removed", path: previousPath };
  return undefined;
}

function isSkipped(relativeToRoot: string, cwdRelative: string, matches: (p: string) => boolean) {
  const directories = relativeToRoot.split("/").slice(0, -1);
  return directories.some((name) => DEFAULT_SKIPPED_DIRECTORIES.has(name)) || matches(cwdRelative);
}

async function loadChange(
  change: GitChange,
  root: string,
  cwd: string,
  revisions: { base: string; head: Snapshot },
): Promise<ChangedFile> {
  const toDisplay = (file: string) => displayPath(path.join(root, file), cwd);
  const basePath = change.previousPath ?? change.path;
  return {
    path: toDisplay(change.path),
    ...(change.previousPath !== undefined && { previousPath: toDisplay(change.previousPath) }),
    status: change.status,
    base:
      change.status === "added"
        ? null
        : await readVersion(root, basePath, { commit: revisions.base }),
    head: change.status === "removed" ? null : await readVersion(root, change.path, revisions.head),
  };
}

export async function diffRevisions(options: DiffOptions): Promise<DiffResult> {
  const root = await repositoryRoot(options.cwd);
  const base =
    options.base === undefined
      ? await headOrEmptyTree(root)
      : await resolveCommit(root, options.base);
  const head: Snapshot =
    typeof options.head === "string"
      ? options.head
      : { commit: await resolveCommit(root, options.head.revision) };
  const matches = excludeMatcher(options.exclude);

  const files: ChangedFile[] = [];
  for (const change of await listChanges(root, base, head)) {
    const python = pythonSide(change);
    if (!python) continue;
    const cwdRelative = displayPath(path.join(root, python.path), options.cwd);
    if (isSkipped(python.path, cwdRelative, matches)) continue;
    if (options.includes && !options.includes(path.join(root, python.path))) continue;
    files.push(await loadChange(python, root, options.cwd, { base, head }));
  }
  return { ...(await findIntroduced(files, options.analyze ?? {})), filesChecked: files.length };
}
