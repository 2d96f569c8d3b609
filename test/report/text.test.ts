import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/analysis/index.js";
import { renderText, shouldUseColor } from "../../src/report/text.js";
import { sampleFinding, sampleFindings } from "./sample.js";

const SUMMARY = { filesChecked: 4, filesWithSyntaxErrors: [] };

describe("renderText", () => {
  it("gives each finding a greppable location line with its level, its fix and its docs link", () => {
    const findings = sampleFindings();
    const blocks = renderText(findings, SUMMARY, { color: false }).split("\n\n");
    expect(blocks).toHaveLength(findings.length + 1);
    for (const [index, finding] of findings.entries()) {
      const where = `${finding.file}:${finding.line}:${finding.column}`;
      expect(blocks[index]).toBe(
        [
          `${where}: ${finding.severity}: [${finding.ruleId}] ${finding.message}`,
          `  help: ${finding.fix}`,
          `  ${finding.docsUrl}`,
        ].join("\n"),
      );
    }
  });

  it("summarises findings by level and files, with correct plurals", () => {
    const one = sampleFinding("a.py");
    const summaryOf = (findings: Finding[]) =>
      renderText(findings, SUMMARY, { color: false }).trimEnd().split("\n").at(-1);
    expect(summaryOf([one])).toBe("Found 1 finding (1 warning) in 1 file.");
    const mixed: Finding[] = [
      { ...one, severity: "notice" },
      { ...one, severity: "failure", file: "b.py" },
      { ...one, severity: "notice", file: "c.py" },
    ];
    expect(summaryOf(mixed)).toBe("Found 3 findings (1 failure, 2 notices) in 3 files.");
  });

  it("names every file with syntax errors after the summary, with or without findings", () => {
    const broken = { filesChecked: 4, filesWithSyntaxErrors: ["a.py", "shop/b.py"] };
    expect(renderText([], broken, { color: false })).toBe(
      [
        "No findings in 4 files checked.",
        "2 files with syntax errors (findings cover what could be read):",
        "  a.py",
        "  shop/b.py",
        "",
      ].join("\n"),
    );
    const one = { filesChecked: 1, filesWithSyntaxErrors: ["a.py"] };
    const lines = renderText([sampleFinding("a.py")], one, { color: false })
      .trimEnd()
      .split("\n");
    expect(lines.slice(-3)).toEqual([
      "Found 1 finding (1 warning) in 1 file.",
      "1 file with syntax errors (findings cover what could be read):",
      "  a.py",
    ]);
  });

  it("adds colour only when asked, without changing the text", () => {
    const findings = sampleFindings();
    const plain = renderText(findings, SUMMARY, { color: false });
    const coloured = renderText(findings, SUMMARY, { color: true });
    expect(coloured).not.toBe(plain);
    expect(coloured).toContain("\u001b[1mshop/signals.py\u001b[22m");
    expect(stripVTControlCharacters(coloured)).toBe(plain);
  });
});

describe("shouldUseColor", () => {
  it.each([
    [true, {}, true],
    [false, {}, false],
    [true, { NO_COLOR: "1" }, false],
    [true, { NO_COLOR: "" }, true],
    [true, { TERM: "dumb" }, false],
    [false, { FORCE_COLOR: "1" }, true],
    [false, { FORCE_COLOR: "" }, true],
    [true, { FORCE_COLOR: "0" }, false],
    [true, { FORCE_COLOR: "false" }, false],
    [false, { FORCE_COLOR: "1", NO_COLOR: "1" }, true],
  ])("isTTY=%s env=%j -> %s", (isTTY, env, expected) => {
    expect(shouldUseColor(isTTY, env)).toBe(expected);
  });
});
