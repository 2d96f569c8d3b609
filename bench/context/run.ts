// `npm run bench:context`: the server (`dist/server.js`, a child process) reviewing pull requests of
// the generated 3,000-file Django project of `npm run bench` (bench/django-project.js), which the
// fake GitHub serves as a real tarball behind its redirect, all on 127.0.0.1. Measured in one run,
// after a warm-up scan of a small repository:
//   cold: the first PR on a base commit (download + index + scan);
//   warm: a second PR on the same base (the cached index + scan), and the ratio cold / warm;
//   memory: the cache filled to its limit, then four scans of four other projects at once, and the
//     server's peak RSS (VmHWM) against the 400 MB budget;
//   large PR: a PR changing all 3,000 files, read from the head archive: API calls and time.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  deliverWebhook,
  generateAppKey,
  pullRequestEvent,
  startApp,
  startFakeGitHub,
  type FakeGitHub,
  type PullRequest,
  type Repo,
  type RunningApp,
} from "../../test/support/index.js";

const CACHE_MB = Number(process.env.BENCH_CACHE_MB ?? 64);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 0);
const RSS_BUDGET_MB = 400;
const SCAN_TIMEOUT_MS = 600_000;

let repoCount = 0;

// The PR: app1's apps.py connects a handler of a new handlers.py that saves its own instance.
const CHANGE = {
  "app1/handlers.py": `def recount(sender, instance, **kwargs):
    instance.stock = instance.stock + 1
    instance.save()
`,
  "app1/apps.py": `from django.apps import AppConfig
from django.db.models.signals import post_save


class App1Config(AppConfig):
    name = "app1"

    def ready(self):
        from . import handlers
        from .models import Author1x0

        post_save.connect(handlers.recount, sender=Author1x0)
`,
};

