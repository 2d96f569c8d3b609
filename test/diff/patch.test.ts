import { describe, expect, it } from "vitest";
import { parsePatch, type ParsedPatch } from "../../src/diff/index.js";

// Patches as GitHub's pull-request files API gives them: no `diff --git` header.
const ADD_RECEIVER = [
  "@@ -1,4 +1,9 @@",
  " from django.db.models.signals import post_save",
  "+from django.dispatch import receiver",
  " ",
  " from .models import Book",
  "+",
  "+",
  "+@receiver(post_save, sender=Book)",
  "+def update_stats(sender, instance, **kwargs):",
  "+    pass",
  "@@ -20,3 +25,2 @@ def other():",
  "     a = 1",
  "-    b = 2",
  "     return a",
].join("\n");

/** Each added line's RIGHT-side number and text, as the hunks hold them. */
function addedLines(parsed: ParsedPatch): [number | undefined, string][] {
  const lines = parsed.hunks.flatMap((hunk) => hunk.lines);
  const added = lines.filter((line) => line.kind === "added");
  expect(added.map((line) => line.newLine)).toEqual([...parsed.addedLines]);
  return added.map((line) => [line.newLine, line.text]);
}

describe("parsePatch", () => {
  it("maps added lines to their RIGHT-side line numbers", () => {
    const parsed = parsePatch(ADD_RECEIVER);
    expect(addedLines(parsed)).toEqual([
      [2, "from django.dispatch import receiver"],
      [5, ""],
      [6, ""],
      [7, "@receiver(post_save, sender=Book)"],
      [8, "def update_stats(sender, instance, **kwargs):"],
      [9, "    pass"],
    ]);
  });

  it("allows comments on added and context lines of every hunk, not elsewhere", () => {
    const parsed = parsePatch(ADD_RECEIVER);
    expect([...parsed.commentableLines].sort((a, b) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 25, 26,
    ]);
    expect(parsed.commentableLines.has(10)).toBe(false);
    expect(parsed.commentableLines.has(27)).toBe(false);
  });

  it("numbers both sides of every hunk line", () => {
    const [, second] = parsePatch(ADD_RECEIVER).hunks;
    expect(second).toMatchObject({ oldStart: 20, oldLines: 3, newStart: 25, newLines: 2 });
    expect(second?.lines).toEqual([
      { kind: "context", text: "    a = 1", oldLine: 20, newLine: 25 },
      { kind: "removed", text: "    b = 2", oldLine: 21 },
      { kind: "context", text: "    return a", oldLine: 22, newLine: 26 },
    ]);
  });

  it("ignores the no-newline marker", () => {
    const patch = [
      "@@ -1 +1 @@",
      "-x = 1",
      "\\ No newline at end of file",
      "+x = 2",
      "\\ No newline at end of file",
    ].join("\n");
    const parsed = parsePatch(patch);
    expect(addedLines(parsed)).toEqual([[1, "x = 2"]]);
    expect(parsed.hunks[0]?.lines.map((line) => line.kind)).toEqual(["removed", "added"]);
  });

  it("reads CRLF patches without carriage returns in the text", () => {
    const parsed = parsePatch("@@ -0,0 +1,2 @@\r\n+a = 1\r\n+b = 2\r\n");
    expect(addedLines(parsed)).toEqual([
      [1, "a = 1"],
      [2, "b = 2"],
    ]);
  });

  it("returns nothing for an empty patch", () => {
    const parsed = parsePatch("");
    expect(parsed.hunks).toEqual([]);
    expect(parsed.addedLines.size).toBe(0);
    expect(parsed.commentableLines.size).toBe(0);
  });

  it("treats an empty line inside a hunk as context, and stops at the hunk's counts", () => {
    const parsed = parsePatch("@@ -1,3 +1,4 @@\n a\n\n+b\n c\n\n");
    expect([...parsed.commentableLines]).toEqual([1, 2, 3, 4]);
    expect(addedLines(parsed)).toEqual([[3, "b"]]);
    expect(parsed.hunks[0]?.lines).toHaveLength(4);
  });

  it("keeps added lines that look like hunk headers or file headers", () => {
    const parsed = parsePatch("@@ -0,0 +1,2 @@\n+++ not a header\n+@@ neither @@\n");
    expect(addedLines(parsed)).toEqual([
      [1, "++ not a header"],
      [2, "@@ neither @@"],
    ]);
  });

  it("handles a new-file patch whose single hunk starts at line 0 on the left", () => {
    const parsed = parsePatch("@@ -0,0 +1 @@\n+only line");
    expect(addedLines(parsed)).toEqual([[1, "only line"]]);
  });
});
