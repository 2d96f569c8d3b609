// What every --format says beyond the findings themselves: order, files with syntax errors, paths.
import path from "node:path";
import type { Log } from "sarif";
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

// signal-recursion points at the save() inside the body, below its registration's finding.
const RECURSING = `${RECEIVER_IMPORTS}
def touch(sender, instance, **kwargs):
    instance.save()

post_save.connect(touch, sender=Book)
`;
const BROKEN = `${RECEIVER_IMPORTS}${bookReceiver("update_stats")}\ndef broken(:\n    pass\n`;

let root: string;
beforeEach(() => {
  root = makeTempDir("formats");
});
afterEach(() => removeDir(root));

function locationLines(stdout: string): string[] {
  return stdout.split("\n").filter((line) => /^\S+:\d+:\d+: /.test(line));
}

describe("text output", () => {
  it("lists findings by file, then line, whatever order the rules found them in", async () => {
    writeTree(root, { "b.py": RECURSING, "a/z.py": RECURSING, "a.py": RECURSING });
    const run = await runCli(["scan"], root);
    const places = locationLines(run.stdout).map((line) => line.split(": ")[0]);
    expect(places).toEqual([
      "a.py:7:5",
      "a.py:9:1",
      "a/z.py:7:5",
      "a/z.py:9:1",
      "b.py:7:5",
      "b.py:9:1",
    ]);
  });
});

describe("files with syntax errors", () => {
  beforeEach(() => writeTree(root, { "shop/broken.py": BROKEN, "shop/ok.py": "x = 1\n" }));

  it("are named in the text summary, and what could be read is still reported", async () => {
    const run = await runCli(["scan"], root);
    expect(run.code).toBe(1);
    expect(locationLines(run.stdout)).toEqual([expect.stringMatching(/^shop\/broken\.py:6:1: /)]);
    expect(run.stdout).toMatch(/\n1 file with syntax errors [^\n]*:\n {2}shop\/broken\.py\n$/);
  });

  it("are named in the JSON summary, beside the files checked", async () => {
    const run = await runCli(["scan", "--format", "json"], root);
    const document = JSON.parse(run.stdout) as { findings: unknown[]; summary: unknown };
    expect(document.findings).toHaveLength(1);
    expect(document.summary).toEqual({
      filesChecked: 2,
      filesWithSyntaxErrors: ["shop/broken.py"],
    });
  });

  it("are SARIF tool notifications, named from the repository's root", async () => {
    git(root, "init", "--quiet");
    const run = await runCli(["scan", ".", "--format", "sarif"], path.join(root, "shop"));
    const log = JSON.parse(run.stdout) as Log;
    const notifications = log.runs[0]?.invocations?.[0]?.toolExecutionNotifications ?? [];
    expect(notifications.map((n) => n.locations?.[0]?.physicalLocation?.artifactLocation)).toEqual([
      { uri: "shop/broken.py", uriBaseId: "%SRCROOT%" },
    ]);
    expect(log.runs[0]?.results).toHaveLength(1);
  });

  it("are warnings on the file in --format github", async () => {
    const run = await runCli(["scan", "--format", "github"], root);
    expect(run.stdout.split("\n")).toEqual([
      expect.stringMatching(
        /^::warning file=shop\/broken\.py,line=6,col=1,title=model-signal-receiver%3A .*::/,
      ),
      expect.stringMatching(
        /^::warning file=shop\/broken\.py,title=django-signals%3A syntax errors::shop\/broken\.py has syntax errors/,
      ),
      "",
    ]);
  });
});

describe("--format github", () => {
  it("names files from the repository's root and exits like the other formats", async () => {
    git(root, "init", "--quiet");
    writeTree(root, { "proj/app/signals.py": RECURSING });
    const run = await runCli(["scan", "--format", "github"], path.join(root, "proj", "app"));
    expect(run.code).toBe(1);
    expect(
      run.stdout
        .trimEnd()
        .split("\n")
        .map((line) => /^::(\w+) file=([^,]+),line=(\d+)/.exec(line)?.slice(1)),
    ).toEqual([
      ["warning", "proj/app/signals.py", "7"],
      ["warning", "proj/app/signals.py", "9"],
    ]);
  });
});
