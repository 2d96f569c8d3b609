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
];

describe("renderJson", () => {
  it("follows the contract: version 1, exactly the documented keys in order", () => {
    const findings = sampleFindings();
    const document = JSON.parse(renderJson(findings)) as {
      version: number;
      findings: Record<string, unknown>[];
    };
    expect(Object.keys(document)).toEqual(["version", "findings"]);
    expect(document.version).toBe(1);
    expect(document.findings).toHaveLength(findings.length);
    for (const [index, rendered] of document.findings.entries()) {
      const finding = itemAt(findings, index);
      expect(Object.keys(rendered)).toEqual(KEYS);
      for (const key of KEYS) expect(rendered[key]).toEqual(finding[key as keyof typeof finding]);
    }
  });

  it("renders an empty result as an empty list, ending with a newline", () => {
    expect(renderJson([])).toBe('{\n  "version": 1,\n  "findings": []\n}\n');
  });
});
