// `django-signals diff` on real temporary git repositories.
import { rmSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  RECEIVER_IMPORTS,
  bookReceiver,
  commitAll,
  git,
  makeTempDir,
  removeDir,
  runCli,
  writeTree,
} from "./helpers.js";

const PLAIN = "def helper():\n    return 1\n";
const STATS = bookReceiver("update_stats");
const AUDIT = bookReceiver("audit_book");

let repo: string;
let base: string;

beforeEach(() => {
  repo = makeTempDir("diff");
  git(repo, "init", "--quiet");
  writeTree(repo, {
    "shop/signals.py": RECEIVER_IMPORTS + STATS,
    "shop/util.py": PLAIN,
    "shop/models.py": "from django.db import models\n",
  });
  base = commitAll(repo, "base");
});
afterEach(() => removeDir(repo));

interface JsonFinding {
  file: string;
  line: number;
  ruleId: string;
  receiver: string;
  sender: string | null;
}

async function introduced(args: string[], cwd = repo): Promise<string[]> {
  const run = await runCli(["diff", "--base", base, ...args, "--format", "json"], cwd);
  expect(run.stderr).toBe("");
  const { findings } = JSON.parse(run.stdout) as { findings: JsonFinding[] };
  expect(run.code).toBe(findings.length > 0 ? 1 : 0);
  return findings.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.receiver} ${f.sender}`);
}

async function introducedByCommit(): Promise<string[]> {
  const head = commitAll(repo, "head");
  return introduced(["--head", head]);
}

describe("django-signals diff", () => {
  it("reports a receiver added to an existing file, at its head line", async () => {
    writeTree(repo, { "shop/signals.py": RECEIVER_IMPORTS + STATS + AUDIT });
    expect(await introducedByCommit()).toEqual([
      "shop/signals.py:10 model-signal-receiver audit_book Book",
    ]);
  });

  it("reports the receivers of a new file", async () => {
    writeTree(repo, { "blog/receivers.py": RECEIVER_IMPORTS + AUDIT });
    expect(await introducedByCommit()).toEqual([
      "blog/receivers.py:6 model-signal-receiver audit_book Book",
    ]);
  });

  it("does not report a receiver moved within its file", async () => {
    writeTree(repo, { "shop/signals.py": RECEIVER_IMPORTS + PLAIN + "\n\n" + STATS });
    expect(await introducedByCommit()).toEqual([]);
  });

  it("does not report the receivers of a renamed file (git mv)", async () => {
    git(repo, "mv", "shop/signals.py", "shop/receivers.py");
    expect(await introducedByCommit()).toEqual([]);
  });

  it("treats a file renamed to .py as added and one renamed away from .py as removed", async () => {
    writeTree(repo, { "notes.txt": RECEIVER_IMPORTS + AUDIT });
    const withNotes = commitAll(repo, "notes");
    git(repo, "mv", "notes.txt", "notes.py");
    git(repo, "mv", "shop/signals.py", "shop/signals.py.bak");
    const head = commitAll(repo, "renames");
    const run = await runCli(["diff", "--base", withNotes, "--head", head, "-f", "json"], repo);
    const { findings } = JSON.parse(run.stdout) as { findings: JsonFinding[] };
    expect(findings.map((f) => `${f.file}:${f.line} ${f.receiver}`)).toEqual([
      "notes.py:6 audit_book",
    ]);
  });

  it("does not report a receiver moved to another file", async () => {
    writeTree(repo, {
      "shop/signals.py": RECEIVER_IMPORTS,
      "shop/util.py": RECEIVER_IMPORTS + PLAIN + STATS,
    });
    expect(await introducedByCommit()).toEqual([]);
  });

  it("reports nothing when a receiver or its file is deleted", async () => {
    writeTree(repo, { "shop/signals.py": RECEIVER_IMPORTS });
    expect(await introducedByCommit()).toEqual([]);
    rmSync(path.join(repo, "shop/signals.py"));
    expect(await introducedByCommit()).toEqual([]);
  });

  it("reports a receiver whose registration changed", async () => {
    const modified = STATS.replace("post_save, sender=Book", "post_save");
    writeTree(repo, { "shop/signals.py": RECEIVER_IMPORTS + modified });
    expect(await introducedByCommit()).toEqual([
      "shop/signals.py:6 model-signal-receiver update_stats null",
      "shop/signals.py:6 receiver-without-sender update_stats null",
    ]);
  });

  it("compares with the working tree without --head, untracked files included", async () => {
    writeTree(repo, {
      "shop/signals.py": RECEIVER_IMPORTS + STATS + AUDIT,
      "blog/new_receivers.py": RECEIVER_IMPORTS + bookReceiver("notify"),
    });
    expect(await introduced([])).toEqual([
      "blog/new_receivers.py:6 model-signal-receiver notify Book",
      "shop/signals.py:10 model-signal-receiver audit_book Book",
    ]);
  });

  it("names files relative to the working directory when run in a subdirectory", async () => {
    writeTree(repo, { "shop/signals.py": RECEIVER_IMPORTS + STATS + AUDIT });
    const head = commitAll(repo, "head");
    const found = await introduced(["--head", head], path.join(repo, "shop"));
    expect(found).toEqual(["signals.py:10 model-signal-receiver audit_book Book"]);
  });

  it("skips migrations and --exclude globs like scan", async () => {
    writeTree(repo, {
      "shop/migrations/0002_signals.py": RECEIVER_IMPORTS + AUDIT,
      "legacy/signals.py": RECEIVER_IMPORTS + AUDIT,
      "blog/signals.py": RECEIVER_IMPORTS + AUDIT,
    });
    const head = commitAll(repo, "head");
    expect(await introduced(["--head", head, "--exclude", "legacy/**"])).toEqual([
      "blog/signals.py:6 model-signal-receiver audit_book Book",
    ]);
  });

  it("prints a text summary counting the changed Python files", async () => {
    writeTree(repo, { "shop/signals.py": RECEIVER_IMPORTS + STATS + AUDIT, "README.md": "x\n" });
    const head = commitAll(repo, "head");
    const run = await runCli(["diff", "--base", base, "--head", head], repo);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^shop\/signals\.py:10:1: warning: \[model-signal-receiver\] /);
    expect(run.stdout.trimEnd().split("\n").at(-1)).toBe("Found 1 finding (1 warning) in 1 file.");
    const clean = await runCli(["diff", "--base", head, "--head", head], repo);
    expect(clean).toEqual({ code: 0, stdout: "No findings in 0 files checked.\n", stderr: "" });
  });

  it("fails with one line and exit 2 on an unknown revision", async () => {
    const run = await runCli(["diff", "--base", "no-such-branch"], repo);
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: "django-signals: error: unknown revision: no-such-branch\n",
    });
    const badHead = await runCli(["diff", "--base", base, "--head", "--output=x"], repo);
    expect(badHead.code).toBe(2);
    expect(badHead.stderr).toBe("django-signals: error: unknown revision: --output=x\n");
  });

  it("fails with one line and exit 2 outside a git repository", async () => {
    const outside = makeTempDir("not-a-repo");
    try {
      const run = await runCli(["diff", "--base", "HEAD"], outside);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^django-signals: error: not a git repository[^\n]*\n$/);
    } finally {
      removeDir(outside);
    }
  });
});
