import { describe, expect, it } from "vitest";
import { baseFromPatch } from "../../src/app/scan/base-from-patch.js";
import { parsePatch } from "../../src/diff/index.js";
import { unifiedPatch } from "./helpers/patch.js";

const base = [
  "import os",
  "",
  "def a():",
  "    return 1",
  "",
  "def b():",
  "    return 2",
  "",
  "X = 1",
  "Y = 2",
  "",
].join("\n");

describe("baseFromPatch", () => {
  it("rebuilds the base of a modified file", () => {
    const head = base.replace("return 1", "return 10").replace("Y = 2", "Y = 3\nZ = 4");
    expect(baseFromPatch(head, parsePatch(unifiedPatch(base, head)))).toBe(base);
  });

  it("rebuilds the base from a patch with several hunks, as git writes them", () => {
    const head = base.replace("import os", "import sys").replace("Y = 2", "Y = 20");
    const patch = [
      "@@ -1,4 +1,4 @@",
      "-import os",
      "+import sys",
      " ",
      " def a():",
      "     return 1",
      "@@ -8,3 +8,3 @@",
      " ",
      " X = 1",
      "-Y = 2",
      "+Y = 20",
    ].join("\n");
    expect(baseFromPatch(head, parsePatch(patch))).toBe(base);
  });

  it("rebuilds a removed file and an added one", () => {
    expect(baseFromPatch(null, parsePatch(unifiedPatch(base, null)))).toBe(base);
    expect(baseFromPatch(base, parsePatch(unifiedPatch(null, base)))).toBe("");
  });

  it("gives undefined when the patch does not fit the head", () => {
    const head = base.replace("return 1", "return 10");
    const patch = parsePatch(unifiedPatch(base, head));
    expect(baseFromPatch(head.replace("def b", "def c"), patch)).toBeUndefined();
    expect(baseFromPatch("", patch)).toBeUndefined();
  });

  it("rebuilds the base of a file of 150,000 lines", () => {
    const longBase =
      Array.from({ length: 150_000 }, (_, index) => `x${index} = 1`).join("\n") + "\n";
    const head = `${longBase}y = 2\n`;
    expect(baseFromPatch(head, parsePatch(unifiedPatch(longBase, head)))).toBe(longBase);
  });
});
