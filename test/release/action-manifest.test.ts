// action.yml is what a workflow runs: its inputs must reach the entry under the names the entry
// reads, its outputs must be the ones the entry writes, and its steps must name files that exist.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readSettings } from "../../src/action/settings.js";

interface Step {
  id?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
}

interface ActionManifest {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const root = fileURLToPath(new URL("../..", import.meta.url));
const manifest = parse(readFileSync(path.join(root, "action.yml"), "utf8")) as ActionManifest;
const reviewStep = manifest.runs.steps.find((step) => step.id === "review");

function pullRequestEventFile(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "action-manifest-")), "event.json");
  const sha = "a".repeat(40);
  const payload = {
    pull_request: { number: 3, base: { sha }, head: { sha: "b".repeat(40) } },
    repository: { name: "shop", owner: { login: "acme" } },
  };
  writeFileSync(file, JSON.stringify(payload));
  return file;
}

describe("action.yml", () => {
  it("has the documented inputs and outputs", () => {
    expect(Object.keys(manifest.inputs)).toEqual(["config", "fail-on", "format", "github-token"]);
    expect(manifest.inputs["github-token"]?.default).toBe("${{ github.token }}");
    expect(manifest.outputs).toEqual({
      findings: expect.objectContaining({ value: "${{ steps.review.outputs.findings }}" }),
      sarif: expect.objectContaining({ value: "${{ steps.review.outputs.sarif }}" }),
    });
  });

  it("passes every input to the entry under the name it reads", () => {
    const env: Record<string, string> = {
      GITHUB_EVENT_NAME: "pull_request",
      GITHUB_EVENT_PATH: pullRequestEventFile(),
    };
    const values: Record<string, string> = {
      config: "ci/django-signals.yml",
      "fail-on": "warning",
      format: "json",
      "github-token": "ghs_example",
    };
    for (const [name, variable] of Object.entries(reviewStep?.env ?? {})) {
      const input = /^\$\{\{ inputs\.([\w-]+) \}\}$/.exec(variable)?.[1] ?? "";
      env[name] = values[input] ?? "";
    }
    expect(readSettings(env, root)).toMatchObject({
      configFile: "ci/django-signals.yml",
      failOn: "warning",
      format: "json",
      token: "ghs_example",
      event: { pull: { owner: "acme", repo: "shop", pullNumber: 3 } },
    });
  });

  it("runs the built entry, and keys its cache on files that exist", () => {
    expect(manifest.runs.using).toBe("composite");
    expect(reviewStep?.run).toBe('node "$GITHUB_ACTION_PATH/dist/action.js"');
    expect(existsSync(path.join(root, "dist/action.js"))).toBe(true);
    const keyStep = manifest.runs.steps.find((step) => step.id === "key");
    const hashed = /find (.*?) -type f/.exec(keyStep?.run ?? "")?.[1]?.split(" ") ?? [];
    expect(hashed).toContain("package-lock.json");
    for (const file of hashed) expect(existsSync(path.join(root, file)), file).toBe(true);
  });
});
