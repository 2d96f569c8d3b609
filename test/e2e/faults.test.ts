// GitHub misbehaving while the deployed server scans: every fault is survived, nothing is lost,
// and the process keeps serving. Each test has its own repository, so they run concurrently
// (three servers share the work: Probot paces writes one second apart, reviews three, per process).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { faults, waitFor, type FakeGitHub, type RunningApp } from "../support/index.js";
import {
  commentsOn,
  deliverOpened,
  pullRequestAdding,
  reviewsOn,
  signalsModule,
  startServers,
} from "./scenario.js";
import type { Scenario } from "./scenario.js";

let fake: FakeGitHub;
let servers: RunningApp[] = [];

beforeAll(async () => {
  ({ fake, servers } = await startServers(3, { GITHUB_REQUEST_TIMEOUT_MS: "1000" }));
});

afterAll(async () => {
  const exits = await Promise.all(servers.map((server) => server.stop()));
  await fake?.close();
  expect(exits.map((exit) => exit.code)).toEqual([0, 0, 0]);
});

let nextServer = 0;

/** A PR adding `update_num_books`, its faults injected, then delivered to one of the servers. */
async function scanWithFaults(inject: (scenario: Scenario, base: string) => void) {
  const scenario = pullRequestAdding(fake, signalsModule(["update_num_books", "Book"]));
  inject(scenario, `/repos/acme/${scenario.repo.name}`);
  const server = servers[nextServer++ % servers.length] as RunningApp;
  const reply = await deliverOpened(fake, server, scenario);
  expect(reply.status).toBe(200);
  return { scenario, server, delivery: reply.id };
}

function requests(method: string, path: string) {
  return fake.requestsTo(method, path).length;
}

describe.concurrent("faults GitHub answers with", () => {
  it("500, 502 and 503: retried with backoff, the review arrives", async () => {
    const { scenario } = await scanWithFaults((_, base) => {
      fake.inject({ method: "GET", path: `${base}/pulls/1/files`, ...faults.serverError(502) });
      fake.inject({
        method: "GET",
        path: new RegExp(`^${base}/contents/`),
        ...faults.serverError(500),
      });
      fake.inject({ method: "POST", path: `${base}/pulls/1/reviews`, ...faults.serverError(503) });
    });
    const base = `/repos/acme/${scenario.repo.name}`;

    await waitFor(() => reviewsOn(fake, scenario).length === 1, {
      timeoutMs: 30_000,
      what: "the review",
    });

    expect(commentsOn(fake, scenario)).toHaveLength(1);
    expect(requests("GET", `${base}/pulls/1/files`)).toBe(2);
    expect(requests("POST", `${base}/pulls/1/reviews`)).toBe(2);
  });

  it("502 until the retries run out: the check run completes neutral, saying the scan failed", async () => {
    const { scenario, server, delivery } = await scanWithFaults((_, base) => {
      fake.inject({
        method: "GET",
        path: `${base}/pulls/1/files`,
        times: 4,
        ...faults.serverError(502),
      });
    });
    const runs = () => fake.state.checkRuns.filter((run) => run.repo === scenario.repo);

    await waitFor(() => runs().some((run) => run.status === "completed"), {
      timeoutMs: 30_000,
      what: "the completed check run",
    });

    expect(runs().map((run) => [run.status, run.conclusion])).toEqual([["completed", "neutral"]]);
    expect(JSON.stringify(runs()[0]?.output)).toMatch(/scan failed/i);
    expect(reviewsOn(fake, scenario)).toEqual([]);
    // The log line is written after the check run is completed: wait for it, do not race it.
    await waitFor(
      () => server.jsonLogs().some((l) => l.delivery === delivery && l.msg === "scan failed"),
      { timeoutMs: 5_000, what: "the scan-failed log line with the delivery id" },
    );
  });

  it("403 and 429 secondary rate limits: waited for retry-after, then retried", async () => {
    const { scenario } = await scanWithFaults((_, base) => {
      fake.inject({ method: "GET", path: `${base}/pulls/1/files`, ...faults.tooManyRequests(1) });
      fake.inject({
        method: "POST",
        path: `${base}/pulls/1/reviews`,
        ...faults.secondaryRateLimit(1),
      });
    });
    const base = `/repos/acme/${scenario.repo.name}`;

    await waitFor(() => reviewsOn(fake, scenario).length === 1, {
      timeoutMs: 30_000,
      what: "the review",
    });

    const posts = fake.requestsTo("POST", `${base}/pulls/1/reviews`);
    expect(posts.map((r) => r.status)).toEqual([403, 200]);
    expect(commentsOn(fake, scenario)).toHaveLength(1);
  });

  it("a reset connection and a request that times out: retried", async () => {
    const { scenario } = await scanWithFaults((_, base) => {
      fake.inject({ method: "GET", path: `${base}/pulls/1/files`, ...faults.connectionReset() });
      fake.inject({ method: "GET", path: `${base}/pulls/1/reviews`, ...faults.slow(3_000) });
    });

    await waitFor(() => reviewsOn(fake, scenario).length === 1, {
      timeoutMs: 30_000,
      what: "the review",
    });

    expect(commentsOn(fake, scenario)).toHaveLength(1);
  });

  it("422 on the review's inline comments: the findings move into the review body", async () => {
    const { scenario } = await scanWithFaults((_, base) => {
      fake.inject({
        method: "POST",
        path: `${base}/pulls/1/reviews`,
        ...faults.unprocessable("Line could not be resolved"),
      });
    });

    await waitFor(() => reviewsOn(fake, scenario).length === 1, {
      timeoutMs: 30_000,
      what: "the review",
    });

    expect(commentsOn(fake, scenario)).toEqual([]);
    expect(reviewsOn(fake, scenario)[0]?.body).toContain("update_num_books");
  });

  it("404 for a pull request that vanished: the scan ends without a review or a crash", async () => {
    const { scenario, server, delivery } = await scanWithFaults((_, base) => {
      fake.inject({ method: "GET", path: `${base}/pulls/1`, times: 5, ...faults.notFound() });
    });

    await waitFor(
      () =>
        server
          .jsonLogs()
          .some((l) => l.delivery === delivery && /scan failed|dropping/.test(String(l.msg))),
      {
        timeoutMs: 30_000,
        what: "the end of the scan",
      },
    );

    expect(reviewsOn(fake, scenario)).toEqual([]);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it("404 for a file that vanished: the scan ends without a review or a crash", async () => {
    const { scenario, server, delivery } = await scanWithFaults((_, base) => {
      fake.inject({
        path: new RegExp(`^${base}/(git/blobs|contents/library)`),
        times: 10,
        ...faults.notFound(),
      });
    });

    await waitFor(
      () =>
        server
          .jsonLogs()
          .some(
            (l) =>
              l.delivery === delivery && /analysed changed files|scan failed/.test(String(l.msg)),
          ),
      { timeoutMs: 30_000, what: "the end of the scan" },
    );

    expect(
      fake.faults.fired.some((f) => f.path.startsWith(`/repos/acme/${scenario.repo.name}/`)),
    ).toBe(true);
    expect(reviewsOn(fake, scenario)).toEqual([]);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});

describe("after the faults", () => {
  it("GitHub saw only documented requests", () => {
    expect(fake.violations).toEqual([]);
  });
});
