// `django-signals diff`: the findings a change introduces, judged by the same src/diff logic as the app.
import path from "node:path";
import { filesConnectingHandlersIn } from "../analysis/index.js";
import type { AnalyzeOptions, UnreadFile } from "../analysis/index.js";
import { findIntroduced } from "../diff/index.js";
import type { ChangedFile, IntroducedFindings } from "../diff/index.js";
import { headOrEmptyTree, listChanges, readVersion, repositoryRoot, resolveCommit } from "./git.js";
import type { GitChange, Snapshot } from "./git.js";
import { displayPath, excludeMatcher, inSkippedDirectory, isPythonFile } from "./paths.js";
import {
  inDisplayPaths,
  indexRevision,
  indexWithChanges,
  projectPathOf,
  type IndexedProject,
} from "./project.js";

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
  /** Files of the head's project that could not be read, or only in part (display paths). */
  unreadFiles: UnreadFile[];
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
  return inSkippedDirectory(relativeToRoot) || matches(cwdRelative);
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
  const revisions = { base, head };

  const changes = (await listChanges(root, base, head)).flatMap(
    (change) => pythonSide(change) ?? [],
  );
  const files: ChangedFile[] = [];
  const reported = (file: string) => {
    const cwdRelative = displayPath(path.join(root, file), options.cwd);
    if (isSkipped(file, cwdRelative, matches)) return false;
    return !options.includes || options.includes(path.join(root, file));
  };
  for (const change of changes) {
    if (reported(change.path)) files.push(await loadChange(change, root, options.cwd, revisions));
  }
  const projects = await projectsOf(root, changes, revisions);
  // A handler changed in one file can change the findings of a registration in another.
  const changed = new Set(
    changes.flatMap((change) => [change.path, change.previousPath ?? []].flat()),
  );
  for (const file of filesConnectingHandlersIn(projects.head.index, changed)) {
    if (!reported(file)) continue;
    files.push(await loadChange({ status: "modified", path: file }, root, options.cwd, revisions));
  }
  const toDisplay = (file: string) => displayPath(path.join(root, file), options.cwd);
  const introduced = await findIntroduced(files, options.analyze ?? {}, {
    base: projects.base.index,
    head: projects.head.index,
    projectPath: (file) => projectPathOf(projects.head, options.cwd, file),
  });
  return {
    ...introduced,
    findings: inDisplayPaths(introduced.findings, toDisplay),
    filesChecked: files.length,
    unreadFiles: projects.head.unread.map((entry) => ({ ...entry, file: toDisplay(entry.file) })),
  };
}

/** The project at the base commit, and at the head: the base with the changed files laid over it. */
async function projectsOf(
  root: string,
  changes: readonly GitChange[],
  revisions: { base: string; head: Snapshot },
): Promise<{ base: IndexedProject; head: IndexedProject }> {
  const base = await indexRevision(root, revisions.base);
  const texts = new Map<string, string | null>();
  for (const change of changes) {
    if (change.previousPath !== undefined) texts.set(change.previousPath, null);
    texts.set(
      change.path,
      change.status === "removed" ? null : await readVersion(root, change.path, revisions.head),
    );
  }
  return { base, head: await indexWithChanges(base, texts) };
}
