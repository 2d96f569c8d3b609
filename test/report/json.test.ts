import { describe, expect, it } from "vitest";
import { renderJson } from "../../src/report/json.js";
import { itemAt, sampleFindings } from "./sample.js";

const KEYS = [
  "ruleId",
  "severity",
  "file",
  "line",
  "column",
  "receiverLine",
  "signals",
  "sender",
  "receiver",
  "message",
  "docsUrl",
  "help",
];
const SUMMARY = { filesChecked: 3, filesWithSyntaxErrors: ["shop/broken.py"] };

describe("renderJson", () => {
  it("follows the contract: version 1, exactly the documented keys in order", () => {
    const findings = sampleFindings();
    const document = JSON.parse(renderJson(findings, SUMMARY)) as {
      version: number;
      findings: Record<string, unknown>[];
    };
    expect(Object.keys(document)).toEqual(["version", "findings", "summary"]);
    expect(document.version).toBe(1);
    expect(document.findings).toHaveLength(findings.length);
    for (const [index, rendered] of document.findings.entries()) {
      const finding = itemAt(findings, index);
      expect(Object.keys(rendered)).toEqual(KEYS);
      const { fix, ...shared } = finding;
      for (const key of KEYS.filter((key) => key !== "help")) {
        expect(rendered[key]).toEqual(shared[key as keyof typeof shared]);
      }
      expect(rendered["help"]).toBe(fix);
    }
  });

  it("summarises the files checked and names those with syntax errors", () => {
    const document = JSON.parse(renderJson([], SUMMARY)) as { summary: unknown };
    expect(document.summary).toEqual({
      filesChecked: 3,
      filesWithSyntaxErrors: ["shop/broken.py"],
    });
  });

  it("renders an empty result as an empty list, ending with a newline", () => {
    const clean = { filesChecked: 0, filesWithSyntaxErrors: [] };
    expect(renderJson([], clean)).toBe(
      '{\n  "version": 1,\n  "findings": [],\n  "summary": {\n    "filesChecked": 0,\n    "filesWithSyntaxErrors": []\n  }\n}\n',
    );
  });
});
