// Starting and stopping the deployed server: settings refused with one line, the setup flow
// without credentials, `.env`, readiness, and a SIGTERM that lets the running scan finish.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  deliverWebhook,
  faults,
  generateAppKey,
  pullRequestEvent,
  runServerToExit,
  startApp,
  startFakeGitHub,
  waitFor,
  type FakeGitHub,
} from "../support/index.js";
import { deliverOpened, pullRequestAdding, reviewsOn, signalsModule } from "./scenario.js";

const key = generateAppKey();
let fake: FakeGitHub;

beforeAll(async () => {
  fake = await startFakeGitHub({ appPublicKey: key.publicKey });
});

afterAll(async () => {
  await fake?.close();
});

describe.concurrent("start-up settings", () => {
  const valid = () => ({
    APP_ID: "1",
    PRIVATE_KEY: key.privateKey,
    WEBHOOK_SECRET: "s3cret-value",
    PORT: "0",
    NODE_ENV: "production",
  });

  it.each([
    ["a private key without APP_ID", { APP_ID: "" }, /^django-signals-bot: APP_ID is missing/],
    [
      "a malformed APP_ID",
      { APP_ID: "12abc" },
      /^django-signals-bot: APP_ID must be a positive integer/,
    ],
    [
      "a malformed private key",
      { PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----" },
      /^django-signals-bot: PRIVATE_KEY does not hold a valid PEM private key/,
    ],
    [
      "no webhook secret in production",
      { WEBHOOK_SECRET: "" },
      /^django-signals-bot: WEBHOOK_SECRET is missing/,
    ],
    ["a malformed REDIS_URL", { REDIS_URL: "localhost:6379" }, /^django-signals-bot: REDIS_URL/],
    [
      "no credentials at all in production",
      { APP_ID: "", PRIVATE_KEY: "" },
      /^django-signals-bot: APP_ID is missing/,
    ],
  ])("%s: one line naming it on stderr, exit 1", async (_, override, expected) => {
    const result = await runServerToExit({ ...valid(), ...override });

    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(expected);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr + result.stdout).not.toContain("nope");
  });
});

describe("without credentials", () => {
  it("runs Probot's setup flow from app.yml and says what to do next", async () => {
    const app = await startApp({
      fake,
      privateKey: "",
      env: { APP_ID: "", NO_SMEE_SETUP: "true", NODE_ENV: "development" },
      files: { "app.yml": readFileSync("app.yml", "utf8") },
    });
    try {
      const page = await fetch(`${app.url}/probot`);
      const html = await page.text();

      expect(page.status).toBe(200);
      expect(html).toContain("Django signals");
      await waitFor(() => app.logs.some((l) => l.includes("register the GitHub App")), {
        what: "the next steps",
      });
    } finally {
      await app.stop();
    }
  });
});

describe("with a .env file", () => {
  it("applies it over the environment, like probot run", async () => {
    const app = await startApp({
      fake,
      privateKey: key.privateKey,
      webhookSecret: "from-the-environment",
      files: { ".env": "WEBHOOK_SECRET=from-dot-env\nLOG_LEVEL=debug\n" },
    });
    try {
      const scenario = pullRequestAdding(fake, signalsModule(["dotenv_receiver", "Book"]));
      const event = pullRequestEvent(fake, scenario.pr, "opened");

      const withEnvironmentSecret = await deliverWebhook(app.url, {
        ...event,
        secret: "from-the-environment",
      });
      const withDotEnvSecret = await deliverWebhook(app.url, { ...event, secret: "from-dot-env" });

      expect([400, 401]).toContain(withEnvironmentSecret.status);
      expect(withDotEnvSecret.status).toBe(200);
    } finally {
      await app.stop();
    }
  });
});

