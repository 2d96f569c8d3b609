// `django-signals diff --staged`, the pre-commit hook's command, on real temporary git repositories:
// what the next commit records against HEAD, read from the index, never from the working tree.
import { chmodSync, rmSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CLI,
  RECEIVER_IMPORTS,
  bookReceiver,
  commitAll,
  git,
  makeTempDir,
  removeDir,
  runCli,
  writeTree,
} from "./helpers.js";

const STATS = bookReceiver("update_stats");
const AUDIT = bookReceiver("audit_book");
const PLAIN = "\n\ndef helper():\n    return 1\n";

let repo: string;
beforeEach(() => {
  repo = makeTempDir("staged");
  git(repo, "init", "--quiet");
});
afterEach(() => removeDir(repo));

async function staged(args: string[] = []): Promise<{ code: number; found: string[] }> {
  const run = await runCli(["diff", "--staged", "--format", "json", ...args], repo);
  expect(run.stderr).toBe("");
  const { findings } = JSON.parse(run.stdout) as {
    findings: { file: string; line: number; receiver: string }[];
  };
  return { code: run.code, found: findings.map((f) => `${f.file}:${f.line} ${f.receiver}`) };
}

describe("django-signals diff --staged", () => {
  beforeEach(() => {
    writeTree(repo, { "shop/signals.py": RECEIVER_IMPORTS + STATS });
    commitAll(repo, "base");
  });

  it("lets a commit through that touches a file with an old receiver and adds none", async () => {
    writeTree(repo, { "shop/signals.py": RECEIVER_IMPORTS + STATS + PLAIN });
    git(repo, "add", "shop/signals.py");
    expect(await staged()).toEqual({ code: 0, found: [] });
  });

  it("reports a staged new receiver, and not one that is only in the working tree", async () => {
    writeTree(repo, { "shop/signals.py": RECEIVER_IMPORTS + STATS + AUDIT });
    git(repo, "add", "shop/signals.py");
    writeTree(repo, {
      "shop/signals.py": RECEIVER_IMPORTS + STATS + AUDIT + bookReceiver("unstaged"),
      "shop/untracked.py": RECEIVER_IMPORTS + bookReceiver("untracked"),
    });
    expect(await staged()).toEqual({ code: 1, found: ["shop/signals.py:10 audit_book"] });
  });

  it("reads the staged blob even when the working tree no longer has it", async () => {
    writeTree(repo, { "blog/receivers.py": RECEIVER_IMPORTS + AUDIT });
    git(repo, "add", "blog/receivers.py");
    rmSync(path.join(repo, "blog/receivers.py"));
    expect(await staged()).toEqual({ code: 1, found: ["blog/receivers.py:6 audit_book"] });
  });

  it("does not report a receiver whose file was renamed with git mv", async () => {
    git(repo, "mv", "shop/signals.py", "shop/receivers.py");
    expect(await staged()).toEqual({ code: 0, found: [] });
  });

  it("compares with --base instead of HEAD when given one", async () => {
    const base = git(repo, "rev-parse", "HEAD").trim();
    writeTree(repo, { "shop/signals.py": RECEIVER_IMPORTS + STATS + AUDIT });
    commitAll(repo, "audit");
    expect(await staged()).toEqual({ code: 0, found: [] });
    expect(await staged(["--base", base])).toEqual({
      code: 1,
      found: ["shop/signals.py:10 audit_book"],
    });
  });

  it("checks what `git commit -a` records, through the index git gives its hooks", () => {
    writeTree(repo, {
      ".git/hooks/pre-commit": `#!/bin/sh\nexec "${process.execPath}" "${CLI}" diff --staged\n`,
    });
    chmodSync(path.join(repo, ".git/hooks/pre-commit"), 0o755);
    writeTree(repo, { "shop/signals.py": RECEIVER_IMPORTS + STATS + PLAIN });
    git(repo, "commit", "--quiet", "-a", "-m", "a helper");
    writeTree(repo, { "shop/signals.py": RECEIVER_IMPORTS + STATS + PLAIN + AUDIT });
    // Nothing is staged before `git commit -a`: only git's own index for the hook has the receiver.
    expect(() => git(repo, "commit", "--quiet", "-a", "-m", "a receiver")).toThrow(
      /shop\/signals\.py:14:1: warning: \[model-signal-receiver\] `audit_book`/,
    );
    expect(git(repo, "log", "--format=%s")).toBe("a helper\nbase\n");
  });

  it("refuses --head with --staged: the changed side is the index", async () => {
    const run = await runCli(["diff", "--staged", "--head", "HEAD"], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^django-signals: error: option '--staged' cannot be used with/);
  });
});

describe("django-signals diff --staged before the first commit", () => {
  it("reports every staged receiver as new", async () => {
    writeTree(repo, { "shop/signals.py": RECEIVER_IMPORTS + STATS });
    git(repo, "add", "shop/signals.py");
    expect(await staged()).toEqual({ code: 1, found: ["shop/signals.py:6 update_stats"] });
  });
});
