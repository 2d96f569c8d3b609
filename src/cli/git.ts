// Every git call of the CLI: execFile (no shell), output as bytes, failures as one-line errors.
import { execFile, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ChangeStatus } from "../diff/index.js";
import { decodeSource } from "./decode.js";
import { UsageError } from "./errors.js";

// Blobs of several megabytes are legitimate; execFile's 1 MB default is not enough.
const MAX_OUTPUT_BYTES = 512 * 1024 * 1024;

export interface GitChange {
  status: ChangeStatus;
  /** Repository-relative, forward slashes. */
  path: string;
  previousPath?: string;
}

function git(args: readonly string[], cwd: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      args,
      { cwd, encoding: "buffer", maxBuffer: MAX_OUTPUT_BYTES },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const firstLine = stderr.toString("utf8").trim().split("\n")[0];
        reject(new UsageError(firstLine || error.message));
      },
    );
  });
}

export async function repositoryRoot(cwd: string): Promise<string> {
  try {
    return (await git(["rev-parse", "--show-toplevel"], cwd)).toString("utf8").trim();
  } catch {
    throw new UsageError("not a git repository (run `django-signals diff` inside one)");
  }
}

/** The commit a revision names, or a UsageError naming the revision. */
export async function resolveCommit(root: string, revision: string): Promise<string> {
  try {
    const out = await git(
      ["rev-parse", "--verify", "--quiet", "--end-of-options", `${revision}^{commit}`],
      root,
    );
    return out.toString("utf8").trim();
  } catch {
    throw new UsageError(`unknown revision: ${revision}`);
  }
}

const STATUS_BY_LETTER: Record<string, ChangeStatus> = {
  A: "added",
  C: "added",
  M: "modified",
  T: "modified",
  D: "removed",
  R: "renamed",
};

/** Parses `git diff --name-status -z`: `X\0path\0`, or `R100\0old\0new\0` for renames and copies. */
export function parseNameStatus(output: string): GitChange[] {
  const fields = output.split("\0");
  const changes: GitChange[] = [];
  let i = 0;
  while (i < fields.length) {
    const code = fields[i++];
    if (!code) continue;
    const letter = code.charAt(0);
    const status = STATUS_BY_LETTER[letter];
    const twoPaths = letter === "R" || letter === "C";
    const first = fields[i++] ?? "";
    const second = twoPaths ? (fields[i++] ?? "") : undefined;
    if (!status) continue;
    if (second === undefined) changes.push({ status, path: first });
    // A copy's source is unchanged, so its receivers count as new in the copy.
    else if (status === "added") changes.push({ status, path: second });
    else changes.push({ status, path: second, previousPath: first });
  }
  return changes;
}

/** Changes from `base` to `head`, or to the working tree (tracked and untracked files) without `head`. */
export async function listChanges(root: string, base: string, head?: string): Promise<GitChange[]> {
  const range = head === undefined ? [base] : [base, head];
  const diff = await git(
    ["diff", "--name-status", "-M", "-z", "--no-ext-diff", ...range, "--"],
    root,
  );
  const changes = parseNameStatus(diff.toString("utf8"));
  if (head !== undefined) return changes;
  const untracked = await git(["ls-files", "--others", "--exclude-standard", "-z"], root);
  for (const file of untracked.toString("utf8").split("\0")) {
    if (file) changes.push({ status: "added", path: file });
  }
  return changes;
}

/** A file's text at a commit, or in the working tree when `revision` is undefined. */
export async function readVersion(root: string, file: string, revision?: string): Promise<string> {
  if (revision === undefined) return decodeSource(await readFile(path.join(root, file)));
  return decodeSource(await git(["cat-file", "blob", `${revision}:${file}`], root));
}

/** Every file path of a commit's tree, repository-relative. */
export async function listTree(root: string, revision: string): Promise<string[]> {
  const out = await git(["ls-tree", "-r", "-z", "--name-only", revision, "--"], root);
  return out
    .toString("utf8")
    .split("\0")
    .filter((file) => file !== "");
}

/** The blobs of `files` at `revision`, read by one `git cat-file --batch`; missing ones are absent. */
export function readBlobs(
  root: string,
  revision: string,
  files: readonly string[],
): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["cat-file", "--batch"], { cwd: root });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new UsageError(`git cat-file failed (exit ${code})`));
      resolve(parseBatch(Buffer.concat(chunks), files));
    });
    // Paths with a line break cannot be asked for in batch mode.
    const asked = files.map((file) => (file.includes("\n") ? "" : `${revision}:${file}`));
    child.stdin.end(asked.join("\n") + "\n");
  });
}

/** `<sha> blob <size>\n<bytes>\n` per object found, `<name> missing\n` per object not. */
function parseBatch(output: Buffer, files: readonly string[]): Map<string, Buffer> {
  const blobs = new Map<string, Buffer>();
  let at = 0;
  for (const file of files) {
    const newline = output.indexOf(10, at);
    if (newline === -1) break;
    const header = output.subarray(at, newline).toString("utf8").split(" ");
    at = newline + 1;
    if (header[1] !== "blob") continue;
    const size = Number(header[2]);
    blobs.set(file, output.subarray(at, at + size));
    at += size + 1;
  }
  return blobs;
}