describe("readiness and shutdown", () => {
  it("reports GitHub unreachable on /ready", async () => {
    const app = await startApp({ fake, privateKey: key.privateKey });
    try {
      fake.inject({ method: "GET", path: "/app", ...faults.serverError(503) });
      const ready = await fetch(`${app.url}/ready`);

      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        status: "not ready",
        github: expect.stringContaining("unreachable"),
      });
      expect((await fetch(`${app.url}/health`)).status).toBe(200);
      // Probes are logged at debug (below LOG_LEVEL=info); the 503 is one warn line, no stack.
      await waitFor(() => app.logs.some((line) => line.includes("not ready")), {
        timeoutMs: 5_000,
        what: "the not-ready log line",
      });
      const probeLines = app
        .jsonLogs()
        .filter((line) => /\/ready|\/health|not ready/.test(String(line.msg)));
      expect(probeLines).toEqual([
        expect.objectContaining({ level: 40, msg: "not ready (/ready 503)" }),
      ]);
      expect(app.logs.join("\n")).not.toMatch(/failed with status code|"stack"/);
    } finally {
      await app.stop();
    }
  });

  it("reports a saturated queue on /ready; SIGTERM finishes the running scan, then exits 0", async () => {
    const app = await startApp({
      fake,
      privateKey: key.privateKey,
      env: { READY_MAX_QUEUED: "1" },
    });
    const scenario = pullRequestAdding(fake, signalsModule(["slow_receiver", "Book"]));
    const files = `/repos/acme/${scenario.repo.name}/pulls/1/files`;
    fake.inject({ method: "GET", path: files, ...faults.slow(1_500) });

    await deliverOpened(fake, app, scenario);
    await waitFor(() => fake.requestsTo("GET", files).length === 1, {
      what: "the scan to be running",
    });
    const ready = await fetch(`${app.url}/ready`);
    const exit = await app.stop(15_000);

    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      queue: { depth: 1, saturated: true },
      github: "reachable",
    });
    expect(exit).toEqual({ code: 0, signal: null });
    expect(reviewsOn(fake, scenario)).toHaveLength(1);
    expect(app.logs.some((l) => l.includes("all scans finished"))).toBe(true);
    await expect(fetch(`${app.url}/health`)).rejects.toThrow();
  });

  it("exits 1 when the grace period ends before the scan, its check run completed as interrupted", async () => {
    const app = await startApp({
      fake,
      privateKey: key.privateKey,
      env: { SHUTDOWN_GRACE_MS: "1000" },
    });
    const scenario = pullRequestAdding(fake, signalsModule(["stuck_receiver", "Book"]));
    const files = `/repos/acme/${scenario.repo.name}/pulls/1/files`;
    fake.inject({ method: "GET", path: files, ...faults.slow(5_000) });

    await deliverOpened(fake, app, scenario);
    await waitFor(() => fake.requestsTo("GET", files).length === 1, {
      what: "the scan to be running",
    });
    const exit = await app.stop(5_000);

    expect(exit).toEqual({ code: 1, signal: null });
    expect(reviewsOn(fake, scenario)).toEqual([]);
    const runs = fake.state.checkRuns.filter((run) => run.repo === scenario.repo);
    expect(runs.map((run) => [run.status, run.conclusion, run.output.title])).toEqual([
      ["completed", "neutral", "interrupted, re-run to scan"],
    ]);
  });

  it("starts no waiting scan after SIGTERM", async () => {
    const app = await startApp({
      fake,
      privateKey: key.privateKey,
      env: { SCAN_CONCURRENCY: "1", SHUTDOWN_GRACE_MS: "15000" },
    });
    const running = pullRequestAdding(fake, signalsModule(["first_receiver", "Book"]));
    const waiting = pullRequestAdding(fake, signalsModule(["second_receiver", "Book"]));
    const files = `/repos/acme/${running.repo.name}/pulls/1/files`;
    fake.inject({ method: "GET", path: files, ...faults.slow(1_500) });

    await deliverOpened(fake, app, running);
    await waitFor(() => fake.requestsTo("GET", files).length === 1, {
      what: "the first scan to be running",
    });
    const queued = await deliverOpened(fake, app, waiting);
    const exit = await app.stop(20_000);

    expect(exit).toEqual({ code: 0, signal: null });
    expect(reviewsOn(fake, running)).toHaveLength(1);
    expect(fake.state.checkRuns.filter((run) => run.repo === waiting.repo)).toEqual([]);
    expect(
      app.jsonLogs().some((l) => l.delivery === queued.id && /not started/.test(String(l.msg))),
    ).toBe(true);
  });
});
