// Checks the properties GitHub code scanning relies on when it ingests SARIF 2.1.0.
import type { Log, ReportingDescriptor, Result } from "sarif";
import { describe, expect, it } from "vitest";
import { RULES, RULE_IDS, docsUrl } from "../../src/analysis/index.js";
import type { Finding } from "../../src/analysis/index.js";
import { renderSarif, toSarif } from "../../src/report/sarif.js";
import { itemAt, sampleFinding, sampleFindings } from "./sample.js";

const OPTIONS = { toolVersion: "1.2.3" };

function onlyRun(log: Log) {
  expect(log.runs).toHaveLength(1);
  return itemAt(log.runs, 0);
}

function firstLocation(result: Result) {
  return result.locations?.[0]?.physicalLocation;
}

describe("toSarif", () => {
  it("is a SARIF 2.1.0 log with one run of the django-signals tool", () => {
    const log = JSON.parse(renderSarif([], OPTIONS)) as Log;
    expect(log.version).toBe("2.1.0");
    expect(log.$schema).toMatch(/sarif-2\.1\.0.*\.json$/);
    const driver = onlyRun(log).tool.driver;
    expect(driver).toMatchObject({ name: "django-signals", version: "1.2.3" });
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(onlyRun(log).results).toEqual([]);
  });

  it("describes every rule with descriptions, help text and markdown, a help URI and a level", () => {
    const rules = onlyRun(toSarif([], OPTIONS)).tool.driver.rules as ReportingDescriptor[];
    expect(rules.map((rule) => rule.id)).toEqual([...RULE_IDS]);
    for (const [index, rule] of rules.entries()) {
      const meta = itemAt(RULES, index);
      expect(rule.name).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(rule.shortDescription?.text).toBe(meta.title);
      expect(rule.fullDescription?.text).toBe(meta.description);
      expect(rule.helpUri).toBe(docsUrl(meta.id));
      expect(rule.help?.text).toContain(rule.helpUri);
      expect(rule.help?.markdown).toContain(`](${rule.helpUri})`);
      expect(["note", "warning", "error"]).toContain(rule.defaultConfiguration?.level);
    }
  });

  it("gives each finding a result pointing at its rule, file, line and column", () => {
    const findings = sampleFindings("shop/signals.py");
    const run = onlyRun(toSarif(findings, OPTIONS));
    const rules = run.tool.driver.rules ?? [];
    expect(run.results).toHaveLength(findings.length);
    for (const [index, result] of (run.results ?? []).entries()) {
      const finding = itemAt(findings, index);
      expect(result.ruleId).toBe(finding.ruleId);
      expect(itemAt(rules, result.ruleIndex ?? -1).id).toBe(finding.ruleId);
      expect(result.message.text).toContain(finding.message);
      expect(result.message.text).toContain(finding.fix);
      expect(firstLocation(result)).toEqual({
        artifactLocation: { uri: "shop/signals.py", uriBaseId: "%SRCROOT%" },
        region: { startLine: finding.line, startColumn: finding.column },
      });
    }
  });

  it("maps severities to SARIF levels", () => {
    const finding = sampleFinding();
    const levels = (["notice", "warning", "failure"] as const).map(
      (severity) => onlyRun(toSarif([{ ...finding, severity }], OPTIONS)).results?.[0]?.level,
    );
    expect(levels).toEqual(["note", "warning", "error"]);
  });

  it("percent-encodes path segments into a relative URI", () => {
    const finding = sampleFinding("my app/signals#1.py");
    const result = itemAt(onlyRun(toSarif([finding], OPTIONS)).results, 0);
    expect(firstLocation(result)?.artifactLocation?.uri).toBe("my%20app/signals%231.py");
  });

  it("records a successful invocation, naming files with syntax errors as notifications", () => {
    const clean = onlyRun(toSarif([], OPTIONS)).invocations;
    expect(clean).toEqual([{ executionSuccessful: true, toolExecutionNotifications: [] }]);
    const options = { ...OPTIONS, filesWithSyntaxErrors: ["my app/broken.py"] };
    const [invocation] = onlyRun(toSarif([], options)).invocations ?? [];
    expect(invocation?.toolExecutionNotifications).toEqual([
      {
        level: "warning",
        descriptor: { id: "syntax-error" },
        message: { text: expect.stringMatching(/^my app\/broken\.py has syntax errors/) },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: "my%20app/broken.py", uriBaseId: "%SRCROOT%" },
            },
          },
        ],
      },
    ]);
  });

  it("fingerprints by rule, file and receiver identity, not by line", () => {
    const finding = sampleFinding();
    const fingerprint = (f: Finding) =>
      itemAt(onlyRun(toSarif([f], OPTIONS)).results, 0).partialFingerprints;
    const base = fingerprint(finding);
    expect(Object.values(base ?? {})).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)]);
    expect(fingerprint({ ...finding, line: finding.line + 10 })).toEqual(base);
    expect(fingerprint({ ...finding, file: "other.py" })).not.toEqual(base);
    expect(fingerprint({ ...finding, receiver: "renamed" })).not.toEqual(base);
  });
});
