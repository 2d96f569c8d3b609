// Replicas of the server sharing one real Redis (REDIS_URL): a scan is data in the shared queue,
// so any replica runs it (not only the one that received the webhook), the same pull request
// delivered to both gets one review, a replica killed mid-scan loses its job to another, and
// Probot's request throttling keeps its state in that Redis.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor, type FakeGitHub, type RunningApp } from "../support/index.js";
import { deleteKeys, REDIS_URL, requireRedis, uniquePrefix } from "../server/redis.js";
import {
  commentsOn,
  deliverOpened,
  pullRequestAdding,
  reviewsOn,
  signalsModule,
  startServers,
} from "./scenario.js";
import type { Scenario } from "./scenario.js";

const prefix = uniquePrefix();
// One scan at a time per replica, and a short lock so a dead replica's job moves on quickly.
const env = { REDIS_URL, REDIS_KEY_PREFIX: prefix, SCAN_CONCURRENCY: "1", QUEUE_LOCK_MS: "2000" };
let fake: FakeGitHub;
let replicas: RunningApp[] = [];
const killed = new Set<RunningApp>();

beforeAll(async () => {
  await requireRedis();
  ({ fake, servers: replicas } = await startServers(2, env));
});

afterAll(async () => {
  const exits = await Promise.all(
    replicas.filter((replica) => !killed.has(replica)).map((replica) => replica.stop()),
  );
  await Promise.all([...killed].map((replica) => replica.stop()));
  await fake?.close();
  await deleteKeys(prefix);
  expect(exits.map((exit) => exit.code)).toEqual(exits.map(() => 0));
});

function finishedLines(replica: RunningApp, deliveryId: string) {
  return replica.jsonLogs().filter((l) => l.msg === "scan finished" && l.delivery === deliveryId);
}

/** Slows the head blob reads of one repository, so its scan is still running for a while. */
function slowScanOf(scenario: Scenario, delayMs: number): void {
  fake.inject({
    method: "GET",
    path: new RegExp(`^/repos/acme/${scenario.repo.name}/git/blobs/`),
    delayMs,
    times: 1,
  });
}

describe("replicas sharing one Redis", () => {
  it("review a pull request delivered to both once", async () => {
    const scenario = pullRequestAdding(fake, signalsModule(["update_num_books", "Book"]));

    const replies = await Promise.all(
      replicas.map((replica) => deliverOpened(fake, replica, scenario)),
    );
    await waitFor(() => commentsOn(fake, scenario).length === 1, {
      timeoutMs: 15_000,
      what: "the review",
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    expect(reviewsOn(fake, scenario)).toHaveLength(1);
    expect(commentsOn(fake, scenario)).toHaveLength(1);
    expect(fake.violations).toEqual([]);
  });

  it("run a scan on the replica that did not receive its webhook", async () => {
    const [first, second] = replicas as [RunningApp, RunningApp];
    const busy = pullRequestAdding(fake, signalsModule(["update_num_books", "Book"]));
    const other = pullRequestAdding(fake, signalsModule(["count_books", "Book"]));
    slowScanOf(busy, 3_000);

    // Both webhooks go to the first replica; it runs one scan at a time, so while one of them
    // is held by the slow GitHub answer, the idle second replica takes the other.
    const busyReply = await deliverOpened(fake, first, busy);
    await waitFor(
      () =>
        replicas.some((r) =>
          r.jsonLogs().some((l) => l.delivery === busyReply.id && l.msg === "selected files"),
        ),
      { timeoutMs: 10_000, what: "the slow scan to start" },
    );
    const otherReply = await deliverOpened(fake, first, other);
    await waitFor(
      () => commentsOn(fake, busy).length === 1 && commentsOn(fake, other).length === 1,
      { timeoutMs: 20_000, what: "both reviews" },
    );

    const finishedAnywhere = (id: string) => replicas.some((r) => finishedLines(r, id).length > 0);
    await waitFor(() => finishedAnywhere(busyReply.id) && finishedAnywhere(otherReply.id), {
      what: "both scans' log lines",
    });

    const ranOnSecond = [busyReply, otherReply].filter(
      (reply) => finishedLines(second, reply.id).length === 1,
    );
    expect(ranOnSecond.length).toBeGreaterThanOrEqual(1);
    expect(finishedLines(second, ranOnSecond[0]?.id ?? "")[0]).toMatchObject({
      outcome: "posted",
      findingsPosted: 2,
    });
    // The replica that took the job knows the app's id too: it looks up our check runs only.
    const lookups = fake.requestsTo("GET", new RegExp(`^/repos/acme/${other.repo.name}/commits/`));
    expect(lookups.map((r) => r.query.app_id)).toEqual([String(fake.state.app.id)]);
    expect(fake.violations).toEqual([]);
  });

  it("hand the scan of a replica killed mid-scan to another replica, which completes it", async () => {
    const scenario = pullRequestAdding(fake, signalsModule(["update_num_books", "Book"]));
    slowScanOf(scenario, 4_000);

    const reply = await deliverOpened(fake, replicas[0] as RunningApp, scenario);
    let running: RunningApp | undefined;
    await waitFor(
      () => {
        running = replicas.find((r) =>
          r.jsonLogs().some((l) => l.delivery === reply.id && l.msg === "selected files"),
        );
        return running !== undefined;
      },
      { timeoutMs: 10_000, what: "the scan to start" },
    );
    const crashed = running as RunningApp;
    crashed.child.kill("SIGKILL");
    killed.add(crashed);
    const survivor = replicas.find((r) => r !== crashed) as RunningApp;

    await waitFor(() => finishedLines(survivor, reply.id).length === 1, {
      timeoutMs: 20_000,
      what: "the retried scan on the surviving replica",
    });

    expect(finishedLines(survivor, reply.id)[0]).toMatchObject({ outcome: "posted" });
    expect(reviewsOn(fake, scenario)).toHaveLength(1);
    expect(commentsOn(fake, scenario)).toHaveLength(1);
    // The killed replica's in-progress check run was reused and completed, not left open.
    const runs = fake.state.checkRuns.filter((run) => run.headSha === scenario.pr.headSha);
    expect(runs.map((run) => run.status)).toEqual(["completed"]);
    expect(fake.violations).toEqual([]);
  });
});

describe("Redis as shared state", () => {
  it("holds Probot's throttling state and the queue", async () => {
    const client = new Redis(REDIS_URL);
    try {
      const bottleneckKeys = await client.keys("b_*");
      const live = replicas.filter((r) => !killed.has(r));
      const ready = await Promise.all(
        live.map(async (r) => (await fetch(`${r.url}/ready`)).json()),
      );

      expect(bottleneckKeys.length).toBeGreaterThan(0);
      for (const answer of ready) {
        expect(answer).toEqual(
          expect.objectContaining({
            status: "ready",
            queue: expect.objectContaining({ depth: 0 }),
          }),
        );
      }
      expect(live.every((r) => r.jsonLogs().some((l) => l.queue === "redis"))).toBe(true);
    } finally {
      client.disconnect();
    }
  });
});
