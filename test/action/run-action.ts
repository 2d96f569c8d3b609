// Runs the built Action (`node dist/action.js`) as a runner runs it: the environment GitHub sets
// for a `pull_request` run, a real git checkout of the fake's commits as the workspace, the
// fake GitHub on loopback as GITHUB_API_URL.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gitCheckout } from "../support/git-checkout.js";
import { pullRequestEvent } from "../support/index.js";
import type { FakeGitHub, PullRequest } from "../support/index.js";

const ACTION_ENTRY = path.resolve("dist/action.js");

export interface RunnerFiles {
  workspace: string;
  eventPath: string;
  temp: string;
  summaryPath: string;
  outputPath: string;
}

export interface ActionRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The step's outputs as the runner reads them from GITHUB_OUTPUT. */
  outputs: Record<string, string>;
  summary: string;
}

/** The runner's files for one PR: its checkout at the head, and the event payload. */
export function prepareRunner(fake: FakeGitHub, pr: PullRequest): RunnerFiles {
  const root = mkdtempSync(path.join(tmpdir(), "django-signals-action-"));
  const files = {
    workspace: path.join(root, "workspace"),
    eventPath: path.join(root, "event.json"),
    temp: path.join(root, "runner-temp"),
    summaryPath: path.join(root, "step-summary.md"),
    outputPath: path.join(root, "output.txt"),
  };
  mkdirSync(files.workspace);
  mkdirSync(files.temp);
  const repos = [...new Set([pr.repo, pr.headRepo])];
  gitCheckout(
    files.workspace,
    repos.flatMap((repo) => [...repo.commits.values()]),
    pr.headSha,
  );
  writeFileSync(files.eventPath, JSON.stringify(pullRequestEvent(fake, pr, "opened").payload));
  return files;
}

/** GITHUB_OUTPUT's `name<<delimiter` blocks. */
function readOutputs(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const outputs: Record<string, string> = {};
  const blocks = readFileSync(file, "utf8").matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2\n/gm);
  for (const [, name = "", , value = ""] of blocks) outputs[name] = value;
  return outputs;
}

/** What GitHub sets for a `pull_request` run, the inputs as action.yml passes them, and `extra`. */
export function runnerEnv(
  fake: FakeGitHub,
  pr: PullRequest,
  files: RunnerFiles,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: "pull_request",
    GITHUB_EVENT_PATH: files.eventPath,
    GITHUB_REPOSITORY: pr.repo.fullName,
    GITHUB_API_URL: fake.apiUrl,
    GITHUB_WORKSPACE: files.workspace,
    GITHUB_STEP_SUMMARY: files.summaryPath,
    GITHUB_OUTPUT: files.outputPath,
    RUNNER_TEMP: files.temp,
    INPUT_CONFIG: "",
    INPUT_FAIL_ON: "",
    INPUT_FORMAT: "text",
    ...extra,
  };
}

/** Runs the entry in the workspace, as a composite step's `run:` does. */
export function runAction(files: RunnerFiles, env: Record<string, string>): Promise<ActionRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [ACTION_ENTRY],
      { cwd: files.workspace, env, encoding: "utf8" },
      (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({
          exitCode,
          stdout,
          stderr,
          outputs: readOutputs(files.outputPath),
          summary: existsSync(files.summaryPath) ? readFileSync(files.summaryPath, "utf8") : "",
        });
      },
    );
  });
}
