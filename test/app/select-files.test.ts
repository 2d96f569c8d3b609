import { describe, expect, it } from "vitest";
import { selectFiles } from "../../src/app/scan/select-files.js";
import type { PullFile } from "../../src/github/pull-files.js";

function file(
  filename: string,
  patch: string | undefined,
  overrides: Partial<PullFile> = {},
): PullFile {
  return {
    filename,
    status: "modified",
    changes: 2,
    sha: `sha-${filename}`,
    ...(patch === undefined ? {} : { patch }),
    ...overrides,
  };
}

const everything = () => true;

describe("selectFiles", () => {
  it("reads Python files whose added or removed lines could matter, and files without a patch", () => {
    const selection = selectFiles(
      [
        file("README.md", "@@ -1 +1 @@\n-a\n+b"),
        file(
          "app/signals.py",
          "@@ -1,0 +2,2 @@\n+@receiver(post_save, sender=Book)\n+def f(sender, **kwargs): ...",
        ),
        file("app/settings.py", "@@ -3 +3 @@\n-TIMEOUT = 30\n+TIMEOUT = 60"),
        file(
          "app/old_signals.py",
          "@@ -1,2 +0,0 @@\n-@receiver(post_save, sender=Book)\n-def f(sender, **kwargs): ...",
          { status: "removed", sha: null },
        ),
        file("app/huge.pyi", undefined),
      ],
      everything,
    );
    expect(
      selection.toRead.map(({ patch, ...file }) => ({ ...file, hasPatch: patch !== undefined })),
    ).toEqual([
      { path: "app/signals.py", status: "modified", headSha: "sha-app/signals.py", hasPatch: true },
      { path: "app/old_signals.py", status: "removed", headSha: null, hasPatch: true },
      { path: "app/huge.pyi", status: "modified", headSha: "sha-app/huge.pyi", hasPatch: false },
    ]);
    expect(selection.skipped).toEqual({
      notPython: 1,
      excludedByConfig: 0,
      unchangedStatus: 0,
      cannotChangeFindings: 1,
    });
    expect([...(selection.commentableLines.get("app/signals.py") ?? [])]).toEqual([2, 3]);
    expect(selection.commentableLines.has("app/huge.pyi")).toBe(false);
  });

  it("follows renames, reads copies as new files and honours the config's path filter", () => {
    const patch = "@@ -1 +1 @@\n-import os\n+import django";
    const selection = selectFiles(
      [
        file("new/signals.py", patch, { status: "renamed", previousFilename: "old/signals.py" }),
        file("vendor/lib.py", patch),
        file("app/copied.py", patch, { status: "copied" }),
        file("app/mode.py", patch, { status: "changed" }),
        file("app/moved.py", undefined, {
          status: "renamed",
          previousFilename: "app/old.py",
          changes: 0,
        }),
      ],
      (path) => !path.startsWith("vendor/"),
    );
    expect(selection.toRead).toMatchObject([
      {
        path: "new/signals.py",
        previousPath: "old/signals.py",
        status: "renamed",
        headSha: "sha-new/signals.py",
      },
      { path: "app/copied.py", status: "added", headSha: "sha-app/copied.py" },
    ]);
    expect(selection.skipped).toMatchObject({
      excludedByConfig: 1,
      unchangedStatus: 1,
      cannotChangeFindings: 1,
    });
  });
});
