// `npm run test:action-install`: does action.yml work on a fresh runner? It unpacks the committed
// tree (what `uses: owner/django-signals-bot@ref` downloads) into an empty directory, runs the
// action's own steps from action.yml with bash as a runner would (cache key, install and build,
// then the review step) on a real git repository whose pull request adds a receiver, and checks
// the outputs. Needs the npm registry (for `npm ci`); not part of `npm test`.
import { execFileSync, spawnSync } from "node:child_process";
import console from "node:console";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import process from "node:process";
import { parse } from "yaml";

const root = path.resolve(import.meta.dirname, "..");
const work = mkdtempSync(path.join(tmpdir(), "action-install-"));
const actionPath = path.join(work, "action");
const workspace = path.join(work, "workspace");
const outputFile = path.join(work, "github-output");

function fail(message) {
  console.error(`action-install-check: ${message}`);
  process.exit(1);
}

function runStep(step, env, cwd) {
  const started = Date.now();
  const result = spawnSync("bash", ["-e", "-c", step.run], {
    cwd,
    env: { ...process.env, RUNNER_OS: "Linux", RUNNER_ARCH: "X64", ...env },
    encoding: "utf8",
  });
  return { ...result, seconds: (Date.now() - started) / 1000 };
}

function keyOutput() {
  const match = /^key=(.+)$/m.exec(readFileSync(outputFile, "utf8"));
  return match?.[1];
}

function git(args, cwd) {
  return execFileSync("git", args, { cwd, encoding: "utf8" }).trim();
}

/** A Django project with a base commit, and a head commit that adds a receiver. */
function pullRequestCheckout() {
  mkdirSync(path.join(workspace, "shop"), { recursive: true });
  const identity = ["-c", "user.name=Check", "-c", "user.email=check@example.com"];
  git(["init", "--quiet"], workspace);
  writeFileSync(
    path.join(workspace, "shop/models.py"),
    "from django.db import models\n\n\nclass Book(models.Model):\n    pass\n",
  );
  git(["add", "-A"], workspace);
  git([...identity, "commit", "--quiet", "-m", "base"], workspace);
  const base = git(["rev-parse", "HEAD"], workspace);
  writeFileSync(
    path.join(workspace, "shop/signals.py"),
    "from django.db.models.signals import post_save\nfrom django.dispatch import receiver\n\nfrom .models import Book\n\n\n@receiver(post_save, sender=Book)\ndef touch(sender, instance, **kwargs):\n    pass\n",
  );
  git(["add", "-A"], workspace);
  git([...identity, "commit", "--quiet", "-m", "head"], workspace);
  const head = git(["rev-parse", "HEAD"], workspace);
  const event = path.join(work, "event.json");
  writeFileSync(
    event,
    JSON.stringify({
      pull_request: { number: 1, base: { sha: base }, head: { sha: head } },
      repository: { name: "shop", owner: { login: "acme" } },
    }),
  );
  return event;
}

const manifest = parse(readFileSync(path.join(root, "action.yml"), "utf8"));
const steps = manifest.runs.steps;
const keyStep = steps.find((step) => step.id === "key");
const installStep = steps.find((step) => String(step.if ?? "").includes("cache-hit"));
const reviewStep = steps.find((step) => step.id === "review");
if (!keyStep || !installStep || !reviewStep)
  fail("action.yml lacks the key, install or review step");

mkdirSync(actionPath);
execFileSync("bash", [
  "-c",
  `git -C "${root}" archive --format=tar HEAD | tar -x -C "${actionPath}"`,
]);

const keyRun = runStep(keyStep, { GITHUB_OUTPUT: outputFile }, actionPath);
if (keyRun.status !== 0) fail(`the cache key step failed:\n${keyRun.stderr}`);
const key = keyOutput();
console.log(`cache key: ${key}`);

const install = runStep(installStep, {}, actionPath);
if (install.status !== 0) fail(`the install step failed:\n${install.stderr}`);
console.log(`install and build: ${install.seconds.toFixed(1)} s`);
for (const devOnly of ["typescript", "vitest", "eslint"]) {
  if (existsSync(path.join(actionPath, "node_modules", devOnly)))
    fail(`${devOnly} was left installed`);
}
if (!existsSync(path.join(actionPath, "dist/action.js"))) fail("dist/action.js was not built");

writeFileSync(outputFile, "");
const again = runStep(keyStep, { GITHUB_OUTPUT: outputFile }, actionPath);
if (again.status !== 0 || keyOutput() !== key)
  fail("the cache key changed after installing: the cache would never hit");

const eventPath = pullRequestCheckout();
writeFileSync(outputFile, "");
const env = {
  GITHUB_ACTION_PATH: actionPath,
  GITHUB_EVENT_NAME: "pull_request",
  GITHUB_EVENT_PATH: eventPath,
  GITHUB_WORKSPACE: workspace,
  GITHUB_OUTPUT: outputFile,
  GITHUB_STEP_SUMMARY: path.join(work, "summary.md"),
  RUNNER_TEMP: work,
  ...Object.fromEntries(Object.keys(reviewStep.env).map((name) => [name, ""])),
  INPUT_FORMAT: "text",
};
const review = runStep(reviewStep, env, workspace);
console.log(`review step: exit ${review.status} in ${review.seconds.toFixed(1)} s`);
const outputs = readFileSync(outputFile, "utf8");
if (review.status !== 0) fail(`the review step failed:\n${review.stdout}${review.stderr}`);
if (!/^findings<<(\S+)\n1\n\1$/m.test(outputs))
  fail(`expected one finding in the outputs:\n${outputs}`);
if (!/^::warning file=shop\/signals\.py,line=7,/m.test(review.stdout))
  fail(`no annotation:\n${review.stdout}`);
console.log(
  "the installed action reviewed a pull request: 1 finding, annotated on shop/signals.py:7",
);
