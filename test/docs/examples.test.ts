import { copyFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { format } from "prettier";
import { describe, expect, it } from "vitest";
import { analyzeSource } from "../../src/analysis/index.js";
import { buildProjectIndex } from "../../src/analysis/project/index.js";
import { DEFAULT_CONFIG } from "../../src/config.js";
import { findingsReport } from "../../src/report/check-run.js";
import { groupByReceiver, renderReviewComment } from "../../src/report/review-comment.js";
import { compareLocations } from "../../src/report/summary.js";
import { renderText } from "../../src/report/text.js";
import {
  CHECK_RUN_FILE,
  CLI_FILE,
  REVIEW_COMMENT_FILE,
  renderExampleFiles,
  replaceRegion,
} from "../../scripts/examples.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
// The sources, not dist: the examples must match the code as it is now.
const code = {
  analyzeSource,
  buildProjectIndex,
  groupByReceiver,
  renderReviewComment,
  findingsReport,
  renderText,
  compareLocations,
  DEFAULT_CONFIG,
};

describe("docs/examples", () => {
  it("are what the current code renders (else run npm run docs:examples)", async () => {
    const files = await renderExampleFiles(code, ROOT);
    expect([...files.keys()]).toEqual(
      expect.arrayContaining([REVIEW_COMMENT_FILE, CHECK_RUN_FILE, CLI_FILE]),
    );
    for (const [file, expected] of files) {
      const committed = await readFile(join(ROOT, file), "utf8").catch(() => "(missing)");
      expect(committed, `${file} is out of date: run npm run docs:examples`).toBe(expected);
    }
  });

  it("show the comment and the check run of the fixture's receiver", async () => {
    const files = await renderExampleFiles(code, ROOT);
    const comment = files.get(REVIEW_COMMENT_FILE) ?? "";
    expect(comment).toContain("**`update_num_books` runs on `post_save` of `Book`**");
    expect(comment).toContain("<summary>How to refactor</summary>");
    expect(comment).toMatch(/<!-- django-signals:fingerprint=[0-9a-f]+ -->/);
    const checkRun = files.get(CHECK_RUN_FILE) ?? "";
    expect(checkRun).toContain("(conclusion: `neutral`)");
    expect(checkRun).toMatch(/\| `bookshop\/models.py:19` +\| `update_num_books` +\|/);
    const cli = files.get(CLI_FILE) ?? "";
    expect(cli).toContain(
      "$ django-signals scan bookshop/models.py\nbookshop/models.py:19:1: warning: [model-signal-receiver]",
    );
    expect(cli).toContain("Found 2 findings (1 warning, 1 notice) in 1 file.");
  });
});

describe("replaceRegion", () => {
  const readme = [
    "# Title",
    "",
    "<!-- example:review-comment:start -->",
    "old text",
    "<!-- example:review-comment:end -->",
    "",
    "After.",
    "",
  ].join("\n");

  it("replaces only what lies between the markers, and again gives the same text", () => {
    const once = replaceRegion(readme, "review-comment", "> new\n");
    expect(once).toBe(
      [
        "# Title",
        "",
        "<!-- example:review-comment:start -->",
        "",
        "> new",
        "",
        "<!-- example:review-comment:end -->",
        "",
        "After.",
        "",
      ].join("\n"),
    );
    expect(replaceRegion(once, "review-comment", "> new\n")).toBe(once);
  });

  it("leaves a README without the markers as it is", () => {
    expect(replaceRegion(readme, "check-run", "> new")).toBe(readme);
  });

  it("refuses markers in the wrong order", () => {
    const swapped = "<!-- example:check-run:end -->\n<!-- example:check-run:start -->\n";
    expect(() => replaceRegion(swapped, "check-run", "x")).toThrow(/comes before/);
  });

  it("writes README regions that prettier leaves as they are", async () => {
    const withRegions = [
      "# Title",
      "",
      "<!-- example:review-comment:start -->",
      "<!-- example:review-comment:end -->",
      "",
      "<!-- example:check-run:start -->",
      "<!-- example:check-run:end -->",
      "",
      "<!-- example:cli:start -->",
      "<!-- example:cli:end -->",
      "",
    ].join("\n");
    const root = await mkdtemp(join(tmpdir(), "examples-"));
    try {
      await mkdir(join(root, "docs/examples/bookshop"), { recursive: true });
      await cp(join(ROOT, "docs/examples/bookshop"), join(root, "docs/examples/bookshop"), {
        recursive: true,
      });
      await copyFile(join(ROOT, ".prettierrc.json"), join(root, ".prettierrc.json"));
      await writeFile(join(root, "README.md"), withRegions);
      const generated = (await renderExampleFiles(code, root)).get("README.md") ?? "";
      expect(generated).toContain("> **`update_num_books` runs on `post_save` of `Book`**");
      expect(generated).toContain("> **Django signals**: 1 new signal receiver");
      expect(generated).toContain("```console\n$ django-signals scan bookshop/models.py\n");
      expect(await format(generated, { parser: "markdown", printWidth: 100 })).toBe(generated);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
