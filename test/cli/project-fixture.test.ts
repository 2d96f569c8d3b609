// The built CLI on a multi-app Django project (test/fixtures/projects/bookstore): the exact
// findings, advice with the project's real call sites, and the evidence of the bypass.
import { cpSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import { makeTempDir, removeDir, runCli } from "./helpers.js";

const FIXTURE = fileURLToPath(new URL("../fixtures/projects/bookstore", import.meta.url));

let project: string;

// A copy outside this repository: the CLI indexes the git root, which here would be ours.
beforeAll(() => {
  project = makeTempDir("bookstore");
  cpSync(FIXTURE, project, { recursive: true });
});
afterAll(() => removeDir(project));

test("text", async () => {
  const run = await runCli(["scan"], project);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(1);
  await expect(run.stdout).toMatchFileSnapshot("__snapshots__/bookstore.txt");
});

test("JSON", async () => {
  const run = await runCli(["scan", "--format", "json"], project);
  expect(run.stderr).toBe("");
  await expect(run.stdout).toMatchFileSnapshot("__snapshots__/bookstore.json");
});
