// Runs the BUILT executable (`npm run build` first; `npm test` does it in pretest) on temporary trees.
import { execFile, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment of a plain, non-interactive shell: no colour forced either way. */
function plainEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(
    ([name]) => name !== "FORCE_COLOR" && name !== "NO_COLOR",
  );
  return { ...Object.fromEntries(inherited), ...extra };
}

export function runCli(
  args: readonly string[],
  cwd: string,
  extraEnv: Record<string, string> = {},
): Promise<CliRun> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env: plainEnv(extraEnv), maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Runs the CLI and closes its stdout after the first chunk, as `| head -c 1` would. */
export function runCliClosingStdoutEarly(args: readonly string[], cwd: string): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: plainEnv({}) });
    let stdout = "";
    let stderr = "";
    child.stdout.once("data", (chunk: Buffer) => {
      stdout = chunk.toString("utf8");
      child.stdout.destroy();
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export function makeTempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `django-signals-${prefix}-`));
}

export function removeDir(directory: string): void {
  rmSync(directory, { recursive: true, force: true });
}

/** Writes files given as relative path -> contents, creating directories. */
export function writeTree(root: string, files: Record<string, string | Uint8Array>): void {
  for (const [relative, contents] of Object.entries(files)) {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, contents);
  }
}

export function git(cwd: string, ...args: string[]): string {
  const settings = [
    "-c",
    "user.name=Test",
    "-c",
    "user.email=test@example.com",
    "-c",
    "commit.gpgsign=false",
    "-c",
    "init.defaultBranch=main",
  ];
  return execFileSync("git", [...settings, ...args], { cwd, encoding: "utf8" });
}

export function commitAll(cwd: string, message: string): string {
  git(cwd, "add", "--all");
  git(cwd, "commit", "--quiet", "--allow-empty", "-m", message);
  return git(cwd, "rev-parse", "HEAD").trim();
}

export const RECEIVER_IMPORTS = `from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from .models import Author, Book
`;

/** A `@receiver(post_save, sender=Book)` function named `name`; the decorator is its 2nd line. */
export function bookReceiver(name: string): string {
  return `\n@receiver(post_save, sender=Book)\ndef ${name}(sender, instance, **kwargs):\n    pass\n`;
}
