import { describe, expect, it } from "vitest";
import {
  escapeCommandData,
  escapeCommandProperty,
  renderWorkflowCommands,
} from "../../src/report/workflow-commands.js";
import { itemAt, sampleFinding, sampleFindings } from "./sample.js";

/** How the runner reads a command back: `::name k=v,k=v::message`, escapes undone. */
function parseCommand(line: string) {
  const match = /^::(\w+) ([^:]*)::(.*)$/.exec(line);
  if (!match) throw new Error(`not a workflow command: ${line}`);
  const [, name, properties, message] = match as unknown as [string, string, string, string];
  const unescape = (text: string) =>
    text
      .replaceAll("%0D", "\r")
      .replaceAll("%0A", "\n")
      .replaceAll("%3A", ":")
      .replaceAll("%2C", ",")
      .replaceAll("%25", "%");
  const entries = properties.split(",").map((pair) => {
    const [key, value] = pair.split("=") as [string, string];
    return [key, unescape(value)];
  });
  return { name, properties: Object.fromEntries(entries), message: unescape(message) };
}

describe("escaping", () => {
  it("escapes %, CR and LF in messages, and also : and , in properties", () => {
    expect(escapeCommandData("100%\r\n: ,")).toBe("100%25%0D%0A: ,");
    expect(escapeCommandProperty("100%\r\n: ,")).toBe("100%25%0D%0A%3A %2C");
    // `%` first, so an escape already in the text is not read back as a character.
    expect(escapeCommandProperty("%0A")).toBe("%250A");
  });
});

describe("renderWorkflowCommands", () => {
  it("writes one command per finding at its file, line and column, named by level", () => {
    const findings = sampleFindings();
    const lines = renderWorkflowCommands(findings, []).split("\n");
    expect(lines.at(-1)).toBe("");
    expect(lines).toHaveLength(findings.length + 1);
    for (const [index, finding] of findings.entries()) {
      const command = parseCommand(itemAt(lines, index));
      expect(command.name).toBe(finding.severity === "failure" ? "error" : finding.severity);
      expect(command.properties).toEqual({
        file: finding.file,
        line: String(finding.line),
        col: String(finding.column),
        title: expect.stringContaining(finding.ruleId),
      });
      expect(command.message).toContain(finding.message);
      expect(command.message).toContain(finding.fix);
      expect(command.message).toContain(finding.docsUrl);
    }
  });

  it("maps failure to ::error and notice to ::notice", () => {
    const finding = sampleFinding();
    const names = (["notice", "warning", "failure"] as const).map(
      (severity) =>
        parseCommand(renderWorkflowCommands([{ ...finding, severity }], []).trim()).name,
    );
    expect(names).toEqual(["notice", "warning", "error"]);
  });

  it("keeps a path with commas and colons in one property, and a message on one line", () => {
    const finding = { ...sampleFinding("a,b/c:d.py"), message: "line one\nline two 50%" };
    const [line, rest] = renderWorkflowCommands([finding], []).split("\n");
    expect(rest).toBe("");
    const command = parseCommand(line ?? "");
    expect(command.properties["file"]).toBe("a,b/c:d.py");
    expect(command.message.startsWith("line one\nline two 50%")).toBe(true);
  });

  it("names each file with syntax errors in a warning on that file", () => {
    const output = renderWorkflowCommands([], ["shop/broken.py"]);
    const command = parseCommand(output.trim());
    expect(command.name).toBe("warning");
    expect(command.properties["file"]).toBe("shop/broken.py");
    expect(command.message).toMatch(/^shop\/broken\.py has syntax errors/);
  });
});
