// `npm run bench:load`: webhook deliveries against the server (`dist/server.js`, a child process)
// and the fake GitHub answering every request 50 ms late, all on 127.0.0.1. The deliveries are sent
// by a third process (client.ts), so the load generator's CPU is not counted as the server's or the
// fake's. After a warm-up (one PR, not counted), two scenarios, each with its own 100 pull requests
// and 500 deliveries (plan.ts):
//   burst: all 500 issued as fast as the client can over a bounded pool of keep-alive connections;
//   paced: 500 at a steady rate (100/s by default), where queueing on a small machine is not the story.
// For each: client-side reply latency, the server's own reply time (pino-http's `responseTime` in
// its JSON logs), server CPU per delivery, scans run, the time until all is done, and GitHub API
// calls against the fewest the work needs. Stops by itself (BENCH_TIMEOUT_MS, 10 min per scenario).
import { execFileSync, fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import {
  generateAppKey,
  startApp,
  startFakeGitHub,
  type FakeGitHub,
  type RunningApp,
} from "../../test/support/index.js";
import { minimumCalls, planPulls, type PlannedPull } from "./plan.js";
import type { ClientMessage, ClientReply, PreparedDelivery } from "./protocol.js";
import { spread } from "./stats.js";

const PULL_REQUESTS = Number(process.env.BENCH_PRS ?? 100);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PACED_PER_SECOND = Number(process.env.BENCH_RATE ?? 100);
// The production default: the server's per-request logging is part of what a delivery costs.
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? "info";
const LATENCY_MS = 50;
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 600_000);
const WEBHOOK_LINE = /^POST \/api\/github\/webhooks /;

interface Scenario {
  name: string;
  pulls: PlannedPull[];
  deliveries: PreparedDelivery[];
  perSecond?: number;
}

interface Harness {
  fake: FakeGitHub;
  app: RunningApp;
  client: ChildProcess;
}

const CLOCK_TICKS_PER_SECOND = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim());

/** User + system CPU a process has used so far (Linux /proc), in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  // After the command name: state is field 3 of stat(5), utime 14 and stime 15.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
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

function sendThroughClient(client: ChildProcess, message: ClientMessage): Promise<ClientReply> {
  return new Promise((resolveSent, reject) => {
    const onExit = () => reject(new Error("the load generator exited early"));
    client.once("exit", onExit);
    client.once("message", (reply: ClientReply) => {
      client.off("exit", onExit);
      resolveSent(reply);
    });
    client.send(message);
  });
}

/** pino-http's `responseTime` (whole ms, server clock) of the webhook replies logged since `from`. */
function serverReplyTimes(app: RunningApp, from: number): number[] {
  return app.logs.slice(from).flatMap((line) => {
    if (!line.includes("responseTime")) return [];
    const entry = JSON.parse(line) as { msg?: string; responseTime?: number };
    return WEBHOOK_LINE.test(entry.msg ?? "") && typeof entry.responseTime === "number"
      ? [entry.responseTime]
      : [];
  });
}

/** Server log lines at warn or above since `from`: none expected in a healthy run. */
function serverProblems(app: RunningApp, from: number): string[] {
  return app.logs.slice(from).flatMap((line) => {
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string };
      return (entry.level ?? 0) >= 40 ? [entry.msg ?? line] : [];
    } catch {
      return [line]; // not JSON: a crash trace or the like
    }
  });
}

