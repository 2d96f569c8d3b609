import { describe, expect, it } from "vitest";
import { parseNameStatus } from "../../src/cli/git.js";

describe("parseNameStatus", () => {
  it("reads every status of `git diff --name-status -M -z`", () => {
    const output = [
      "M",
      "shop/signals.py",
      "A",
      "blog/new.py",
      "D",
      "old.py",
      "R087",
      "a/before.py",
      "a/after.py",
      "C100",
      "src.py",
      "copy.py",
      "T",
      "link.py",
      "U",
      "conflict.py",
      "",
    ].join("\0");
    expect(parseNameStatus(output)).toEqual([
      { status: "modified", path: "shop/signals.py" },
      { status: "added", path: "blog/new.py" },
      { status: "removed", path: "old.py" },
      { status: "renamed", path: "a/after.py", previousPath: "a/before.py" },
      { status: "added", path: "copy.py" },
      { status: "modified", path: "link.py" },
    ]);
  });

  it("keeps paths with spaces, tabs and newlines intact", () => {
    const output = ["M", "dir with space/a\tb.py", "A", "new\nline.py", ""].join("\0");
    expect(parseNameStatus(output).map((change) => change.path)).toEqual([
      "dir with space/a\tb.py",
      "new\nline.py",
    ]);
  });

  it("returns nothing for empty output", () => {
    expect(parseNameStatus("")).toEqual([]);
  });
});
