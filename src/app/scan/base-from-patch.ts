// The base version of a file rebuilt from its head version and its patch, without a GitHub call.
// It is also the right base: a PR's patches are against the merge base, while the payload's
// `base.sha` is the base branch's tip, which may have moved since the branch was made. Pure.
import type { ParsedPatch } from "../../diff/index.js";

/** Appends one by one: a spread of a long file's lines would overflow the call stack. */
function append(into: string[], lines: readonly string[]): void {
  for (const line of lines) into.push(line);
}

function splitLines(text: string): string[] {
  const lines = text.split("\n").map((line) => line.replace(/\r$/, ""));
  return lines.at(-1) === "" ? lines.slice(0, -1) : lines;
}

/** The base text, or undefined when the patch does not fit the head (then read the base instead). */
export function baseFromPatch(head: string | null, patch: ParsedPatch): string | undefined {
  const headLines = head === null ? [] : splitLines(head);
  const base: string[] = [];
  let next = 0; // index of the next head line not yet copied
  for (const hunk of patch.hunks) {
    const hunkStart = Math.max(0, hunk.newStart - 1);
    if (hunkStart < next) return undefined;
    append(base, headLines.slice(next, hunkStart));
    next = hunkStart;
    for (const line of hunk.lines) {
      if (line.kind === "removed") {
        base.push(line.text);
        continue;
      }
      if (headLines[next] !== line.text) return undefined;
      if (line.kind === "context") base.push(line.text);
      next++;
    }
  }
  if (next > headLines.length) return undefined;
  append(base, headLines.slice(next));
  return base.length === 0 ? "" : `${base.join("\n")}\n`;
}
