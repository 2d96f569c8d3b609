import { existsSync } from "node:fs";
import path from "node:path";
import picomatch from "picomatch";

/** `path` relative to `cwd`, with forward slashes: how every output format names files. */
export function displayPath(absolutePath: string, cwd: string): string {
  return path.relative(cwd, absolutePath).split(path.sep).join("/");
}

/** The nearest directory from `directory` upwards that holds `.git`; undefined outside a repository. */
export function enclosingRepository(directory: string): string | undefined {
  for (let current = directory; ; current = path.dirname(current)) {
    if (existsSync(path.join(current, ".git"))) return current;
    if (path.dirname(current) === current) return undefined;
  }
}

export function isPythonFile(name: string): boolean {
  return name.endsWith(".py") || name.endsWith(".pyi");
}

/** Directories nobody wants linted: dependencies, virtualenvs, generated migrations, caches. */
export const DEFAULT_SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set([
  "node_modules",
  ".venv",
  "venv",
  "migrations",
  ".git",
  "__pycache__",
]);

/** Whether a `/`-separated path lies in a directory `scan` skips (virtualenvs, migrations, ...). */
export function inSkippedDirectory(file: string): boolean {
  return file
    .split("/")
    .slice(0, -1)
    .some((name) => DEFAULT_SKIPPED_DIRECTORIES.has(name));
}

/** `--exclude` globs, matched against cwd-relative paths; a glob without `/` also matches a basename. */
export function excludeMatcher(globs: readonly string[]): (relativePath: string) => boolean {
  // Split by hand: picomatch's `basename` option also changes how globs with a slash match.
  const byBasename = globs.filter((glob) => !glob.includes("/"));
  const byPath = globs.filter((glob) => glob.includes("/"));
  const matchers = [
    ...(byBasename.length > 0 ? [picomatch(byBasename, { dot: true, basename: true })] : []),
    ...(byPath.length > 0 ? [picomatch(byPath, { dot: true })] : []),
  ];
  return (relativePath) => matchers.some((matches) => matches(relativePath));
}
