import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, parseConfig, pathFilter } from "../../src/config.js";

describe("parseConfig", () => {
  it("gives the defaults for an empty file or one with only comments", () => {
    expect(parseConfig("")).toEqual({ ok: true, config: DEFAULT_CONFIG });
    expect(parseConfig("# nothing yet\n")).toEqual({ ok: true, config: DEFAULT_CONFIG });
    expect(DEFAULT_CONFIG).toEqual({
      levels: {},
      paths: ["**"],
      ignorePaths: [],
      comments: true,
      reviewEvent: "COMMENT",
      legitimateSignals: [],
      checkRun: true,
      conclusionOnFindings: "neutral",
      projectContext: true,
    });
  });

  it("reads every key", () => {
    const text = [
      "rules:",
      "  model-signal-receiver: notice",
      "  receiver-raises: off",
      "paths: ['app/**']",
      "ignore_paths: ['**/migrations/**']",
      "comments: false",
      "review_event: REQUEST_CHANGES",
      "legitimate_signals: [order_paid]",
      "check_run: false",
      "conclusion_on_findings: failure",
      "docs_base_url: https://docs.example.com/rules",
      "project_context: false",
    ].join("\n");
    expect(parseConfig(text)).toEqual({
      ok: true,
      config: {
        levels: { "model-signal-receiver": "notice", "receiver-raises": "off" },
        paths: ["app/**"],
        ignorePaths: ["**/migrations/**"],
        comments: false,
        reviewEvent: "REQUEST_CHANGES",
        legitimateSignals: ["order_paid"],
        checkRun: false,
        conclusionOnFindings: "failure",
        docsBaseUrl: "https://docs.example.com/rules",
        projectContext: false,
      },
    });
  });

  it("points at the line of a misspelt rule, a misspelt key and a wrong value", () => {
    const text = [
      "# team settings",
      "rules:",
      "  model-signal-receiver: warning",
      "  model-signal-reciever: off",
      "coments: false",
      "review_event: APPROVE",
    ].join("\n");
    const result = parseConfig(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map(({ line, column }) => ({ line, column }))).toEqual([
      { line: 4, column: 3 },
      { line: 5, column: 1 },
      { line: 6, column: 15 },
    ]);
    expect(result.issues[0]?.message).toBe("unknown key rules.model-signal-reciever");
    expect(result.issues[1]?.message).toBe("unknown key coments");
    expect(result.issues[2]?.message).toMatch(/^review_event: /);
  });

  it("points into a list at the item of the wrong type", () => {
    const result = parseConfig("ignore_paths:\n  - vendor/**\n  - 42\n");
    expect(result).toMatchObject({ ok: false, issues: [{ line: 3, column: 5 }] });
  });

  it("reports YAML syntax errors with their line", () => {
    const result = parseConfig("rules:\n  model-signal-receiver: [warning\n");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toEqual({
      line: 3,
      column: 1,
      message: "Flow sequence in block collection must be sufficiently indented and end with a ]",
    });
  });

  it("rejects a level that is not a level and a top level that is not a map", () => {
    expect(parseConfig("rules:\n  signal-recursion: loud\n")).toMatchObject({
      ok: false,
      issues: [{ line: 2 }],
    });
    expect(parseConfig("- rules\n")).toMatchObject({ ok: false, issues: [{ line: 1 }] });
  });

  it("rejects a docs URL that is not http(s)", () => {
    expect(parseConfig("docs_base_url: javascript:alert(1)\n").ok).toBe(false);
  });

  it("rejects an alias bomb as one config error instead of expanding it", () => {
    const levels = ["a", "b", "c", "d", "e", "f", "g"];
    const bomb = levels
      .map((name, index) =>
        index === 0
          ? `${name}: &${name} [x, x, x, x, x, x, x, x, x]`
          : `${name}: &${name} [${Array(9)
              .fill(`*${levels[index - 1]}`)
              .join(", ")}]`,
      )
      .join("\n");

    expect(parseConfig(`${bomb}\npaths: *g\n`)).toEqual({
      ok: false,
      checkRunOff: false,
      issues: [{ message: "too many aliases (`*name`): the file expands too much" }],
    });
  });

  it("says once that a deeply nested file is too deep", () => {
    const deep = `x: ${"{a: ".repeat(3_000)}1${"}".repeat(3_000)}\n`;
    const result = parseConfig(deep);

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => issue.message)).toEqual([
      "the file is nested too deeply to read",
    ]);
  });
});

describe("pathFilter", () => {
  it("keeps paths that match `paths` and no `ignore_paths`", () => {
    const parsed = parseConfig(
      "paths: ['shop/**', 'library/**']\nignore_paths: ['**/migrations/**']\n",
    );
    if (!parsed.ok) throw new Error("valid config expected");
    const isIncluded = pathFilter(parsed.config);
    expect(isIncluded("shop/signals.py")).toBe(true);
    expect(isIncluded("shop/migrations/0001_initial.py")).toBe(false);
    expect(isIncluded("other/signals.py")).toBe(false);
    expect(pathFilter(DEFAULT_CONFIG)(".hidden/signals.py")).toBe(true);
  });
});
