// `npm run bench:hostile`: the figures of issue 15, measured against the server as deployed
// (`dist/server.js`, or SERVER_ENTRY, e.g. an older build to compare with) and the fake GitHub on
// 127.0.0.1. Each scenario gets a fresh server, so its peak RSS (the kernel's VmHWM) is its own:
//   bogus: four 30 MB POSTs with a bad signature at once, then one of 10 MB of JSON;
//   big-file: a PR adding a 10 MB Python file and five ordinary ones;
//   glob: a config whose `ignore_paths` pattern backtracks, against a 78-character file name.
// For each: peak RSS, the slowest /health answer while it runs (polled every 100 ms), how much the
// log grew, and how long until the server is done (the refusals answered, the check run completed).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  generateAppKey,
  pullRequestEvent,
  deliverWebhook,
  postWithBadSignature,
  startApp,
  startFakeGitHub,
  type FakeGitHub,
  type RunningApp,
} from "../../test/support/index.js";

const MB = 1024 * 1024;
const HEALTH_TIMEOUT_MS = 120_000;
const key = generateAppKey();
const IMPORTS =
  "from django.db.models.signals import post_save\nfrom django.dispatch import receiver\n";

function receiverModule(name: string): string {
  return `${IMPORTS}\n\n@receiver(post_save, sender=Book)\ndef ${name}(sender, instance, **kwargs):\n    instance.save()\n`;
}

function peakRssMb(app: RunningApp): number {
  const status = readFileSync(`/proc/${app.child.pid}/status`, "utf8");
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

/** Polls /health every 100 ms until `done` settles; the slowest answer in ms. */
async function slowestHealth(app: RunningApp, done: Promise<unknown>): Promise<number> {
  let finished = false;
  void done.finally(() => (finished = true));
  let slowest = 0;
  while (!finished) {
    const started = performance.now();
    // An answer later than the timeout counts as the time waited (the table says ">=").
    await fetch(`${app.url}/health`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) }).catch(
      () => undefined,
    );
    slowest = Math.max(slowest, performance.now() - started);
    await sleep(100);
  }
  return Math.round(slowest);
}

async function completedRun(fake: FakeGitHub, repoName: string): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const run = fake.state.checkRuns.find((r) => r.repo.name === repoName);
    if (run?.status === "completed") return;
    await sleep(100);
  }
  throw new Error(`no completed check run on ${repoName} within 5 minutes`);
}

function openPull(fake: FakeGitHub, name: string, head: Record<string, string>) {
  const repo = fake.state.createRepo({ owner: "acme", name, installationId: 7 });
  const base = repo.pushCommit({ "shop/__init__.py": "" });
  const commit = repo.pushCommit(
    { "shop/__init__.py": "", ...head },
    { branch: "feature", parent: base.sha },
  );
  return fake.state.openPullRequest({
    base: repo,
    head: repo,
    headSha: commit.sha,
    headBranch: "feature",
    author: "dev",
  });
}

interface Figures {
  scenario: string;
  peakRssMb: number;
  slowestHealthMs: number;
  logGrowthKb: number;
  doneInMs: number;
}

async function measure(
  scenario: string,
  work: (fake: FakeGitHub, app: RunningApp) => Promise<unknown>,
): Promise<Figures> {
  const fake = await startFakeGitHub({ appPublicKey: key.publicKey });
  const app = await startApp({
    fake,
    privateKey: key.privateKey,
    serverEntry: resolve(process.env.SERVER_ENTRY ?? "dist/server.js"),
    env: { NODE_OPTIONS: "--max-old-space-size=8192" },
  });
  await sleep(500);
  const logBefore = app.logs.join("\n").length;
  const started = performance.now();
  const done = work(fake, app);
  const slowestHealthMs = await slowestHealth(app, done);
  await done;
  const figures = {
    scenario,
    peakRssMb: peakRssMb(app),
    slowestHealthMs,
    logGrowthKb: Math.round((app.logs.join("\n").length - logBefore) / 1024),
    doneInMs: Math.round(performance.now() - started),
  };
  await app.stop(30_000);
  await fake.close();
  console.log(JSON.stringify(figures));
  return figures;
}

const ordinary = Object.fromEntries(
  Array.from({ length: 5 }, (_, i) => [`shop/signals_${i}.py`, receiverModule(`on_save_${i}`)]),
);
const filler = "# generated line, long enough to reach ten megabytes in a reasonable count\n";
const bigFile = receiverModule("big") + filler.repeat(Math.ceil((10 * MB) / filler.length));
const longName = `shop/${"a".repeat(70)}.py`;

const results: Figures[] = [];
results.push(
  await measure("bogus: 4 x 30 MB, bad signature", (_, app) =>
    Promise.all([1, 2, 3, 4].map(() => postWithBadSignature(app.url, 30 * MB))),
  ),
);
results.push(
  await measure("bogus: 10 MB of JSON, bad signature", (_, app) =>
    deliverWebhook(app.url, {
      name: "pull_request",
      payload: null,
      rawBody: JSON.stringify({ action: "opened", filler: "x".repeat(10 * MB) }),
      secret: "not-the-secret",
    }),
  ),
);
results.push(
  await measure("big-file: 10 MB + 5 ordinary files", async (fake, app) => {
    const pr = openPull(fake, "bigfile", { ...ordinary, "shop/big.py": bigFile });
    await deliverWebhook(app.url, {
      ...pullRequestEvent(fake, pr, "opened"),
      secret: app.webhookSecret,
    });
    await completedRun(fake, "bigfile");
  }),
);
results.push(
  await measure("glob: backtracking ignore_paths", async (fake, app) => {
    const config = `ignore_paths: ["**/**/**/**/**/**/**/a*a*a*a*a*a*a*b"]\n`;
    const pr = openPull(fake, "globs", { [longName]: receiverModule("globbed") });
    pr.repo.setFile(".github/django-signals.yml", config);
    await deliverWebhook(app.url, {
      ...pullRequestEvent(fake, pr, "opened"),
      secret: app.webhookSecret,
    });
    await completedRun(fake, "globs");
  }),
);
console.log(`server: ${process.env.SERVER_ENTRY ?? "dist/server.js"}`);
console.table(results);
