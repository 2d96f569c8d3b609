// Parses the `patch` of one file as GitHub's pull-request files API returns it: hunks only, no
// `diff --git` header. Review comments may only sit on RIGHT-side lines inside a hunk.

export type PatchLineKind = "added" | "removed" | "context";

export interface PatchLine {
  kind: PatchLineKind;
  text: string;
  /** LEFT-side (base) line number; absent for added lines. */
  oldLine?: number;
  /** RIGHT-side (head) line number; absent for removed lines. */
  newLine?: number;
}

export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: PatchLine[];
}

export interface ParsedPatch {
  hunks: Hunk[];
  /** RIGHT-side line numbers of the added lines. */
  addedLines: Set<number>;
  /** RIGHT-side lines a review comment may be placed on: added and context lines of every hunk. */
  commentableLines: Set<number>;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

function parseHunkHeader(line: string): Hunk | undefined {
  const match = HUNK_HEADER.exec(line);
  if (!match) return undefined;
  // An omitted count means 1 (unified diff format).
  return {
    oldStart: Number(match[1]),
    oldLines: match[2] === undefined ? 1 : Number(match[2]),
    newStart: Number(match[3]),
    newLines: match[4] === undefined ? 1 : Number(match[4]),
    lines: [],
  };
}

/** Reads one hunk body line; `undefined` for lines that carry no content (`\ No newline ...`). */
function classify(line: string): { kind: PatchLineKind; text: string } | undefined {
  const marker = line[0];
  if (marker === "+") return { kind: "added", text: line.slice(1) };
  if (marker === "-") return { kind: "removed", text: line.slice(1) };
  if (marker === " ") return { kind: "context", text: line.slice(1) };
  // Some tools strip the single space of an empty context line.
  if (line === "") return { kind: "context", text: "" };
  return undefined;
}

export function parsePatch(patch: string): ParsedPatch {
  const parsed: ParsedPatch = { hunks: [], addedLines: new Set(), commentableLines: new Set() };
  let hunk: Hunk | undefined;
  let oldLine = 0;
  let newLine = 0;
  let oldRemaining = 0;
  let newRemaining = 0;

  for (const line of patch.split(/\r?\n/)) {
    const header = line.startsWith("@@") ? parseHunkHeader(line) : undefined;
    if (header) {
      hunk = header;
      parsed.hunks.push(hunk);
      oldLine = header.oldStart;
      newLine = header.newStart;
      oldRemaining = header.oldLines;
      newRemaining = header.newLines;
      continue;
    }
    // Counts in the header bound the hunk: anything after it (a trailing newline) is not content.
    if (!hunk || (oldRemaining === 0 && newRemaining === 0)) continue;
    const body = classify(line);
    if (!body) continue;

    if (body.kind === "added") {
      hunk.lines.push({ ...body, newLine });
      parsed.addedLines.add(newLine);
      parsed.commentableLines.add(newLine);
      newLine++;
      newRemaining--;
    } else if (body.kind === "removed") {
      hunk.lines.push({ ...body, oldLine });
      oldLine++;
      oldRemaining--;
    } else {
      hunk.lines.push({ ...body, oldLine, newLine });
      parsed.commentableLines.add(newLine);
      oldLine++;
      newLine++;
      oldRemaining--;
      newRemaining--;
    }
  }
  return parsed;
}
