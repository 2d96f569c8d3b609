// Two replicas of the server sharing one real Redis (REDIS_URL): the same pull request delivered
// to both gets one review, and Probot's request throttling keeps its state in that Redis.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  deliverWebhook,
  generateAppKey,
  pullRequestEvent,
  startApp,
  startFakeGitHub,
  waitFor,
  type FakeGitHub,
  type RunningApp,
} from "../support/index.js";
import { deleteKeys, REDIS_URL, requireRedis, uniquePrefix } from "../server/redis.js";
import { commentsOn, pullRequestAdding, reviewsOn, signalsModule } from "./scenario.js";

const key = generateAppKey();
const prefix = uniquePrefix();
let fake: FakeGitHub;
let replicas: RunningApp[] = [];

beforeAll(async () => {
  await requireRedis();
  fake = await startFakeGitHub({ appPublicKey: key.publicKey });
  const env = { REDIS_URL, REDIS_KEY_PREFIX: prefix };
  replicas = await Promise.all(
    [1, 2].map(() => startApp({ fake, privateKey: key.privateKey, env })),
  );
});

afterAll(async () => {
  const exits = await Promise.all(replicas.map((replica) => replica.stop()));
  await fake?.close();
  await deleteKeys(prefix);
  expect(exits.map((exit) => exit.code)).toEqual([0, 0]);
});

describe("two replicas and one Redis", () => {
  it("review a pull request delivered to both once", async () => {
    const scenario = pullRequestAdding(fake, signalsModule(["update_num_books", "Book"]));
    const event = pullRequestEvent(fake, scenario.pr, "opened");

    const replies = await Promise.all(
      replicas.map((replica) =>
        deliverWebhook(replica.url, { ...event, secret: replica.webhookSecret }),
      ),
    );
    await waitFor(() => reviewsOn(fake, scenario).length === 1, {
      timeoutMs: 15_000,
      what: "the review",
    });
    await waitFor(
      () =>
        replicas.every((r) =>
          r
            .jsonLogs()
            .some(
              (l) =>
                replies.some((reply) => reply.id === l.delivery) &&
                /nothing new to post|posting review/.test(String(l.msg)),
            ),
        ),
      { timeoutMs: 15_000, what: "both replicas' scans" },
    );

    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    expect(reviewsOn(fake, scenario)).toHaveLength(1);
    expect(commentsOn(fake, scenario)).toHaveLength(1);
    expect(fake.violations).toEqual([]);
  });

  it("share Probot's throttling state and the queue through Redis", async () => {
    const client = new Redis(REDIS_URL);
    try {
      const bottleneckKeys = await client.keys("b_*");
      const ready = await Promise.all(
        replicas.map(async (r) => (await fetch(`${r.url}/ready`)).json()),
      );

      expect(bottleneckKeys.length).toBeGreaterThan(0);
      expect(ready).toEqual([
        expect.objectContaining({ status: "ready", queue: expect.objectContaining({ depth: 0 }) }),
        expect.objectContaining({ status: "ready", queue: expect.objectContaining({ depth: 0 }) }),
      ]);
      expect(replicas.every((r) => r.jsonLogs().some((l) => l.queue === "redis"))).toBe(true);
    } finally {
      client.disconnect();
    }
  });
});
