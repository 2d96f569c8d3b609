// What a user of the npm package gets: the packed tarball installed with production dependencies
// into a project that approves its dependencies' install scripts as the README says. npm warns of
// nothing (no EBADENGINE on the oldest Node.js the package supports, no unreviewed install
// scripts), and the installed `django-signals` command reviews a file. Slow (npm compiles
// tree-sitter where its prebuilt binary does not load): one test, a generous timeout.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, expect, it } from "vitest";
import { INSTALL_TIMEOUT_MS, npm } from "./npm.js";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const FIXTURE = join(ROOT, "docs/examples/bookshop/models.py");
// The dependencies whose install scripts the README asks users to approve.
const ALLOW_SCRIPTS = { "tree-sitter": true, "tree-sitter-python": true, "msgpackr-extract": true };

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

it(
  "installs from the packed tarball without a warning, and its command reviews a file",
  { timeout: INSTALL_TIMEOUT_MS + 60_000 },
  async () => {
    const dir = await mkdtemp(join(tmpdir(), "package-install-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    // --ignore-scripts: pack the dist/ that `npm test` built, without building again.
    const packed = await npm(
      ["pack", "--ignore-scripts", "--json", "--pack-destination", dir],
      ROOT,
    );
    const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
    const project = join(dir, "project");
    await mkdir(project);
    await writeFile(
      join(project, "package.json"),
      JSON.stringify({ name: "user-project", private: true, allowScripts: ALLOW_SCRIPTS }),
    );

    const install = await npm(
      ["install", "--omit=dev", "--no-audit", "--no-fund", join(dir, filename)],
      project,
    );

    expect(install.stderr).not.toMatch(/EBADENGINE/);
    expect(install.stderr).not.toMatch(/install.scripts|allow.scripts/i);
    const installed = join(project, "node_modules/django-signals-bot");
    expect(existsSync(join(installed, "schema/django-signals.schema.json"))).toBe(true);
    const scan = await run(join(project, "node_modules/.bin/django-signals"), ["scan", FIXTURE], {
      cwd: project,
    }).catch((error: { code: number; stdout: string }) => error);
    expect(scan).toMatchObject({ code: 1 });
    expect(scan.stdout).toContain(
      "warning: [model-signal-receiver] `update_num_books` runs on `post_save`",
    );
  },
);
