// The project index for the CLI: every Python file of the repository (the git root, else the
// scanned directory), from the working tree or from a commit, not only the files reported on.
import { readFileSync } from "node:fs";
import path from "node:path";
import { setImmediate as turnOfEventLoop } from "node:timers/promises";
import {
  EMPTY_PROJECT,
  mightRegisterReceiver,
  type Finding,
  unreadFiles,
  updateProjectIndex,
  type ProjectIndex,
  type UnreadFile,
} from "../analysis/index.js";
import { decodeSource } from "./decode.js";
import { listTree, readBlobs } from "./git.js";
import { displayPath, inSkippedDirectory, isPythonFile } from "./paths.js";
import { findPythonFiles } from "./walk.js";

export interface IndexedProject {
  index: ProjectIndex;
  /** The directory the index's paths are relative to. */
  root: string;
  /** Files that could not be read, or only in part (their path relative to `root`). */
  unread: UnreadFile[];
  /**
   * What reading the working tree's files told, by path: their size, and their text when it may
   * register a receiver (else null), so `scan` reads no file twice. Empty for a commit's index.
   */
  read: ReadonlyMap<string, { bytes: number; text: string | null }>;
}

// Files read between two turns of the event loop: a body the text reader cannot read parses its
// file, and tree-sitter frees a tree only when the loop turns.
const BATCH = 200;
const REPLACEMENT = "\uFFFD";

/** Text of a file's bytes, and why it is suspect: invalid UTF-8 is read with U+FFFD in its place. */
function decoded(bytes: Buffer): { text: string; problem: string | null } {
  const text = decodeSource(bytes);
  const invalid = text.includes(REPLACEMENT) && !bytes.includes("\uFFFD", 0, "utf8");
  return { text, problem: invalid ? "not valid UTF-8 (invalid bytes read as U+FFFD)" : null };
}

/** Builds the index from `texts`, a batch at a time. */
async function indexOf(
  texts: Iterable<[string, Buffer | Error]>,
  read?: Map<string, { bytes: number; text: string | null }>,
): Promise<{ index: ProjectIndex; unread: UnreadFile[] }> {
  let index = EMPTY_PROJECT;
  const unread: UnreadFile[] = [];
  let batch = new Map<string, string | null>();
  const flush = async () => {
    index = updateProjectIndex(index, batch);
    batch = new Map();
    await turnOfEventLoop();
  };
  for (const [file, bytes] of texts) {
    if (bytes instanceof Error) {
      unread.push({ file, reason: errorCode(bytes) });
      continue;
    }
    const { text, problem } = decoded(bytes);
    if (problem) unread.push({ file, reason: problem });
    read?.set(file, { bytes: bytes.byteLength, text: mightRegisterReceiver(text) ? text : null });
    batch.set(file, text);
    if (batch.size >= BATCH) await flush();
  }
  await flush();
  return { index, unread };
}

function errorCode(error: Error): string {
  return (error as NodeJS.ErrnoException).code ?? error.message;
}

/** The project of the working tree under `root`, as `scan` walks it (.gitignore, default skips). */
export async function indexWorkingTree(
  root: string,
  exclude: readonly string[] = [],
): Promise<IndexedProject> {
  const files = findPythonFiles([root], { cwd: root, exclude });
  function* read(): Iterable<[string, Buffer | Error]> {
    for (const absolute of files) {
      const file = displayPath(absolute, root);
      try {
        yield [file, readFileSync(absolute)];
      } catch (error) {
        yield [file, error instanceof Error ? error : new Error(String(error))];
      }
    }
  }
  const texts = new Map<string, { bytes: number; text: string | null }>();
  const { index, unread } = await indexOf(read(), texts);
  return { index, root, unread: [...unread, ...unreadFiles(index)], read: texts };
}

/** The project at a commit, read from git's objects (no checkout). */
export async function indexRevision(root: string, revision: string): Promise<IndexedProject> {
  const files = (await listTree(root, revision)).filter(isProjectFile);
  const blobs = await readBlobs(root, revision, files);
  const { index, unread } = await indexOf(
    files.map((file): [string, Buffer | Error] => [
      file,
      blobs.get(file) ?? new Error("missing from the commit"),
    ]),
  );
  return { index, root, unread: [...unread, ...unreadFiles(index)], read: new Map() };
}

/** `base` with the changed files' texts laid over it (null: removed). */
export async function indexWithChanges(
  base: IndexedProject,
  changes: ReadonlyMap<string, string | null>,
): Promise<IndexedProject> {
  const index = updateProjectIndex(base.index, changes);
  await turnOfEventLoop();
  const changed = (file: string) => changes.has(file);
  return {
    index,
    root: base.root,
    read: new Map(),
    unread: [
      ...base.unread.filter((entry) => !changed(entry.file)),
      ...unreadFiles(index).filter((entry) => changed(entry.file)),
    ],
  };
}

/** A Python file outside the directories `scan` skips (virtualenvs, migrations, node_modules). */
function isProjectFile(file: string): boolean {
  return isPythonFile(file) && !inSkippedDirectory(file);
}

/** A path relative to the project's root, for a file given relative to `cwd`. */
export function projectPathOf(project: IndexedProject, cwd: string, file: string): string {
  return displayPath(path.resolve(cwd, file), project.root);
}

/** Findings whose handler and evidence paths (relative to the project's root) are display paths. */
export function inDisplayPaths(findings: readonly Finding[], toDisplay: (file: string) => string) {
  return findings.map((finding) => {
    if (!finding.handler && !finding.evidence) return finding;
    const moved: Finding = { ...finding };
    if (finding.handler)
      moved.handler = { ...finding.handler, file: toDisplay(finding.handler.file) };
    if (finding.evidence) {
      moved.evidence = finding.evidence.map((place) => ({ ...place, file: toDisplay(place.file) }));
    }
    return moved;
  });
}
