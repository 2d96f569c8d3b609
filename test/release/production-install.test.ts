// What the Docker image does, without Docker (`npm run test:docker` builds the image itself): the
// Dockerfile's `npm ci --omit=dev` against the lock file, the built code and the files it copies
// beside it, then the server started with production settings against the fake GitHub: it answers
// /health, serves the docs and reviews a pull request. A runtime dependency declared as a
// devDependency, or a file the image lacks, fails here. Slow (npm ci compiles tree-sitter on
// bookworm): one test, a generous timeout.
import { existsSync } from "node:fs";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { INSTALL_TIMEOUT_MS, npm } from "./npm.js";
import {
  deliverWebhook,
  generateAppKey,
  pullRequestEvent,
  startApp,
  startFakeGitHub,
  waitFor,
} from "../support/index.js";
import type { FakeGitHub, RunningApp } from "../support/index.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const FIXTURE = join(ROOT, "docs/examples/bookshop/models.py");

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** The Dockerfile's steps: production dependencies from the lock file, then what it copies. */
async function installLikeTheImage(dir: string): Promise<string> {
  for (const file of ["package.json", "package-lock.json", "app.yml"]) {
    await cp(join(ROOT, file), join(dir, file));
  }
  await npm(["ci", "--omit=dev", "--no-audit", "--no-fund"], dir);
  // dist/ as `npm test` built it, like the image's build stage.
  await cp(join(ROOT, "dist"), join(dir, "dist"), { recursive: true });
  await cp(join(ROOT, "docs"), join(dir, "docs"), { recursive: true });
  return dir;
}

async function pullRequestWithReceiver(fake: FakeGitHub) {
  const repo = fake.state.createRepo({ owner: "acme", name: "bookshop", installationId: 7 });
  const models = await readFile(FIXTURE, "utf8");
  const withoutReceiver = models.slice(0, models.indexOf("@receiver("));
  repo.pushCommit({ "bookshop/models.py": withoutReceiver });
  const head = repo.pushCommit(
    { "bookshop/models.py": models },
    { branch: "feature", parent: repo.headOf().sha },
  );
  return fake.state.openPullRequest({
    base: repo,
    head: repo,
    headSha: head.sha,
    headBranch: "feature",
    author: "dev",
  });
}

it(
  "runs from the image's production install: /health, /docs and a review of a PR",
  { timeout: INSTALL_TIMEOUT_MS + 60_000 },
  async () => {
    const dir = await mkdtemp(join(tmpdir(), "production-install-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const installed = await installLikeTheImage(dir);
    // Development tools stayed out.
    expect(existsSync(join(installed, "node_modules/vitest"))).toBe(false);
    expect(existsSync(join(installed, "node_modules/typescript"))).toBe(false);
    const entry = join(installed, "dist/server.js");
    expect(existsSync(entry), `${entry} is missing`).toBe(true);

    const key = generateAppKey();
    const fake = await startFakeGitHub({ appPublicKey: key.publicKey });
    cleanups.push(() => fake.close());
    const pr = await pullRequestWithReceiver(fake);
    const app: RunningApp = await startApp({
      fake,
      privateKey: key.privateKey,
      serverEntry: entry,
      env: { NODE_ENV: "production" },
      readyTimeoutMs: 30_000,
    });
    cleanups.push(() => app.stop());

    const health = await fetch(`${app.url}/health`);
    expect(health.status).toBe(200);
    // Where finding.docsUrl points on a self-hosted install (DOCS_BASE_URL=<app url>/docs).
    const docs = await fetch(`${app.url}/docs/model-signal-receiver.md`);
    expect(
      docs.status,
      "the server must register docsRoute() (src/app/handlers/docs-route.ts)",
    ).toBe(200);
    expect(await docs.text()).toContain('<h1 id="model-signal-receiver">');
    const delivered = await deliverWebhook(app.url, {
      ...pullRequestEvent(fake, pr, "opened"),
      secret: app.webhookSecret,
    });
    expect(delivered.status).toBeLessThan(300);
    await waitFor(() => fake.state.reviews.length > 0, {
      timeoutMs: 30_000,
      what: "a review",
    }).catch((error: Error) => {
      throw new Error(`${error.message}; the app logged:\n${app.logs.join("\n")}`);
    });
    expect(fake.state.reviewComments.map((comment) => comment.body).join("\n")).toContain(
      "`update_num_books` runs on `post_save` of `Book`",
    );
    expect(fake.violations).toEqual([]);
  },
);
