// `npm run bench:load`: a burst of webhooks against the server (`dist/server.js`, a child process)
// and the fake GitHub answering every request 50 ms late, all on 127.0.0.1. 500 deliveries for 100
// pull requests at once: each PR is opened, pushed to twice and its last push redelivered twice,
// so most deliveries must coalesce. One PR in five adds a signal receiver. Prints webhook reply
// latency, scans run, the time until the last scan is done, the server's peak RSS, and GitHub API
// calls per scan against the fewest the work needs. Stops by itself (BENCH_TIMEOUT_MS, 10 min).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  deliverWebhook,
  generateAppKey,
  pullRequestEvent,
  startApp,
  startFakeGitHub,
  type DeliveryResult,
  type FakeGitHub,
  type PullRequest,
  type RunningApp,
} from "../../test/support/index.js";

const PULL_REQUESTS = Number(process.env.BENCH_PRS ?? 100);
const DELIVERIES_PER_PR = 5;
const RECEIVER_EVERY = 5;
const IN_FLIGHT = 100;
const LATENCY_MS = 50;
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 600_000);

const MODELS = `from django.db import models


class Book(models.Model):
    title = models.CharField(max_length=100)
`;
const RECEIVER = `from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Book


@receiver(post_save, sender=Book)
def touch_book(sender, instance, **kwargs):
    instance.save()
`;
const plain = (version: number) => `def price(book):\n    return ${version}\n`;

interface Planned {
  pr: PullRequest;
  repo: string;
  addsReceiver: boolean;
  events: { name: string; payload: unknown; id?: string }[];
}

/** One repository per PR; head moves twice; the last event is redelivered twice (same id). */
function plan(fake: FakeGitHub, index: number): Planned {
  const repo = fake.state.createRepo({ owner: "load", name: `repo${index}`, installationId: 7 });
  const addsReceiver = index % RECEIVER_EVERY === 0;
  const base = repo.pushCommit({ "shop/models.py": MODELS, "shop/price.py": plain(0) });
  const push = (version: number, parent?: string) =>
    repo.commitChanges(
      {
        "shop/price.py": plain(version),
        ...(addsReceiver ? { "shop/signals.py": RECEIVER + `# v${version}\n` } : {}),
      },
      { branch: "feature", ...(parent === undefined ? {} : { parent }) },
    );
  const first = push(1, base.sha);
  const pr = fake.state.openPullRequest({
    base: repo,
    head: repo,
    headSha: first.sha,
    headBranch: "feature",
    author: "dev",
  });
  const opened = pullRequestEvent(fake, pr, "opened");
  fake.state.updatePullRequestHead(pr, push(2).sha);
  const secondPush = pullRequestEvent(fake, pr, "synchronize");
  fake.state.updatePullRequestHead(pr, push(3).sha);
  const lastPush = { ...pullRequestEvent(fake, pr, "synchronize"), id: `redelivery-${index}` };
  const events = [opened, secondPush, lastPush, lastPush, lastPush];
  return { pr, repo: repo.name, addsReceiver, events: events.slice(0, DELIVERIES_PER_PR) };
}

