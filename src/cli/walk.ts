// Finds the Python files under the paths given to `scan`, the way git and ruff would see them.
import { readFileSync, readdirSync, statSync } from "node:fs";
import type { Dirent, Stats } from "node:fs";
import path from "node:path";
import ignore from "ignore";
import type { Ignore } from "ignore";
import { UsageError, unreadable } from "./errors.js";
import { DEFAULT_SKIPPED_DIRECTORIES, displayPath, excludeMatcher, isPythonFile } from "./paths.js";

export interface WalkOptions {
  /** Paths are resolved against, and excludes matched relative to, this directory. */
  cwd: string;
  /** `--exclude` globs (see excludeMatcher). */
  exclude: readonly string[];
  /** Told of a path named on the command line that is not a file to read (a FIFO, a device). */
  onSkipped?: (given: string, why: string) => void;
}

interface IgnoreLayer {
  directory: string;
  rules: Ignore;
}

interface WalkState {
  cwd: string;
  isExcluded: (relativePath: string) => boolean;
  found: Set<string>;
}

function statOrThrow(given: string, absolute: string): Stats {
  try {
    return statSync(absolute);
  } catch {
    throw new UsageError(`path not found: ${given}`);
  }
}

function readGitignore(directory: string): IgnoreLayer | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(directory, ".gitignore"), "utf8");
  } catch {
    return undefined;
  }
  return { directory, rules: ignore().add(text) };
}

/** The .gitignore files above `root` when it lies inside a git repository, outermost first. */
function ancestorGitignores(root: string): IgnoreLayer[] {
  const layers: IgnoreLayer[] = [];
  let current = root;
  while (!hasEntry(current, ".git")) {
    const parent = path.dirname(current);
    if (parent === current) return [];
    current = parent;
    const layer = readGitignore(current);
    if (layer) layers.unshift(layer);
  }
  return layers;
}

/** A directory named on the command line is scanned even if an outer .gitignore ignores it. */
function inheritedGitignores(root: string): IgnoreLayer[] {
  const layers = ancestorGitignores(root);
  return isGitignored(root, true, layers) ? [] : layers;
}

function hasEntry(directory: string, name: string): boolean {
  try {
    statSync(path.join(directory, name));
    return true;
  } catch {
    return false;
  }
}

/** Deeper .gitignore files win, as in git; within one file `ignore` applies last-match-wins. */
function isGitignored(absolute: string, isDirectory: boolean, layers: readonly IgnoreLayer[]) {
  for (const layer of [...layers].reverse()) {
    const relative = path.relative(layer.directory, absolute).split(path.sep).join("/");
    if (relative === "" || relative === ".." || relative.startsWith("../")) continue;
    const verdict = layer.rules.test(isDirectory ? `${relative}/` : relative);
    if (verdict.ignored) return true;
    if (verdict.unignored) return false;
  }
  return false;
}

function entryKind(entry: Dirent, absolute: string): "file" | "directory" | "other" {
  if (entry.isFile()) return "file";
  if (entry.isDirectory()) return "directory";
  // Symlinked files are followed; symlinked directories are not (they can form cycles).
  if (entry.isSymbolicLink()) {
    try {
      return statSync(absolute).isFile() ? "file" : "other";
    } catch {
      return "other";
    }
  }
  return "other";
}

function readDirectory(directory: string, cwd: string): Dirent[] {
  try {
    return readdirSync(directory, { withFileTypes: true });
  } catch (error) {
    throw unreadable(`directory ${displayPath(directory, cwd) || "."}`, error);
  }
}

function walkDirectory(directory: string, layers: readonly IgnoreLayer[], state: WalkState) {
  const entries = readDirectory(directory, state.cwd);
  // A virtualenv is any directory with a pyvenv.cfg, whatever its name.
  if (entries.some((entry) => entry.name === "pyvenv.cfg")) return;
  const own = readGitignore(directory);
  const active = own ? [...layers, own] : layers;
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  for (const entry of entries) {
    const absolute = path.join(directory, entry.name);
    const kind = entryKind(entry, absolute);
    if (kind === "other") continue;
    if (kind === "directory" && DEFAULT_SKIPPED_DIRECTORIES.has(entry.name)) continue;
    if (kind === "file" && !isPythonFile(entry.name)) continue;
    if (state.isExcluded(displayPath(absolute, state.cwd))) continue;
    if (isGitignored(absolute, kind === "directory", active)) continue;
    if (kind === "directory") walkDirectory(absolute, active, state);
    else state.found.add(absolute);
  }
}

/**
 * The Python files (*.py, *.pyi) under `paths`, as absolute paths, in a stable order.
 * A path named explicitly is always scanned; default skips, .gitignore files (those of the
 * enclosing repository too) and --exclude apply to what is found by recursing into a directory.
 */
export function findPythonFiles(paths: readonly string[], options: WalkOptions): string[] {
  const state: WalkState = {
    cwd: options.cwd,
    isExcluded: excludeMatcher(options.exclude),
    found: new Set(),
  };
  for (const given of paths) {
    const absolute = path.resolve(options.cwd, given);
    const stats = statOrThrow(given, absolute);
    if (stats.isDirectory()) walkDirectory(absolute, inheritedGitignores(absolute), state);
    // Reading a FIFO or a device would block or never end.
    else if (stats.isFile()) state.found.add(absolute);
    else options.onSkipped?.(given, "not a regular file");
  }
  return [...state.found];
}