function countBy<T>(items: readonly T[], key: (item: T) => string): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${name} ${n}`)
    .join(", ");
}

async function runScenario({ fake, app, client }: Harness, scenario: Scenario): Promise<void> {
  const pid = app.child.pid ?? 0;
  const fromLog = app.logs.length;
  const fromRequest = fake.requests.length;
  const fromCheckRun = fake.state.checkRuns.length;
  const cpuBefore = cpuMs(pid);
  const started = performance.now();
  const { sent, cpuMs: clientCpuMs } = await sendThroughClient(client, {
    type: "run",
    url: app.url,
    deliveries: scenario.deliveries,
    connections: CONNECTIONS,
    ...(scenario.perSecond === undefined ? {} : { perSecond: scenario.perSecond }),
  });
  const cpuWhileDelivering = cpuMs(pid) - cpuBefore;
  const doneMs = await waitUntilIdle(app, fake, started);
  const cpuTotal = cpuMs(pid) - cpuBefore;
  const requests = fake.requests.slice(fromRequest);
  const scans = requests.filter(
    (r) =>
      r.method === "GET" && /\/pulls\/\d+\/files$/.test(r.path) && (r.query.page ?? "1") === "1",
  ).length;
  // App-level calls (installation tokens, the /ready probe) are not part of any scan; an
  // archive's download from the redirect's host is no API call.
  const appCalls = requests.filter((r) => r.operationId?.startsWith("apps/")).length;
  const downloads = requests.filter((r) => r.path.startsWith("/_codeload/")).length;
  const apiCalls = requests.length - appCalls - downloads;
  const minimum = scenario.pulls.reduce((sum, p) => sum + minimumCalls(p), 0);
  const lastIssued = Math.max(...sent.map((s) => s.issuedAt));
  const lastDone = Math.max(...sent.map((s) => s.doneAt));
  const serverTimes = serverReplyTimes(app, fromLog);
  const problems = serverProblems(app, fromLog);
  const reviews = requests.filter((r) => r.operationId === "pulls/create-review").length;
  const conclusions = fake.state.checkRuns.slice(fromCheckRun);
  const n = sent.length;

  console.log(`\n== ${scenario.name}: ${n} deliveries for ${scenario.pulls.length} PRs ==`);
  console.log(
    `offered: ${((n / Math.max(lastIssued, 0.001)) * 1000).toFixed(0)}/s (all issued in ${lastIssued.toFixed(1)} ms, over at most ${CONNECTIONS} keep-alive connections); all replied in ${lastDone.toFixed(0)} ms`,
  );
  console.log(
    `replies: ${countBy(sent, (s) => String(s.status))}; client CPU ${(clientCpuMs / n).toFixed(2)} ms per delivery`,
  );
  console.log(`client, on a connection: ${spread(sent.map((s) => s.doneAt - s.connectedAt))}`);
  console.log(`client, since due: ${spread(sent.map((s) => s.doneAt - s.dueAt))}`);
  console.log(
    `server reply time (pino-http, whole ms): ${serverTimes.length ? spread(serverTimes, 0) : `none logged (LOG_LEVEL=${LOG_LEVEL})`} over ${serverTimes.length} replies`,
  );
  console.log(
    `server CPU: ${(cpuWhileDelivering / n).toFixed(2)} ms per delivery while replying (${cpuWhileDelivering.toFixed(0)} ms, scans included), ${cpuTotal.toFixed(0)} ms until done`,
  );
  console.log(
    `scans run: ${scans} for ${n} deliveries (coalesced ${n - scans}); time until all done: ${(doneMs / 1000).toFixed(1)} s`,
  );
  console.log(
    `API calls: ${apiCalls} (+${appCalls} app-level: tokens, /ready probes; +${downloads} archive downloads) = ${(apiCalls / scans).toFixed(1)} per scan; minimum for the work ${minimum} = ${(minimum / scenario.pulls.length).toFixed(1)} per PR (one scan of each final head)`,
  );
  console.log(
    `calls by operation: ${countBy(requests, (r) => r.operationId ?? (r.path.startsWith("/_codeload/") ? "archive download" : r.path))}`,
  );
  console.log(
    `reviews: ${reviews} for ${scenario.pulls.filter((p) => p.addsReceiver).length} PRs adding a receiver; check runs by conclusion: ${countBy(conclusions, (c) => c.conclusion ?? "none")}`,
  );
  console.log(
    `server warnings/errors: ${problems.length}${problems.length ? ` (${countBy(problems, (m) => m.slice(0, 120))})` : ""}`,
  );
}

/** A few deliveries for one extra PR, waited out, so lazy loading and first connections are done. */
async function warmUp(
  { fake, app, client }: Harness,
  deliveries: PreparedDelivery[],
): Promise<void> {
  const started = performance.now();
  await sendThroughClient(client, { type: "run", url: app.url, deliveries, connections: 1 });
  await waitUntilIdle(app, fake, started);
}

async function main(): Promise<void> {
  const key = generateAppKey();
  const fake = await startFakeGitHub({ appPublicKey: key.publicKey, latencyMs: LATENCY_MS });
  // Compiled under bench/load/.build, the support code cannot find the server by itself.
  const app = await startApp({
    fake,
    privateKey: key.privateKey,
    serverEntry: resolve("dist/server.js"),
    env: { LOG_LEVEL },
  });
  const client = fork(fileURLToPath(new URL("./client.js", import.meta.url)), {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  try {
    const secret = app.webhookSecret;
    const burst = planPulls(fake, 0, PULL_REQUESTS, secret);
    const paced = planPulls(fake, PULL_REQUESTS, PULL_REQUESTS, secret);
    console.log(
      `server: LOG_LEVEL=${LOG_LEVEL}; fake GitHub latency ${LATENCY_MS} ms; ${burst.pulls.filter((p) => p.addsReceiver).length} of ${PULL_REQUESTS} PRs per scenario add a receiver`,
    );
    const harness = { fake, app, client };
    await warmUp(harness, planPulls(fake, 2 * PULL_REQUESTS, 1, secret).deliveries);
    await runScenario(harness, { name: "burst", ...burst });
    await runScenario(harness, { name: `paced`, ...paced, perSecond: PACED_PER_SECOND });
    console.log(`\nserver peak RSS: ${peakRssMb(app.child.pid ?? 0).toFixed(0)} MB`);
    console.log(
      `reviews: ${fake.state.reviews.length}, check runs: ${fake.state.checkRuns.length}, OpenAPI violations: ${fake.violations.length}`,
    );
  } finally {
    client.disconnect();
    await app.stop(30_000);
    await fake.close();
  }
}

await main();
