#!/usr/bin/env node
// The GitHub Action's entry: action.yml runs it in a `pull_request` workflow, inputs as INPUT_*.
import { readFileSync } from "node:fs";
import { setTimeout } from "node:timers/promises";
import { runAction } from "./action/run.js";

// dist/action.js sits one level below the package root.
const manifest = readFileSync(new URL("../package.json", import.meta.url), "utf8");

process.exitCode = await runAction({
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  toolVersion: (JSON.parse(manifest) as { version: string }).version,
  sleep: (milliseconds) => setTimeout(milliseconds),
});
