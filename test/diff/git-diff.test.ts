import { describe, expect, it } from "vitest";
import { parsePatch, splitGitDiff } from "../../src/diff/index.js";

const DIFF = `diff --git a/shop/signals.py b/shop/signals.py
index 1111111..2222222 100644
--- a/shop/signals.py
+++ b/shop/signals.py
@@ -1,2 +1,3 @@
 import x
+import y
 import z
diff --git a/old name.py b/new name.py
similarity index 90%
rename from old name.py
rename to new name.py
index 3333333..4444444 100644
--- a/old name.py\t
+++ b/new name.py\t
@@ -5,0 +6 @@ def f():
+    return 1
diff --git a/gone.py b/gone.py
deleted file mode 100644
index 5555555..0000000
--- a/gone.py
+++ /dev/null
@@ -1 +0,0 @@
-x = 1
diff --git a/moved.py b/elsewhere.py
similarity index 100%
rename from moved.py
rename to elsewhere.py
diff --git "a/we\\"ird.py" "b/we\\"ird.py"
index 6666666..7777777 100644
--- "a/we\\"ird.py"
+++ "b/we\\"ird.py"
@@ -1 +1 @@
-a = 1
+a = 2
`;

describe("splitGitDiff", () => {
  it("keys each file's hunks by its new path, as parsePatch reads GitHub's patches", () => {
    const patches = splitGitDiff(DIFF);
    // Deleted, unchanged (a pure rename) and quoted names have no lines to comment on.
    expect([...patches.keys()]).toEqual(["shop/signals.py", "new name.py"]);
    const signals = parsePatch(patches.get("shop/signals.py") ?? "");
    expect([...signals.addedLines]).toEqual([2]);
    expect([...signals.commentableLines]).toEqual([1, 2, 3]);
    expect([...parsePatch(patches.get("new name.py") ?? "").addedLines]).toEqual([6]);
  });

  it("reads nothing from an empty diff", () => {
    expect(splitGitDiff("").size).toBe(0);
  });
});
