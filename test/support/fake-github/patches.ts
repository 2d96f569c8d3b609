import { structuredPatch } from "diff";
import type { Tree } from "./git-objects.js";

/** Git's hunk range: "start,count", with ",1" omitted and an empty side starting one line earlier. */
function hunkRange(start: number, count: number): string {
  const shown = count === 0 ? start - 1 : start;
  return count === 1 ? `${shown}` : `${shown},${count}`;
}

/**
 * The `patch` GitHub's PR files API returns: hunks only (from the first `@@`), three lines of
 * context, no trailing newline. Empty when the texts are equal.
 */
export function unifiedPatch(oldText: string, newText: string): string {
  const { hunks } = structuredPatch("a", "b", oldText, newText, "", "", { context: 3 });
  return hunks
    .map((h) =>
      [
        `@@ -${hunkRange(h.oldStart, h.oldLines)} +${hunkRange(h.newStart, h.newLines)} @@`,
        ...h.lines,
      ].join("\n"),
    )
    .join("\n");
}

export interface LineRange {
  start: number;
  end: number;
}

/** The line ranges each side of a patch covers: where GitHub lets a review comment sit. */
export function patchLineRanges(patch: string): { left: LineRange[]; right: LineRange[] } {
  const left: LineRange[] = [];
  const right: LineRange[] = [];
  for (const match of patch.matchAll(/^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/gm)) {
    const oldCount = Number(match[2] ?? "1");
    const newCount = Number(match[4] ?? "1");
    if (oldCount > 0) left.push({ start: Number(match[1]), end: Number(match[1]) + oldCount - 1 });
    if (newCount > 0) right.push({ start: Number(match[3]), end: Number(match[3]) + newCount - 1 });
  }
  return { left, right };
}

export function lineInRanges(line: number, ranges: readonly LineRange[]): boolean {
  return ranges.some((r) => line >= r.start && line <= r.end);
}

export type FileStatus = "added" | "modified" | "renamed" | "removed";

export interface FileChange {
  filename: string;
  status: FileStatus;
  previousFilename?: string;
  baseContent?: string;
  headContent?: string;
}

function linesOf(text: string): string[] {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** Share of lines two texts have in common, like git's rename similarity (roughly). */
function similarity(a: string, b: string): number {
  const aLines = linesOf(a);
  const bLines = linesOf(b);
  if (aLines.length + bLines.length === 0) return 1;
  const bCounts = new Map<string, number>();
  for (const line of bLines) bCounts.set(line, (bCounts.get(line) ?? 0) + 1);
  let common = 0;
  for (const line of aLines) {
    const left = bCounts.get(line) ?? 0;
    if (left > 0) {
      common += 1;
      bCounts.set(line, left - 1);
    }
  }
  return (2 * common) / (aLines.length + bLines.length);
}

/** Pairs each removed file with the most similar added file (at least `threshold`) as a rename. */
function detectRenames(
  removed: string[],
  added: string[],
  base: Tree,
  head: Tree,
  threshold: number,
): Map<string, string> {
  const renames = new Map<string, string>(); // new path -> old path
  const taken = new Set<string>();
  for (const oldPath of removed) {
    let best: { path: string; score: number } | undefined;
    for (const newPath of added) {
      if (taken.has(newPath)) continue;
      const score = similarity(base[oldPath] ?? "", head[newPath] ?? "");
      if (score >= threshold && (!best || score > best.score)) best = { path: newPath, score };
    }
    if (best) {
      renames.set(best.path, oldPath);
      taken.add(best.path);
    }
  }
  return renames;
}

/** What a PR changes between two whole trees, ordered by file name as GitHub lists them. */
export function compareTrees(base: Tree, head: Tree, renameThreshold = 0.5): FileChange[] {
  const removed = Object.keys(base).filter((p) => !(p in head));
  const added = Object.keys(head).filter((p) => !(p in base));
  const renames = detectRenames(removed, added, base, head, renameThreshold);
  const renamedFrom = new Set(renames.values());
  const changes: FileChange[] = [];
  for (const [path, content] of Object.entries(head)) {
    const previous = renames.get(path);
    if (previous !== undefined) {
      changes.push({
        filename: path,
        status: "renamed",
        previousFilename: previous,
        baseContent: base[previous],
        headContent: content,
      });
    } else if (!(path in base)) {
      changes.push({ filename: path, status: "added", headContent: content });
    } else if (base[path] !== content) {
      changes.push({
        filename: path,
        status: "modified",
        baseContent: base[path],
        headContent: content,
      });
    }
  }
  for (const path of removed) {
    if (!renamedFrom.has(path))
      changes.push({ filename: path, status: "removed", baseContent: base[path] });
  }
  return changes.sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0));
}
