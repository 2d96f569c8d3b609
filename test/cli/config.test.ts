import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  RECEIVER_IMPORTS,
  bookReceiver,
  git,
  makeTempDir,
  removeDir,
  runCli,
  writeTree,
} from "./helpers.js";

const SIGNALS = RECEIVER_IMPORTS + bookReceiver("update_stats");
const CONFIG = ".github/django-signals.yml";

let root: string;
beforeEach(() => {
  root = makeTempDir("config");
});
afterEach(() => removeDir(root));

function findings(stdout: string): { file: string; severity: string; ruleId: string }[] {
  return (JSON.parse(stdout) as { findings: { file: string; severity: string; ruleId: string }[] })
    .findings;
}

describe("the CLI reads .github/django-signals.yml", () => {
  it("applies rule levels and ignore_paths from the repository's file", async () => {
    writeTree(root, {
      "shop/signals.py": SIGNALS,
      "legacy/signals.py": SIGNALS,
      [CONFIG]: 'rules:\n  model-signal-receiver: failure\nignore_paths: ["legacy/**"]\n',
    });
    const run = await runCli(["scan", "--format", "json"], root);
    expect(run.code).toBe(1);
    expect(findings(run.stdout)).toEqual([
      expect.objectContaining({
        file: "shop/signals.py",
        ruleId: "model-signal-receiver",
        severity: "failure",
      }),
    ]);
  });

  it("finds the file from a subdirectory and matches paths from the repository root", async () => {
    writeTree(root, {
      "shop/signals.py": SIGNALS,
      [CONFIG]: 'paths: ["billing/**"]\n',
    });
    git(root, "init", "-q");
    const run = await runCli(["scan", "."], `${root}/shop`);
    expect(run).toMatchObject({ code: 0, stderr: "" });
  });

  it("treats legitimate_signals as legitimate", async () => {
    writeTree(root, { "a.py": SIGNALS, [CONFIG]: "legitimate_signals: [post_save]\n" });
    expect((await runCli(["scan"], root)).code).toBe(0);
  });

  it("--no-config ignores the file and --config names another one", async () => {
    writeTree(root, {
      "a.py": SIGNALS,
      [CONFIG]: "rules:\n  model-signal-receiver: off\n",
      "strict.yml": "rules:\n  model-signal-receiver: failure\n",
    });
    expect((await runCli(["scan"], root)).code).toBe(0);
    expect((await runCli(["scan", "--no-config"], root)).code).toBe(1);
    const strict = await runCli(["scan", "--config", "strict.yml", "--format", "json"], root);
    expect(findings(strict.stdout).map((finding) => finding.severity)).toEqual(["failure"]);
  });

  it("reports an invalid file with its lines and exits 2", async () => {
    writeTree(root, {
      "a.py": SIGNALS,
      [CONFIG]: "rules:\n  model-signal-reciever: failure\ncomments: maybe\n",
    });
    const run = await runCli(["scan"], root);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.split("\n")).toEqual([
      "django-signals: error: invalid configuration",
      ".github/django-signals.yml:2:3: unknown key rules.model-signal-reciever",
      expect.stringMatching(/^\.github\/django-signals\.yml:3:11: comments: .*boolean/),
      "",
    ]);
  });

  it("applies to diff as well", async () => {
    writeTree(root, { "base.py": "x = 1\n", [CONFIG]: "rules:\n  model-signal-receiver: off\n" });
    git(root, "init", "-q");
    git(root, "add", ".");
    git(root, "commit", "-qm", "base");
    writeTree(root, { "shop.py": SIGNALS });
    expect((await runCli(["diff", "--base", "HEAD"], root)).code).toBe(0);
    expect((await runCli(["diff", "--base", "HEAD", "--no-config"], root)).code).toBe(1);
  });
});
