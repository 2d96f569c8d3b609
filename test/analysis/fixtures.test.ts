// Runs every rule fixture: `# ruleid: <id>` marks the next code line as a finding of <id>,
// `# ok: <id>` marks it as none. Lines must match exactly.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { analyzeSource, RULE_IDS, type RuleId } from "../../src/analysis/index.js";
import { fixturePath, FIXTURES_DIR, markedLines } from "./fixture-markers.js";

describe.each(readdirSync(FIXTURES_DIR).filter((name) => name.endsWith(".py")))("%s", (name) => {
  const ruleId = name.replace(/\.py$/, "") as RuleId;
  const source = readFileSync(fixturePath(name), "utf8");
  const marks = markedLines(source);
  const findingLines = analyzeSource(source, { file: name })
    .findings.filter((finding) => finding.ruleId === ruleId)
    .map((finding) => finding.line);

  test("names a rule", () => {
    expect(RULE_IDS).toContain(ruleId);
  });

  test("reports exactly the lines marked `# ruleid`", () => {
    expect(findingLines).toEqual(marks.ruleid.get(ruleId) ?? []);
  });

  test("reports none of the lines marked `# ok`", () => {
    const ok = marks.ok.get(ruleId) ?? [];
    expect(findingLines.filter((line) => ok.includes(line))).toEqual([]);
  });
});
