import { execFileSync } from "node:child_process";
import { symlinkSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import type { Log } from "sarif";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scanPaths } from "../../src/cli/scan.js";
import {
  RECEIVER_IMPORTS,
  bookReceiver,
  git,
  makeTempDir,
  removeDir,
  runCli,
  runCliClosingStdoutEarly,
  writeTree,
} from "./helpers.js";

const SIGNALS = RECEIVER_IMPORTS + bookReceiver("update_stats"); // decorator on line 6
const PLAIN = "def add(a, b):\n    return a + b\n";

let root: string;
beforeEach(() => {
  root = makeTempDir("scan");
});
afterEach(() => removeDir(root));

function reportedFiles(stdout: string): string[] {
  const findings = (JSON.parse(stdout) as { findings: { file: string }[] }).findings;
  return [...new Set(findings.map((finding) => finding.file))].sort();
}

describe("django-signals scan", () => {
  it("exits 0 with a summary when nothing is found", async () => {
    writeTree(root, { "a.py": PLAIN, "b.py": PLAIN });
    const run = await runCli(["scan"], root);
    expect(run).toEqual({ code: 0, stdout: "No findings in 2 files checked.\n", stderr: "" });
  });

  it("prints path:line:col: level: [rule-id] message, the fix, and a summary; exits 1", async () => {
    writeTree(root, { "shop/signals.py": SIGNALS, "shop/util.py": PLAIN });
    const run = await runCli(["scan", "."], root);
    expect(run.code).toBe(1);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toMatch(
      /^shop\/signals\.py:6:1: warning: \[model-signal-receiver\] `update_stats` .*Book/,
    );
    expect(lines[1]).toMatch(/^ {2}help: \S/);
    expect(lines[2]).toMatch(/^ {2}https:\/\/\S+\/model-signal-receiver\.md$/);
    expect(run.stdout.trimEnd().split("\n").at(-1)).toBe("Found 1 finding (1 warning) in 1 file.");
    expect(run.stdout).not.toContain("\u001b[");
  });

  it("counts findings by level and files, and names the files with syntax errors", async () => {
    const twoReceivers = SIGNALS + bookReceiver("audit_book");
    writeTree(root, { "a.py": twoReceivers, "b.py": `${SIGNALS}\ndef broken(:\n    pass\n` });
    const run = await runCli(["scan"], root);
    expect(run.stdout.trimEnd().split("\n").slice(-3)).toEqual([
      "Found 3 findings (3 warnings) in 2 files.",
      "1 file with syntax errors (findings cover what could be read):",
      "  b.py",
    ]);
  });

  it("colours output when FORCE_COLOR is set, and not with NO_COLOR", async () => {
    writeTree(root, { "a.py": SIGNALS });
    const forced = await runCli(["scan"], root, { FORCE_COLOR: "1" });
    expect(forced.stdout).toContain("\u001b[1ma.py\u001b[22m");
    const disabled = await runCli(["scan"], root, { NO_COLOR: "1" });
    expect(disabled.stdout).not.toContain("\u001b[");
  });

  it("names files relative to the working directory, whatever path was given", async () => {
    writeTree(root, { "proj/app/signals.py": SIGNALS });
    const relative = await runCli(["scan", "proj/app", "--format", "json"], root);
    const absolute = await runCli(["scan", path.join(root, "proj"), "-f", "json"], root);
    const fromInside = await runCli(["scan", "--format", "json"], path.join(root, "proj"));
    expect(reportedFiles(relative.stdout)).toEqual(["proj/app/signals.py"]);
    expect(reportedFiles(absolute.stdout)).toEqual(["proj/app/signals.py"]);
    expect(reportedFiles(fromInside.stdout)).toEqual(["app/signals.py"]);
  });

  it("reads only .py and .pyi files when recursing", async () => {
    writeTree(root, { "a.py": SIGNALS, "b.pyi": SIGNALS, "c.txt": SIGNALS, "d.py.orig": SIGNALS });
    const run = await runCli(["scan", "-f", "json"], root);
    expect(reportedFiles(run.stdout)).toEqual(["a.py", "b.pyi"]);
  });

  it("skips dependencies, virtualenvs, migrations, caches and .git by default", async () => {
    writeTree(root, {
      "app/signals.py": SIGNALS,
      "node_modules/pkg/x.py": SIGNALS,
      ".venv/lib/x.py": SIGNALS,
      "venv/lib/x.py": SIGNALS,
      "env/pyvenv.cfg": "home = /usr/bin\n",
      "env/lib/x.py": SIGNALS,
      "app/migrations/0001_initial.py": SIGNALS,
      "app/__pycache__/x.py": SIGNALS,
      ".git/hooks/x.py": SIGNALS,
    });
    const run = await runCli(["scan", "-f", "json"], root);
    expect(reportedFiles(run.stdout)).toEqual(["app/signals.py"]);
  });

  it("scans a skipped directory or an excluded file when it is named explicitly", async () => {
    writeTree(root, { "app/migrations/0002_data.py": SIGNALS, "legacy.py": SIGNALS });
    const run = await runCli(
      ["scan", "app/migrations", "legacy.py", "--exclude", "legacy.py", "-f", "json"],
      root,
    );
    expect(reportedFiles(run.stdout)).toEqual(["app/migrations/0002_data.py", "legacy.py"]);
  });

  it("honours .gitignore files at every level, negations included", async () => {
    writeTree(root, {
      ".gitignore": "build/\n*_generated.py\n",
      "build/x.py": SIGNALS,
      "app/models_generated.py": SIGNALS,
      "app/signals.py": SIGNALS,
      "app/.gitignore": "local_*.py\n!local_keep.py\n",
      "app/local_settings.py": SIGNALS,
      "app/local_keep.py": SIGNALS,
      "other/local_x.py": SIGNALS,
    });
    const run = await runCli(["scan", "-f", "json"], root);
    expect(reportedFiles(run.stdout)).toEqual([
      "app/local_keep.py",
      "app/signals.py",
      "other/local_x.py",
    ]);
  });

  it("applies the enclosing repository's .gitignore when scanning a subdirectory", async () => {
    git(root, "init", "--quiet");
    writeTree(root, {
      ".gitignore": "*_generated.py\n",
      "src/app/signals.py": SIGNALS,
      "src/app/models_generated.py": SIGNALS,
    });
    const run = await runCli(["scan", "app", "-f", "json"], path.join(root, "src"));
    expect(reportedFiles(run.stdout)).toEqual(["app/signals.py"]);
  });

  it("skips paths matching repeated --exclude globs", async () => {
    writeTree(root, {
      "legacy/signals.py": SIGNALS,
      "app/generated_signals.py": SIGNALS,
      "app/signals.py": SIGNALS,
      "app/deep/tests/test_signals.py": SIGNALS,
      "vendor/lib/signals.py": SIGNALS,
    });
    const args = ["--exclude", "legacy", "--exclude", "**/generated_*.py", "--exclude", "tests"];
    args.push("--exclude", "vendor/**");
    const run = await runCli(["scan", ...args, "-f", "json"], root);
    expect(reportedFiles(run.stdout)).toEqual(["app/signals.py"]);
  });

  it("follows symlinked files but not symlinked directories", async () => {
    writeTree(root, { "real/signals.py": SIGNALS });
    symlinkSync(path.join(root, "real"), path.join(root, "loop"));
    symlinkSync(path.join(root, "real/signals.py"), path.join(root, "linked.py"));
    const run = await runCli(["scan", "-f", "json"], root);
    expect(reportedFiles(run.stdout)).toEqual(["linked.py", "real/signals.py"]);
  });

  it("reads BOM, CRLF and invalid UTF-8 files without crashing, lines intact", async () => {
    const crlf = SIGNALS.replaceAll("\n", "\r\n");
    const invalid = Buffer.concat([
      Buffer.from("# caf\xe9 in Latin-1: \n", "latin1"),
      Buffer.from([0xff, 0xfe, 0x80, 0x0a]),
      Buffer.from(RECEIVER_IMPORTS.slice(0, -1) + bookReceiver("on_save")),
    ]);
    writeTree(root, {
      "bom.py": Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SIGNALS)]),
      "crlf.py": crlf,
      "invalid.py": invalid,
    });
    const run = await runCli(["scan", "-f", "json"], root);
    expect(run.code).toBe(1);
    const findings = (JSON.parse(run.stdout) as { findings: { file: string; line: number }[] })
      .findings;
    expect(findings.map((f) => `${f.file}:${f.line}`)).toEqual([
      "bom.py:6",
      "crlf.py:6",
      "invalid.py:7",
    ]);
  });

  it("writes SARIF with cwd-relative artifact URIs", async () => {
    writeTree(root, { "proj/app/signals.py": SIGNALS });
    const run = await runCli(["scan", "app", "--format", "sarif"], path.join(root, "proj"));
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout) as Log;
    const results = log.runs[0]?.results ?? [];
    expect(results.map((r) => r.locations?.[0]?.physicalLocation?.artifactLocation)).toEqual([
      { uri: "app/signals.py", uriBaseId: "%SRCROOT%" },
    ]);
    expect(log.runs[0]?.tool.driver.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("names SARIF artifacts from the repository's root when run in a subdirectory", async () => {
    writeTree(root, { "proj/.git/HEAD": "ref: refs/heads/main\n", "proj/app/signals.py": SIGNALS });
    const run = await runCli(["scan", ".", "--format", "sarif"], path.join(root, "proj", "app"));
    const log = JSON.parse(run.stdout) as Log;
    const results = log.runs[0]?.results ?? [];
    expect(results.map((r) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri)).toEqual([
      "app/signals.py",
    ]);
    // Text keeps naming files from where the command ran, as linters do.
    const text = await runCli(["scan", "."], path.join(root, "proj", "app"));
    expect(text.stdout).toMatch(/^signals\.py:\d+:\d+: /);
  });

  it("points SARIF's rule help at the configured docs_base_url, like the findings", async () => {
    writeTree(root, {
      ".git/HEAD": "ref: refs/heads/main\n",
      ".github/django-signals.yml": "docs_base_url: https://docs.example.com/rules\n",
      "app/signals.py": SIGNALS,
    });
    const run = await runCli(["scan", "app", "--format", "sarif"], root);
    const log = JSON.parse(run.stdout) as Log;
    const helpUris = (log.runs[0]?.tool.driver.rules ?? []).map((rule) => rule.helpUri);
    expect(helpUris).toContain("https://docs.example.com/rules/model-signal-receiver.md");
    expect(helpUris.every((uri) => uri?.startsWith("https://docs.example.com/rules/"))).toBe(true);
  });

  it("stops quietly, still exiting 1, when the reader closes the pipe early", async () => {
    // Megabytes of output: more than the pipe can buffer before the reader goes away.
    const manyReceivers = Array.from({ length: 3000 }, (_, i) => bookReceiver(`on_save_${i}`));
    writeTree(root, { "a.py": RECEIVER_IMPORTS + manyReceivers.join("") });
    const run = await runCliClosingStdoutEarly(["scan"], root);
    expect(run.stdout).toMatch(/^a\.py:6:1: /);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
  });

  it("fails with one line and exit 2 on a missing path", async () => {
    writeTree(root, { "a.py": SIGNALS });
    const run = await runCli(["scan", "a.py", "nope"], root);
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: "django-signals: error: path not found: nope\n",
    });
  });

  it("skips a FIFO or a socket named on the command line with one line, instead of hanging", async () => {
    writeTree(root, { "a.py": SIGNALS });
    execFileSync("mkfifo", [path.join(root, "pipe.py")]);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(path.join(root, "socket.py"), resolve));
    try {
      const run = await runCli(["scan", "pipe.py", "socket.py", "a.py"], root);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        "django-signals: skipping pipe.py: not a regular file\n" +
          "django-signals: skipping socket.py: not a regular file\n",
      );
      expect(run.stdout).toContain("a.py:6:1");
    } finally {
      server.close();
    }
  });

  it("reports 200,000 findings of one file", async () => {
    const connects = Array.from({ length: 100_000 }, (_, i) => `post_save.connect(h${i})`);
    writeTree(root, { "many.py": `${RECEIVER_IMPORTS}${connects.join("\n")}\n` });

    const result = await scanPaths(["many.py"], { cwd: root, exclude: [] });

    expect(result.findings).toHaveLength(200_000);
  }, 60_000);
});

