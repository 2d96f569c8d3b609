// Redis going away under a running server (REDIS_URL mode): a real redis-server of this test's
// own, stopped mid-test. Deliveries are then answered with an error status at once (GitHub shows
// them as failed and they can be redelivered), /ready says 503 within 5 s, and SIGTERM still
// exits 0 within the grace period.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startApp, waitFor, type FakeGitHub, type RunningApp } from "../support/index.js";
import { generateAppKey, startFakeGitHub } from "../support/index.js";
import {
  commentsOn,
  deliverOpened,
  pullRequestAdding,
  reviewsOn,
  signalsModule,
} from "./scenario.js";

const GRACE_MS = 10_000;
let redis: ChildProcess;
let fake: FakeGitHub;
let app: RunningApp;

async function startRedis(port: number): Promise<ChildProcess> {
  const server = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let output = "";
  server.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await waitFor(() => output.includes("Ready to accept connections"), {
    what: "redis-server to start",
  });
  return server;
}

beforeAll(async () => {
  const port = await freePort();
  redis = await startRedis(port);
  const key = generateAppKey();
  fake = await startFakeGitHub({ appPublicKey: key.publicKey });
  app = await startApp({
    fake,
    privateKey: key.privateKey,
    env: {
      REDIS_URL: `redis://127.0.0.1:${port}`,
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
    },
  });
});

afterAll(async () => {
  if (app?.child.exitCode === null) await app.stop();
  if (redis?.exitCode === null) redis.kill("SIGKILL");
  await fake?.close();
});

describe("Redis lost while the server runs", () => {
  it("is loud: deliveries fail fast, /ready is 503 within 5 s, SIGTERM exits 0 in the grace", async () => {
    const before = pullRequestAdding(fake, signalsModule(["update_num_books", "Book"]));
    expect((await deliverOpened(fake, app, before)).status).toBe(200);
    await waitFor(() => commentsOn(fake, before).length === 1, {
      timeoutMs: 20_000,
      what: "the review while Redis is up",
    });

    redis.kill("SIGKILL");
    await once(redis, "exit");
    const after = pullRequestAdding(fake, signalsModule(["count_books", "Book"]));
    const reply = await deliverOpened(fake, app, after);

    expect(reply.status).toBe(503);
    expect(reply.elapsedMs).toBeLessThan(5_000);
    const readyStarted = performance.now();
    const ready = await fetch(`${app.url}/ready`, { signal: AbortSignal.timeout(10_000) });
    expect(ready.status).toBe(503);
    expect(performance.now() - readyStarted).toBeLessThan(5_000);
    expect((await fetch(`${app.url}/health`)).status).toBe(200);

    const stopStarted = performance.now();
    const exit = await app.stop(GRACE_MS + 5_000);
    expect(exit.code).toBe(0);
    expect(performance.now() - stopStarted).toBeLessThan(GRACE_MS);
    expect(reviewsOn(fake, after)).toEqual([]);
  });
});
