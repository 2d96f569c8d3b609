// Every rule id is one module, one docs page and one fixture, tied together by the id.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { RULE_IDS, RULES } from "../../src/analysis/index.js";
import { fixturePath, markedLines } from "./fixture-markers.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DOCS_SECTIONS = ["## What it does", "## Why is this bad?", "## Example", "## Use instead"];

describe.each(RULE_IDS)("%s", (ruleId) => {
  const meta = RULES.find((rule) => rule.id === ruleId);

  test("has a module exporting its metadata", async () => {
    const module: Record<string, unknown> = await import(
      /* @vite-ignore */ `${ROOT}src/analysis/rules/${ruleId}.ts`
    );
    expect(Object.values(module)).toContainEqual(expect.objectContaining({ id: ruleId }));
    expect(meta).toBeDefined();
  });

  test("has a docs page whose description is the metadata's", () => {
    const path = `${ROOT}docs/rules/${ruleId}.md`;
    expect(existsSync(path)).toBe(true);
    const lines = readFileSync(path, "utf8").split("\n");
    expect(lines[0]).toBe(`# ${ruleId}`);
    expect(lines.slice(1).find((line) => line.trim() !== "")).toBe(meta?.description);
    const text = lines.join("\n");
    let previous = -1;
    for (const section of DOCS_SECTIONS) {
      expect(text.indexOf(section), section).toBeGreaterThan(previous);
      previous = text.indexOf(section);
    }
    expect(text).toContain("https://www.django-antipatterns.com/antipattern/signals.html");
    expect(text).toContain("https://docs.djangoproject.com/en/stable/");
    expect(text).toContain(`Default severity: \`${meta?.defaultSeverity}\``);
  });

  test("has a fixture with at least one ruleid and one ok case", () => {
    const path = fixturePath(`${ruleId}.py`);
    expect(existsSync(path)).toBe(true);
    const marks = markedLines(readFileSync(path, "utf8"));
    expect(marks.ruleid.get(ruleId)?.length ?? 0).toBeGreaterThan(0);
    expect(marks.ok.get(ruleId)?.length ?? 0).toBeGreaterThan(0);
  });
});

test("RULES lists each rule id once, in the contract's order", () => {
  expect(RULES.map((rule) => rule.id)).toEqual([...RULE_IDS]);
});
