// Which changed files a scan must read. Pure. A file is read when its patch could add a finding
// (added lines) or could be where a moved receiver came from (removed lines): without the old
// place, a moved receiver would look new. No patch (GitHub omits large ones): read it.
import { mayChangeFindings } from "../../analysis/index.js";
import type { ChangeStatus, ParsedPatch, PatchLineKind } from "../../diff/index.js";
import { parsePatch } from "../../diff/index.js";
import type { PullFile } from "../../github/pull-files.js";
import type { ReviewableLines } from "../../publish/review-findings.js";

export interface FileToRead {
  path: string;
  previousPath?: string;
  status: ChangeStatus;
  /** Head blob SHA; null for a removed file. */
  headSha: string | null;
  /** Absent when GitHub omitted it. */
  patch?: ParsedPatch;
}

/** Commentable and added lines exist only for files with a patch. */
export interface FileSelection extends ReviewableLines {
  toRead: FileToRead[];
  commentableLines: Map<string, Set<number>>;
  addedLines: Map<string, Set<number>>;
  /** Why the other files were left out, for the log. */
  skipped: {
    notPython: number;
    excludedByConfig: number;
    unchangedStatus: number;
    cannotChangeFindings: number;
  };
}

const PYTHON_FILE = /\.pyi?$/;
// A copy is new code at its path (a copied receiver registers twice); mode-only changes are not.
const STATUSES: Readonly<Record<string, ChangeStatus>> = {
  added: "added",
  copied: "added",
  modified: "modified",
  renamed: "renamed",
  removed: "removed",
};

function couldChangeFindings(file: PullFile, patch: ParsedPatch | undefined): boolean {
  // A pure rename (no line changed) has no patch either, and introduces nothing.
  if (patch === undefined) return !(file.status === "renamed" && file.changes === 0);
  const lines = patch.hunks.flatMap((hunk) => hunk.lines);
  const textOf = (kind: PatchLineKind) =>
    lines
      .filter((line) => line.kind === kind)
      .map((line) => line.text)
      .join("\n");
  return mayChangeFindings(textOf("added")) || mayChangeFindings(textOf("removed"));
}

type SkipReason = keyof FileSelection["skipped"];

export interface SelectOptions {
  /**
   * Read every changed Python file, not only those whose patch could add a finding: the head's
   * project index needs them all (a handler's body changed in another file, a new bypass).
   */
  everyPythonFile?: boolean;
}

function skipReason(
  file: PullFile,
  patch: ParsedPatch | undefined,
  isIncluded: (path: string) => boolean,
  options: SelectOptions,
): SkipReason | undefined {
  if (!PYTHON_FILE.test(file.filename)) return "notPython";
  if (!isIncluded(file.filename)) return "excludedByConfig";
  if (!(file.status in STATUSES)) return "unchangedStatus";
  if (options.everyPythonFile === true) return undefined;
  if (!couldChangeFindings(file, patch)) return "cannotChangeFindings";
  return undefined;
}

export function selectFiles(
  files: readonly PullFile[],
  isIncluded: (path: string) => boolean,
  options: SelectOptions = {},
): FileSelection {
  const selection: FileSelection = {
    toRead: [],
    commentableLines: new Map(),
    addedLines: new Map(),
    skipped: { notPython: 0, excludedByConfig: 0, unchangedStatus: 0, cannotChangeFindings: 0 },
  };
  for (const file of files) {
    const isPython = PYTHON_FILE.test(file.filename);
    const patch = isPython && file.patch !== undefined ? parsePatch(file.patch) : undefined;
    const reason = skipReason(file, patch, isIncluded, options);
    const status = STATUSES[file.status];
    if (reason || !status) {
      selection.skipped[reason ?? "unchangedStatus"]++;
      continue;
    }
    selection.toRead.push({
      path: file.filename,
      ...(file.previousFilename === undefined ? {} : { previousPath: file.previousFilename }),
      status,
      headSha: file.status === "removed" ? null : file.sha,
      ...(patch ? { patch } : {}),
    });
    if (patch) {
      selection.commentableLines.set(file.filename, patch.commentableLines);
      selection.addedLines.set(file.filename, patch.addedLines);
    }
  }
  return selection;
}
