// --fail-on, --exit-zero, --select and --ignore on the built CLI.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  RECEIVER_IMPORTS,
  bookReceiver,
  makeTempDir,
  removeDir,
  runCli,
  writeTree,
} from "./helpers.js";

// Without a sender: model-signal-receiver and receiver-without-sender, both warnings by default.
const WITHOUT_SENDER = `${RECEIVER_IMPORTS}
@receiver(post_save)
def log_save(sender, instance, **kwargs):
    pass
`;

let root: string;
beforeEach(() => {
  root = makeTempDir("exit");
});
afterEach(() => removeDir(root));

async function reportedRules(args: string[]): Promise<{ code: number; rules: string[] }> {
  const run = await runCli(["scan", "--format", "json", ...args], root);
  expect(run.stderr).toBe("");
  const { findings } = JSON.parse(run.stdout) as { findings: { ruleId: string }[] };
  return { code: run.code, rules: findings.map((finding) => finding.ruleId).sort() };
}

describe("--fail-on and --exit-zero", () => {
  it("exit 1 only for findings at or above --fail-on, and report them either way", async () => {
    writeTree(root, { "signals.py": RECEIVER_IMPORTS + bookReceiver("update_stats") });
    const codes: Record<string, number> = {};
    for (const level of ["notice", "warning", "failure", "off"]) {
      const run = await runCli(["scan", "--fail-on", level], root);
      expect(run.stdout).toContain("signals.py:6:1: warning: [model-signal-receiver]");
      codes[level] = run.code;
    }
    expect(codes).toEqual({ notice: 1, warning: 1, failure: 0, off: 0 });
  });

  it("counts the configured level, not the rule's default", async () => {
    writeTree(root, {
      ".github/django-signals.yml": "rules:\n  model-signal-receiver: failure\n",
      "signals.py": RECEIVER_IMPORTS + bookReceiver("update_stats"),
    });
    expect((await runCli(["scan", "--fail-on", "failure"], root)).code).toBe(1);
  });

  it("--exit-zero exits 0 with findings and still reports them", async () => {
    writeTree(root, { "signals.py": RECEIVER_IMPORTS + bookReceiver("update_stats") });
    const run = await runCli(["scan", "--exit-zero"], root);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Found 1 finding (1 warning) in 1 file.");
  });

  it("rejects an unknown level with exit 2", async () => {
    const run = await runCli(["scan", "--fail-on", "error"], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--fail-on <level>' argument 'error' is invalid/);
  });
});

describe("--select and --ignore", () => {
  beforeEach(() => writeTree(root, { "signals.py": WITHOUT_SENDER }));

  it("report only the selected rules, minus the ignored ones", async () => {
    expect(await reportedRules([])).toEqual({
      code: 1,
      rules: ["model-signal-receiver", "receiver-without-sender"],
    });
    expect(await reportedRules(["--select", "receiver-without-sender"])).toEqual({
      code: 1,
      rules: ["receiver-without-sender"],
    });
    expect(await reportedRules(["--ignore", "receiver-without-sender"])).toEqual({
      code: 1,
      rules: ["model-signal-receiver"],
    });
    const both = ["--select", "model-signal-receiver, receiver-without-sender"];
    expect(await reportedRules([...both, "--ignore", "model-signal-receiver"])).toEqual({
      code: 1,
      rules: ["receiver-without-sender"],
    });
    const repeated = ["--ignore", "model-signal-receiver", "--ignore", "receiver-without-sender"];
    expect(await reportedRules(repeated)).toEqual({ code: 0, rules: [] });
  });

  it("never turn on a rule the configuration turns off", async () => {
    writeTree(root, { ".github/django-signals.yml": "rules:\n  receiver-without-sender: off\n" });
    expect(await reportedRules(["--select", "receiver-without-sender"])).toEqual({
      code: 0,
      rules: [],
    });
  });

  it("reject an unknown rule id with exit 2, naming the valid ones", async () => {
    const run = await runCli(["scan", "--select", "model-signal-receiver,no-such-rule"], root);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("unknown rule no-such-rule (rules: model-signal-receiver, ");
    expect(run.stderr).toContain("receiver-raises)");
    expect((await runCli(["diff", "--staged", "--ignore", "typo"], root)).code).toBe(2);
  });
});
