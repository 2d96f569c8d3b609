// The Docker image as a user runs it (DOCKER_IMAGE, built by scripts/test-docker.sh): without
// credentials it says what is missing and exits; with them it answers /health and /ready, reviews
// a pull request of the fake GitHub, and stops cleanly on `docker stop`'s SIGTERM. The container
// shares the host's network, so everything stays on loopback.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  deliverWebhook,
  freePort,
  generateAppKey,
  pullRequestEvent,
  startApp,
  startFakeGitHub,
  waitFor,
} from "../support/index.js";
import type { FakeGitHub } from "../support/index.js";
import { pullRequestAdding, signalsModule } from "../e2e/scenario.js";

const IMAGE = process.env.DOCKER_IMAGE ?? "django-signals-bot:test";
const PASSED_ENV = ["APP_ID", "PRIVATE_KEY", "WEBHOOK_SECRET", "PORT", "HOST", "GHE_HOST"];
const run = promisify(execFile);

function dockerRun(env: string[]): string[] {
  return ["docker", "run", "--rm", "--network", "host", ...env.flatMap((n) => ["-e", n]), IMAGE];
}

let fake: FakeGitHub;
const key = generateAppKey();

beforeAll(async () => {
  fake = await startFakeGitHub({ appPublicKey: key.publicKey });
});
afterAll(() => fake.close());

describe(`the image ${IMAGE}`, () => {
  it("without credentials, says in one line what is missing and exits 1", async () => {
    const port = String(await freePort());
    const [docker = "docker", ...args] = dockerRun(["PORT"]);
    const result = await run(docker, args, { env: { ...process.env, PORT: port } })
      .then(() => ({ code: 0, stderr: "" }))
      .catch((error: { code: number; stderr: string }) => error);

    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^django-signals-bot: APP_ID is missing/),
    ]);
  });

  it("answers /health and /ready, reviews a pull request, and exits 0 on SIGTERM", async () => {
    const { pr } = pullRequestAdding(fake, signalsModule(["update_num_books", "Book"]));
    // GHE_PROTOCOL=http: the fake GitHub speaks plain HTTP on loopback.
    const app = await startApp({
      fake,
      privateKey: key.privateKey,
      command: dockerRun([...PASSED_ENV, "GHE_PROTOCOL"]),
      readyTimeoutMs: 60_000,
    });
    try {
      expect((await fetch(`${app.url}/health`)).status).toBe(200);
      expect((await fetch(`${app.url}/ready`)).status).toBe(200);
      const delivered = await deliverWebhook(app.url, {
        ...pullRequestEvent(fake, pr, "opened"),
        secret: app.webhookSecret,
      });
      expect(delivered.status).toBeLessThan(300);
      await waitFor(() => fake.state.reviews.length > 0, { timeoutMs: 60_000, what: "a review" });
      expect(fake.state.reviewComments.map((comment) => comment.body).join("\n")).toContain(
        "`update_num_books` runs on `post_save` of `Book`",
      );
      expect(fake.violations).toEqual([]);
    } finally {
      const exit = await app.stop(30_000);
      expect(exit.code, app.logs.join("\n")).toBe(0);
    }
  });
});
