// Deliveries from strangers, over real HTTP to the deployed server: oversized bodies, bad
// signatures, missing headers and well-signed payloads that are not what their event says. Each
// is refused cheaply, logged in one short line without the body, and the server keeps serving.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  deliverWebhook,
  postWithBadSignature,
  generateAppKey,
  signWebhook,
  startApp,
  startFakeGitHub,
  type FakeGitHub,
  type RunningApp,
} from "../support/index.js";

const key = generateAppKey();
const MB = 1024 * 1024;
let fake: FakeGitHub;
let app: RunningApp;

beforeAll(async () => {
  fake = await startFakeGitHub({ appPublicKey: key.publicKey });
  app = await startApp({ fake, privateKey: key.privateKey });
});

afterAll(async () => {
  const exit = await app?.stop();
  await fake?.close();
  expect(exit?.code).toBe(0);
});

async function healthLatencyMs(): Promise<number> {
  const started = performance.now();
  const reply = await fetch(`${app.url}/health`);
  expect(reply.status).toBe(200);
  return performance.now() - started;
}

function linesAbout(delivery: string): string[] {
  return app.logs.filter((line) => line.includes(delivery));
}

describe("unauthenticated deliveries", () => {
  it("refuses bodies over GitHub's 25 MB before reading them, four at once, /health answering under 1 s", async () => {
    const logBytesBefore = app.logs.join("\n").length;
    const deliveries = [1, 2, 3, 4].map(() => randomUUID());

    let settled = false;
    const posts = Promise.all(
      deliveries.map((id) => postWithBadSignature(app.url, 30 * MB, id)),
    ).finally(() => {
      settled = true;
    });
    const latencies: number[] = [];
    do latencies.push(await healthLatencyMs());
    while (!settled);
    const statuses = await posts;

    expect(Math.max(...latencies)).toBeLessThan(1_000);
    // The answer is 413; a client still sending may see the connection closed instead.
    for (const status of statuses) expect([413, 0]).toContain(status);
    for (const id of deliveries) expect(linesAbout(id)).toHaveLength(1);
    expect(app.logs.join("\n").length - logBytesBefore).toBeLessThan(4 * 1_000);
  });

  it("answers a bad signature on a 1 MB body with 401 and one short log line without the body", async () => {
    const delivery = randomUUID();
    const marker = `leaked-${randomUUID()}`;
    const body = JSON.stringify({ action: "opened", filler: marker.repeat(MB / marker.length) });

    const reply = await deliverWebhook(app.url, {
      name: "pull_request",
      payload: null,
      rawBody: body,
      id: delivery,
      secret: "not-the-secret",
    });

    expect(reply.status).toBe(401);
    const lines = linesAbout(delivery);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.length).toBeLessThan(500);
    expect(app.logs.some((line) => line.includes(marker))).toBe(false);
  });

  it("answers a delivery without X-GitHub-Event with 400", async () => {
    const body = JSON.stringify({ action: "opened" });
    const reply = await fetch(`${app.url}/api/github/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-delivery": randomUUID(),
        "x-hub-signature-256": signWebhook(app.webhookSecret, body),
      },
      body,
    });

    expect(reply.status).toBe(400);
  });
});

describe("signed deliveries that are not what their event says", () => {
  it("answers 400 without the internal error's text", async () => {
    const payloads = [
      { name: "pull_request", payload: { action: "opened" } },
      {
        name: "issue_comment",
        payload: { action: "created", comment: { body: "/django-signals help" } },
      },
      { name: "check_run", payload: { action: "rerequested" } },
    ];

    const replies = await Promise.all(
      payloads.map((event) => deliverWebhook(app.url, { ...event, secret: app.webhookSecret })),
    );

    for (const reply of replies) {
      expect(reply.status).toBe(400);
      expect(reply.body).not.toMatch(/TypeError|undefined|Cannot read/);
    }
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
  });
});
