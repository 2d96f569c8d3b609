#!/usr/bin/env node
// The `django-signals` executable.
import { readFileSync } from "node:fs";
import { runCli } from "./cli/program.js";

// dist/cli.js sits one level below the package root.
const manifest = readFileSync(new URL("../package.json", import.meta.url), "utf8");

// `django-signals scan | head`: a reader that stops early is not an error worth a stack trace;
// the rest of the output is dropped and the exit status still tells whether there were findings.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
});

process.exitCode = await runCli(process.argv.slice(2), {
  toolVersion: (JSON.parse(manifest) as { version: string }).version,
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
});
