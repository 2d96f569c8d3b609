import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { renderText, shouldUseColor } from "../../src/report/text.js";
import { sampleFinding, sampleFindings } from "./sample.js";

const SUMMARY = { filesChecked: 4, filesWithSyntaxErrors: 0 };

describe("renderText", () => {
  it("gives each finding a greppable location line, its fix and its docs link", () => {
    const findings = sampleFindings();
    const blocks = renderText(findings, SUMMARY, { color: false }).split("\n\n");
    expect(blocks).toHaveLength(findings.length + 1);
    for (const [index, finding] of findings.entries()) {
      expect(blocks[index]).toBe(
        [
          `${finding.file}:${finding.line}:${finding.column}: ${finding.ruleId} ${finding.message}`,
          `  help: ${finding.fix}`,
          `  ${finding.docsUrl}`,
        ].join("\n"),
      );
    }
  });

  it("summarises findings, files and syntax errors with correct plurals", () => {
    const one = sampleFinding("a.py");
    const other = sampleFindings("b.py");
    const summaryOf = (text: string) => text.trimEnd().split("\n").at(-1);
    expect(summaryOf(renderText([one], SUMMARY, { color: false }))).toBe(
      "Found 1 finding in 1 file.",
    );
    const syntax = { filesChecked: 4, filesWithSyntaxErrors: 2 };
    expect(summaryOf(renderText([one, ...other], syntax, { color: false }))).toBe(
      `Found ${1 + other.length} findings in 2 files (2 files with syntax errors).`,
    );
    expect(renderText([], { filesChecked: 1, filesWithSyntaxErrors: 1 }, { color: false })).toBe(
      "No findings in 1 file checked (1 file with syntax errors).\n",
    );
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
