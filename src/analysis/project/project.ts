// The project index: each module's facts by path, and the lookups derived from all of them, made
// on the first query of each index. An update shares every unchanged module's facts.
import type { ModuleFacts } from "./module-facts.js";
import { isPythonPath, ModuleNames } from "./module-names.js";
import { readModuleFacts } from "./read-module.js";
import { sizeOf } from "./size.js";
import type { UnreadFile } from "./types.js";

export class ProjectIndex {
  private names: ModuleNames | undefined;
  /** Per-query memos (resolved names, models): built lazily, never visible from outside. */
  private readonly memo = new Map<string, unknown>();

  constructor(
    /** Each Python module's facts, by its path relative to the project's root. */
    readonly modules: ReadonlyMap<string, ModuleFacts>,
  ) {}

  get moduleNames(): ModuleNames {
    this.names ??= new ModuleNames(this.modules.keys());
    return this.names;
  }

  private readonly making = new Set<string>();

  /**
   * A memo of this index: `make` runs once per key. A key asked for again while it is being made
   * (a cycle: class A(B), class B(A)) gets `cycle`.
   */
  remember<T>(key: string, make: () => T, cycle?: T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    if (this.making.has(key)) {
      if (cycle === undefined) throw new Error(`project index: cycle while computing ${key}`);
      return cycle;
    }
    this.making.add(key);
    try {
      const made = make();
      this.memo.set(key, made);
      return made;
    } finally {
      this.making.delete(key);
    }
  }
}

export const EMPTY_PROJECT = new ProjectIndex(new Map());

/** The index of `files` (path -> text): paths relative to the project's root, with `/`. */
export function buildProjectIndex(files: ReadonlyMap<string, string>): ProjectIndex {
  return updateProjectIndex(EMPTY_PROJECT, files);
}

/**
 * A new index with `changes` applied (null: the file was removed): only the changed files are
 * read; every other module's facts are the same objects as in `index`, which is left unchanged.
 */
export function updateProjectIndex(
  index: ProjectIndex,
  changes: ReadonlyMap<string, string | null>,
): ProjectIndex {
  if (changes.size === 0) return index;
  const modules = new Map(index.modules);
  for (const [given, text] of changes) {
    const path = normalized(given);
    if (!isPythonPath(path)) continue;
    if (text === null) modules.delete(path);
    else modules.set(path, readModuleFacts(path, text));
  }
  return new ProjectIndex(modules);
}

/**
 * About how many bytes the index holds: its facts, counted when asked (once per index, by the
 * cache that bounds them), not while reading; the derived lookups are rebuilt on demand.
 */
export function projectIndexBytes(index: ProjectIndex): number {
  let bytes = 0;
  for (const [path, facts] of index.modules) bytes += 2 * path.length + sizeOf(facts);
  return bytes;
}

/** The files whose facts could not all be read, and why. */
export function unreadFiles(index: ProjectIndex): UnreadFile[] {
  return [...index.modules.values()].flatMap((facts) =>
    facts.unread === null ? [] : [{ file: facts.path, reason: facts.unread }],
  );
}

function normalized(path: string): string {
  return path.replace(/\\/g, "/").replace(/^(?:\.\/)+/, "");
}
