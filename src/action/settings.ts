// What the runner gives the Action: its inputs (action.yml passes them as INPUT_* variables), the
// pull request of the `pull_request` event that started the workflow, and where things are.
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { z } from "zod";
import type { Level } from "../analysis/index.js";
import { UsageError, unreadable } from "../cli/errors.js";
import { FORMATS } from "../cli/render.js";
import type { Format } from "../cli/render.js";
import { FAIL_ON_LEVELS } from "../cli/exit-status.js";
import type { PullRef } from "../github/client.js";

export interface PullRequestEvent {
  pull: PullRef;
  baseSha: string;
  headSha: string;
}

export interface ActionSettings {
  workspace: string;
  /** `config`: a config file relative to the workspace; undefined: the repository's own. */
  configFile?: string;
  /** `fail-on`; undefined: the job fails when the app's check run would. */
  failOn?: Level;
  format: Format;
  /** `github-token`; undefined when empty: nothing can be posted. */
  token?: string;
  apiUrl: string;
  sarifFile: string;
  event: PullRequestEvent;
}

const pullRequestPayload = z.object({
  pull_request: z.object({
    number: z.number().int().positive(),
    base: z.object({ sha: z.string().regex(/^[0-9a-f]{40,64}$/) }),
    head: z.object({ sha: z.string().regex(/^[0-9a-f]{40,64}$/) }),
  }),
  repository: z.object({ name: z.string().min(1), owner: z.object({ login: z.string().min(1) }) }),
});

function readEvent(env: NodeJS.ProcessEnv): PullRequestEvent {
  const name = env.GITHUB_EVENT_NAME;
  if (name !== "pull_request") {
    throw new UsageError(
      `the Action reviews pull requests: run it on \`pull_request\` events (this run is \`${name ?? "unknown"}\`)`,
    );
  }
  const file = env.GITHUB_EVENT_PATH;
  if (!file) throw new UsageError("GITHUB_EVENT_PATH is not set: is this a GitHub Actions run?");
  let payload: unknown;
  try {
    payload = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw error instanceof SyntaxError
      ? new UsageError(`the event payload ${file} is not JSON`)
      : unreadable(file, error);
  }
  const parsed = pullRequestPayload.safeParse(payload);
  if (!parsed.success) {
    throw new UsageError(`the event payload lacks ${z.prettifyError(parsed.error)}`);
  }
  const { pull_request: pull, repository } = parsed.data;
  return {
    pull: { owner: repository.owner.login, repo: repository.name, pullNumber: pull.number },
    baseSha: pull.base.sha,
    headSha: pull.head.sha,
  };
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`input ${name} must be one of ${allowed.join(", ")} (got "${value}")`);
}

function input(env: NodeJS.ProcessEnv, name: string): string {
  return (env[`INPUT_${name}`] ?? "").trim();
}

export function readSettings(env: NodeJS.ProcessEnv, cwd: string): ActionSettings {
  const workspace = path.resolve(cwd, env.GITHUB_WORKSPACE ?? ".");
  const configFile = input(env, "CONFIG");
  const failOn = input(env, "FAIL_ON");
  const token = input(env, "GITHUB_TOKEN");
  return {
    workspace,
    ...(configFile === "" ? {} : { configFile }),
    ...(failOn === "" ? {} : { failOn: oneOf("fail-on", failOn, FAIL_ON_LEVELS) }),
    format: oneOf("format", input(env, "FORMAT") || "text", FORMATS),
    ...(token === "" ? {} : { token }),
    apiUrl: env.GITHUB_API_URL || "https://api.github.com",
    sarifFile: path.join(env.RUNNER_TEMP || tmpdir(), "django-signals.sarif"),
    event: readEvent(env),
  };
}
