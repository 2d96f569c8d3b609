// A real git checkout of commits the fake GitHub holds, with the very same SHAs (the fake hashes
// commits as git does): what actions/checkout leaves in the workspace of a pull_request run.
import { execFileSync } from "node:child_process";
import type { Commit } from "./fake-github/state.js";

const AUTHOR = "Fake Author <fake@example.com>";

function data(text: string): string {
  return `data ${Buffer.byteLength(text)}\n${text}\n`;
}

function commitCommand(commit: Commit, index: number, marks: Map<string, number>): string {
  const parents = commit.parents.map((sha) => {
    const mark = marks.get(sha);
    if (mark === undefined)
      throw new Error(`parent ${sha} of ${commit.sha} comes later or not at all`);
    return `:${mark}`;
  });
  const [first, ...merges] = parents;
  const files = Object.entries(commit.tree).map(
    ([path, content]) => `M 100644 inline ${path}\n${data(content)}`,
  );
  return [
    `commit refs/fake/${index}\nmark :${index + 1}\n`,
    `author ${AUTHOR} ${commit.time} +0000\ncommitter ${AUTHOR} ${commit.time} +0000\n`,
    // The commit object ends its message with a newline.
    data(`${commit.message}\n`),
    first === undefined ? "" : `from ${first}\n`,
    ...merges.map((mark) => `merge ${mark}\n`),
    "deleteall\n",
    ...files,
    "\n",
  ].join("");
}

/**
 * Creates a repository in `dir` holding `commits` (parents before children) and checks out
 * `checkout` detached. Throws when git computes another SHA than the fake did.
 */
export function gitCheckout(dir: string, commits: readonly Commit[], checkout: string): void {
  const run = (args: string[], input?: string) =>
    execFileSync("git", args, { cwd: dir, input, encoding: "utf8" }).trim();
  run(["init", "--quiet"]);
  const marks = new Map<string, number>();
  const stream = commits
    .map((commit, index) => {
      const command = commitCommand(commit, index, marks);
      marks.set(commit.sha, index + 1);
      return command;
    })
    .join("");
  run(["fast-import", "--quiet"], stream);
  commits.forEach((commit, index) => {
    const sha = run(["rev-parse", `refs/fake/${index}`]);
    if (sha !== commit.sha) throw new Error(`git made ${sha} of the fake's ${commit.sha}`);
  });
  run(["-c", "advice.detachedHead=false", "checkout", "--quiet", checkout]);
}