/** The benchmark's Django project as path -> text (generated on disk, then read back). */
async function djangoProject(): Promise<Record<string, string>> {
  const generator = pathToFileURL(resolve("bench/django-project.js")).href;
  const { generateDjangoProject } = (await import(generator)) as {
    generateDjangoProject: (directory: string) => number;
  };
  const directory = mkdtempSync(join(tmpdir(), "bench-context-"));
  try {
    generateDjangoProject(directory);
    const tree: Record<string, string> = {};
    for (const entry of readdirSync(directory, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const absolute = join(entry.parentPath, entry.name);
      tree[relative(directory, absolute)] = readFileSync(absolute, "utf8");
    }
    return tree;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

function createProjectRepo(fake: FakeGitHub, tree: Record<string, string>): Repo {
  repoCount += 1;
  const repo = fake.state.createRepo({
    owner: "acme",
    name: `project${repoCount}`,
    installationId: 7,
  });
  repo.pushCommit(tree);
  return repo;
}

/** A PR on the repository's current base that changes `changes` on a branch of its own. */
function openPull(fake: FakeGitHub, repo: Repo, changes: Record<string, string>): PullRequest {
  const base = repo.headOf();
  const branch = `feature-${fake.state.pulls.length + 1}`;
  const head = repo.pushCommit({ ...base.tree, ...changes }, { branch, parent: base.sha });
  return fake.state.openPullRequest({
    base: repo,
    head: repo,
    baseSha: base.sha,
    headSha: head.sha,
    headBranch: branch,
    author: "dev",
  });
}

interface ScanLine {
  durationMs: number;
  apiCalls: number;
  findingsIntroduced: number;
}

async function scan(fake: FakeGitHub, app: RunningApp, pr: PullRequest): Promise<ScanLine> {
  const reply = await deliverWebhook(app.url, {
    ...pullRequestEvent(fake, pr, "opened"),
    secret: app.webhookSecret,
  });
  const started = Date.now();
  while (Date.now() - started < SCAN_TIMEOUT_MS) {
    const line = app.jsonLogs().find((l) => l.delivery === reply.id && l.msg === "scan finished");
    if (line) {
      if (line.outcome === "failed") throw new Error(`scan failed: ${JSON.stringify(line)}`);
      return line as unknown as ScanLine;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("scan not finished in time");
}

function contextLines(app: RunningApp): Record<string, unknown>[] {
  return app.jsonLogs().filter((l) => String(l.msg).startsWith("project context"));
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

async function main(): Promise<void> {
  const key = generateAppKey();
  const fake = await startFakeGitHub({ appPublicKey: key.publicKey, latencyMs: LATENCY_MS });
  const app = await startApp({
    fake,
    privateKey: key.privateKey,
    serverEntry: resolve("dist/server.js"),
    env: { LOG_LEVEL: "info", PROJECT_CACHE_MB: String(CACHE_MB), NODE_ENV: "production" },
  });
  const pid = app.child.pid ?? 0;
  try {
    const tree = await djangoProject();
    const files = Object.keys(tree).length;
    const bytes = Object.values(tree).reduce((sum, text) => sum + Buffer.byteLength(text), 0);
    console.log(
      `project: ${files} Python files, ${(bytes / 1024 / 1024).toFixed(1)} MB; fake GitHub latency ${LATENCY_MS} ms; cache ${CACHE_MB} MB`,
    );
    const change = CHANGE;

    const small = createProjectRepo(fake, {
      "app1/__init__.py": "",
      "app1/models.py": tree["app1/models.py"] ?? "",
    });
    await scan(fake, app, openPull(fake, small, change));

    const repo = createProjectRepo(fake, tree);
    const cold = await scan(fake, app, openPull(fake, repo, change));
    const warm = await scan(fake, app, openPull(fake, repo, change));
    const [coldContext, warmContext] = contextLines(app)
      .slice(-2)
      .map((line) => Number(line.durationMs));
    const indexBytes = Number(contextLines(app).at(-1)?.cacheBytes ?? 0);
    console.log(
      `cold scan (download + index + scan): ${seconds(cold.durationMs)}, ${cold.apiCalls} API calls, ${cold.findingsIntroduced} findings`,
    );
    console.log(
      `warm scan (cached index + scan):     ${seconds(warm.durationMs)}, ${warm.apiCalls} API calls, ${warm.findingsIntroduced} findings`,
    );
    console.log(
      `project context alone: cold ${coldContext} ms (download + index), warm ${warmContext} ms (cached + the PR's files laid over it): ${((coldContext ?? NaN) / Math.max(warmContext ?? NaN, 1)).toFixed(0)}x`,
    );
    console.log(
      `cold / warm scan: ${(cold.durationMs / Math.max(warm.durationMs, 1)).toFixed(1)}x (both include Probot's pacing of writes, 1 s apart); cache holds ${(indexBytes / 1024 / 1024).toFixed(1)} MB after the first project; peak RSS so far ${peakRssMb(pid).toFixed(0)} MB`,
    );

    // Fill the cache to its limit with other projects, then four scans at once.
    let filled = 0;
    while (filled < CACHE_MB * 1024 * 1024 * 0.9 && repoCount < 40) {
      // Another repository: its own cache key, whatever its files.
      const other = createProjectRepo(fake, tree);
      await scan(fake, app, openPull(fake, other, change));
      const held = Number(contextLines(app).at(-1)?.cacheBytes ?? 0);
      if (held <= filled) break; // evicting: the cache is at its limit
      filled = held;
    }
    const four = Array.from({ length: 4 }, () => createProjectRepo(fake, tree));
    const started = Date.now();
    const concurrent = await Promise.all(
      four.map((r) => scan(fake, app, openPull(fake, r, change))),
    );
    const peak = peakRssMb(pid);
    console.log(
      `four cold scans at once with the cache at ${(filled / 1024 / 1024).toFixed(0)} MB: all done in ${seconds(Date.now() - started)} (each ${concurrent.map((c) => seconds(c.durationMs)).join(", ")}); server peak RSS ${peak.toFixed(0)} MB (budget ${RSS_BUDGET_MB} MB: ${peak < RSS_BUDGET_MB ? "met" : "NOT met"})`,
    );

    // A PR that changes every file: read from the head archive, not 3,000 blobs.
    const large = createProjectRepo(fake, tree);
    const everyFile = Object.fromEntries(
      Object.entries(tree).map(([path, text]) => [path, `${text}# touched\n`]),
    );
    const requestsBefore = fake.requests.length;
    const largeScan = await scan(fake, app, openPull(fake, large, everyFile));
    const blobs = fake.requests
      .slice(requestsBefore)
      .filter((r) => /\/git\/blobs\/|\/contents\/(?!\.github\/)/.test(r.path)).length;
    console.log(
      `a PR changing all ${files} files: ${largeScan.apiCalls} API calls (${blobs} blob or contents reads), ${seconds(largeScan.durationMs)}; server peak RSS ${peakRssMb(pid).toFixed(0)} MB`,
    );
    const problems = app
      .jsonLogs()
      .filter((l) => Number(l.level) >= 40)
      .map((l) => String(l.msg));
    console.log(
      `server warnings/errors: ${problems.length}${problems.length ? ` (${[...new Set(problems)].join("; ")})` : ""}`,
    );
  } finally {
    await app.stop();
    await fake.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