describe("django-signals usage", () => {
  it("prints the package version", async () => {
    const run = await runCli(["--version"], root);
    const manifest = (await import("../../package.json", { with: { type: "json" } })).default;
    expect(run).toEqual({ code: 0, stdout: `${manifest.version}\n`, stderr: "" });
  });

  it("prints help with exit 0, documenting defaults", async () => {
    const scan = await runCli(["scan", "--help"], root);
    expect(scan.code).toBe(0);
    expect(scan.stdout).toContain("--format <format>");
    expect(scan.stdout).toContain("pyvenv.cfg");
    const diff = await runCli(["diff", "--help"], root);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain("working tree");
  });

  it.each([
    ["an unknown option", ["scan", "--bogus"]],
    ["an unknown format", ["scan", "--format", "xml"]],
    ["an unknown command", ["lint"]],
    ["no command", []],
    ["diff without --base", ["diff"]],
  ])("exits 2 on %s", async (_case, args) => {
    const run = await runCli(args, root);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).not.toBe("");
  });

  it("words usage errors like its own: django-signals: error: ...", async () => {
    const run = await runCli(["scan", "--format", "xml"], root);
    expect(run.stderr).toMatch(
      /^django-signals: error: option '-f, --format <format>' argument 'xml' is invalid/,
    );
  });
});