async function deliverAll(
  app: RunningApp,
  deliveries: Planned["events"],
): Promise<DeliveryResult[]> {
  const results: DeliveryResult[] = [];
  let next = 0;
  async function worker(): Promise<void> {
    while (next < deliveries.length) {
      const delivery = deliveries[next++];
      if (delivery === undefined) return;
      results.push(await deliverWebhook(app.url, { ...delivery, secret: app.webhookSecret }));
    }
  }
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return results;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Peak resident set size of a process (Linux VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

async function queueDepth(app: RunningApp): Promise<number> {
  const ready = (await (await fetch(`${app.url}/ready`)).json()) as { queue: { depth: number } };
  return ready.queue.depth;
}

/** Done: the queue is empty and GitHub has seen no request for a second. */
async function waitUntilIdle(app: RunningApp, fake: FakeGitHub, started: number): Promise<number> {
  let lastCount = -1;
  let quietSince = performance.now();
  while (performance.now() - started < TIMEOUT_MS) {
    if (fake.requests.length !== lastCount) {
      lastCount = fake.requests.length;
      quietSince = performance.now();
    } else if ((await queueDepth(app)) === 0 && performance.now() - quietSince > 1_000) {
      return quietSince - started;
    }
    await sleep(100);
  }
  throw new Error(`not done after ${TIMEOUT_MS} ms`);
}

/** The calls one scan of a final head needs at least, for the PRs of this benchmark. */
function minimumCalls(planned: Planned): number {
  const config = 2; // the repository's file, then the org's `.github` fallback (Probot's context.config)
  const listFiles = 1;
  const headMoved = 1; // re-read the PR before posting
  const checkRun = 2; // created in progress, then completed
  const signalsFile = planned.addsReceiver ? 1 : 0; // the only file whose patch can add a receiver
  const review = planned.addsReceiver ? 2 : 0; // our earlier comments, then the review
  return config + listFiles + headMoved + checkRun + signalsFile + review;
}

async function main(): Promise<void> {
  const key = generateAppKey();
  const fake = await startFakeGitHub({ appPublicKey: key.publicKey, latencyMs: LATENCY_MS });
  // Compiled under bench/load/.build, the support code cannot find the server by itself.
  const serverEntry = resolve("dist/server.js");
  const app = await startApp({
    fake,
    privateKey: key.privateKey,
    serverEntry,
    env: { LOG_LEVEL: "warn" },
  });
  try {
    const planned = Array.from({ length: PULL_REQUESTS }, (_, i) => plan(fake, i));
    // Round-robin over the PRs, as a burst from many repositories arrives.
    const deliveries = Array.from({ length: DELIVERIES_PER_PR }, (_, round) =>
      planned.flatMap((p) => p.events.slice(round, round + 1)),
    ).flat();
    const baselineRequests = fake.requests.length;
    const started = performance.now();
    const results = await deliverAll(app, deliveries);
    const doneMs = await waitUntilIdle(app, fake, started);
    const requests = fake.requests.slice(baselineRequests);
    const scans = requests.filter(
      (r) =>
        r.method === "GET" && /\/pulls\/\d+\/files$/.test(r.path) && (r.query.page ?? "1") === "1",
    ).length;
    // App-level calls (installation tokens, the /ready probe) are not part of any scan.
    const appCalls = requests.filter((r) => r.operationId?.startsWith("apps/")).length;
    const apiCalls = requests.length - appCalls;
    const minimum = planned.reduce((sum, p) => sum + minimumCalls(p), 0);
    const latencies = results.map((r) => r.elapsedMs);
    const byOperation = new Map<string, number>();
    for (const r of requests)
      byOperation.set(r.operationId ?? r.path, (byOperation.get(r.operationId ?? r.path) ?? 0) + 1);

    console.log(
      `deliveries: ${results.length} for ${PULL_REQUESTS} PRs (${planned.filter((p) => p.addsReceiver).length} add a receiver), fake latency ${LATENCY_MS} ms`,
    );
    console.log(
      `replies: ${results.filter((r) => r.status === 200).length} x 200, others ${
        results
          .filter((r) => r.status !== 200)
          .map((r) => r.status)
          .join(",") || "none"
      }`,
    );
    console.log(
      `reply latency: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`,
    );
    console.log(
      `scans run: ${scans} for ${results.length} deliveries (${PULL_REQUESTS} PRs; coalesced ${results.length - scans})`,
    );
    console.log(
      `reviews: ${fake.state.reviews.length}, check runs: ${fake.state.checkRuns.length}`,
    );
    console.log(`time until all done: ${(doneMs / 1000).toFixed(1)} s`);
    console.log(`server peak RSS: ${peakRssMb(app.child.pid ?? 0).toFixed(0)} MB`);
    console.log(
      `API calls: ${apiCalls} (+${appCalls} app-level: tokens, /ready probes) = ${(apiCalls / scans).toFixed(1)} per scan; minimum for the work ${minimum} = ${(minimum / PULL_REQUESTS).toFixed(1)} per PR (one scan of each final head)`,
    );
    console.log(
      `calls by operation: ${[...byOperation]
        .sort((a, b) => b[1] - a[1])
        .map(([op, n]) => `${op} ${n}`)
        .join(", ")}`,
    );
    console.log(`OpenAPI violations: ${fake.violations.length}`);
  } finally {
    await app.stop(30_000);
    await fake.close();
  }
}

await main();
