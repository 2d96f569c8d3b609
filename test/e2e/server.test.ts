// The server as deployed (`node dist/server.js`, a child process) against the fake GitHub over
// real HTTP: reviews, redelivery, bad input, health and readiness, and what its logs leave out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  deliverWebhook,
  generateAppKey,
  issueCommentEvent,
  pullRequestEvent,
  startApp,
  startFakeGitHub,
  waitFor,
  type FakeGitHub,
  type RunningApp,
} from "../support/index.js";
import {
  commentsOn,
  pullRequestAdding,
  pushSignals,
  reviewsOn,
  signalsModule,
} from "./scenario.js";
import type { Scenario } from "./scenario.js";

const key = generateAppKey();
// The app-wide docs base (a repository's `docs_base_url` would win over it).
const DOCS_BASE_URL = "https://signals.example.test/docs";
let fake: FakeGitHub;
let app: RunningApp;

beforeAll(async () => {
  fake = await startFakeGitHub({ appPublicKey: key.publicKey });
  // Debug level: Probot then logs every GitHub request, the likeliest place for a token to leak.
  app = await startApp({
    fake,
    privateKey: key.privateKey,
    env: { LOG_LEVEL: "debug", DOCS_BASE_URL },
  });
});

afterAll(async () => {
  const exit = await app?.stop();
  await fake?.close();
  expect(exit?.code).toBe(0);
});

function runsOn({ repo }: Scenario) {
  return fake.state.checkRuns.filter((run) => run.repo === repo);
}

function deliver(event: { name: string; payload: unknown }, extra: { id?: string } = {}) {
  return deliverWebhook(app.url, { ...event, ...extra, secret: app.webhookSecret });
}

describe("a pull request adding a receiver", () => {
  it("gets one review with an inline comment on the registration line", async () => {
    const scenario = pullRequestAdding(fake, signalsModule(["update_num_books", "Book"]));
    const requestsBefore = fake.requests.length;

    const reply = await deliver(pullRequestEvent(fake, scenario.pr, "opened"));

    expect(reply.status).toBe(200);
    await waitFor(() => reviewsOn(fake, scenario).length === 1, { what: "the review" });
    const comments = commentsOn(fake, scenario);
    expect(comments.map((c) => [c.path, c.line, c.side])).toEqual([
      ["library/signals.py", 7, "RIGHT"],
    ]);
    expect(comments[0]?.body).toContain("update_num_books");
    expect(reviewsOn(fake, scenario)[0]?.state).toBe("COMMENTED");
    await waitFor(() => runsOn(scenario).some((run) => run.status === "completed"), {
      what: "the completed check run",
    });
    expect(
      runsOn(scenario).map((run) => [run.name, run.headSha, run.status, run.conclusion]),
    ).toEqual([["Django signals", scenario.pr.headSha, "completed", "neutral"]]);
    expect(runsOn(scenario)[0]?.output.annotations.length).toBeGreaterThan(0);
    expect(runsOn(scenario)[0]?.detailsUrl).toBe(DOCS_BASE_URL);
    expect(comments[0]?.body).toContain(`${DOCS_BASE_URL}/`);
    expect(fake.violations).toEqual([]);

    // One summary line for the scan, counting the API calls GitHub saw (the installation token's
    // request included: the scan's client asked for it).
    const finished = () =>
      app.jsonLogs().filter((l) => l.msg === "scan finished" && l.delivery === reply.id);
    await waitFor(() => finished().length === 1, { what: "the scan's log line" });
    // `GET /app` (the app's bot login, read once per process with the app's JWT) is not the scan's,
    // and the archive's download from the redirect's host is no API call (nor rate-limited).
    const apiRequests = fake.requests
      .slice(requestsBefore)
      .filter((r) => r.path !== "/app" && !r.path.startsWith("/_codeload/"));
    expect(finished()).toEqual([
      expect.objectContaining({
        level: 30,
        repo: `acme/${scenario.repo.name}`,
        pullNumber: scenario.pr.number,
        headSha: scenario.pr.headSha,
        filesListed: 1,
        filesFetched: 1,
        // update_num_books is a receiver and recomputes an aggregate: two findings, one comment.
        findingsIntroduced: 2,
        findingsPosted: 2,
        apiCalls: apiRequests.length,
        durationMs: expect.any(Number),
        outcome: "posted",
      }),
    ]);
    // The runner knows the app's id: the check-run lookup asks for our runs only.
    const lookup = apiRequests.find((r) =>
      r.path.endsWith(`/commits/${scenario.pr.headSha}/check-runs`),
    );
    expect(lookup?.query.app_id).toBe(String(fake.state.app.id));
  });

  it("comments only on the new receiver after a synchronize, and not again on redelivery", async () => {
    const scenario = pullRequestAdding(fake, signalsModule(["notify_author", "Book"]));
    const opened = await deliver(pullRequestEvent(fake, scenario.pr, "opened"));
    await waitFor(() => commentsOn(fake, scenario).length === 1, { what: "the first comment" });

    pushSignals(
      fake,
      scenario,
      signalsModule(["notify_author", "Book"], ["recount_books", "Author"]),
    );
    await deliver(pullRequestEvent(fake, scenario.pr, "synchronize"));
    await waitFor(() => commentsOn(fake, scenario).length === 2, { what: "the second comment" });
    const reviewsBefore = reviewsOn(fake, scenario).length;
    await deliver(pullRequestEvent(fake, scenario.pr, "synchronize"), { id: opened.id });
    await waitFor(
      () => app.jsonLogs().some((l) => l.delivery === opened.id && l.msg === "nothing new to post"),
      {
        what: "the redelivered scan",
      },
    );

    const comments = commentsOn(fake, scenario);
    expect(comments[1]?.body).toContain("recount_books");
    expect(comments[1]?.body).not.toContain("notify_author");
    expect(reviewsOn(fake, scenario)).toHaveLength(reviewsBefore);
    expect(fake.violations).toEqual([]);
  });
});

describe("a /django-signals rescan command", () => {
  it("by a reader is refused politely, with a reaction, and runs no scan", async () => {
    const scenario = pullRequestAdding(fake, signalsModule(["reader_receiver", "Book"]));
    scenario.repo.setCollaborator("reader", "read");
    const command = fake.state.addIssueComment(
      scenario.repo,
      scenario.pr.number,
      "reader",
      "/django-signals rescan",
    );

    const reply = await deliver(issueCommentEvent(fake, command));

    expect(reply.status).toBe(200);
    await waitFor(() => fake.state.reactions.some((r) => r.commentId === command.id), {
      what: "the reaction",
    });
    expect(
      fake.state.reactions.filter((r) => r.commentId === command.id).map((r) => r.content),
    ).toEqual(["confused"]);
    const replies = fake.state.issueComments.filter(
      (c) => c.repo === scenario.repo && c.id !== command.id,
    );
    expect(replies).toHaveLength(1);
    expect(replies[0]?.body).toContain("reader");
    expect(fake.requestsTo("GET", `/repos/acme/${scenario.repo.name}/pulls/1/files`)).toEqual([]);
    expect(fake.violations).toEqual([]);
  });
});

describe("deliveries the app must refuse or ignore", () => {
  it("answers a bad or missing signature with 400/401 and calls GitHub for nothing", async () => {
    const scenario = pullRequestAdding(fake, signalsModule(["bad_sig", "Book"]));
    const event = pullRequestEvent(fake, scenario.pr, "opened");

    const wrong = await deliverWebhook(app.url, { ...event, secret: "not-the-secret" });
    const missing = await deliverWebhook(app.url, event);

    expect([400, 401]).toContain(wrong.status);
    expect([400, 401]).toContain(missing.status);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Scans of earlier tests may still be talking to the fake: only this repository's calls count.
    const repoPath = `/repos/acme/${scenario.repo.name}/`;
    expect(fake.requests.filter((r) => r.path.startsWith(repoPath))).toEqual([]);
  });

  it("answers malformed JSON, unknown events and payloads without installation without crashing", async () => {
    const noInstallation = pullRequestAdding(fake, signalsModule(["orphan", "Book"]), {
      installationId: null,
    });

    const malformed = await deliverWebhook(app.url, {
      name: "pull_request",
      payload: null,
      rawBody: '{"action": "opened", ',
      secret: app.webhookSecret,
    });
    const unknownEvent = await deliver({ name: "sponsorship", payload: { action: "created" } });
    const unknownAction = await deliver({
      ...pullRequestEvent(fake, noInstallation.pr, "edited"),
    });
    const orphan = await deliver(pullRequestEvent(fake, noInstallation.pr, "opened"));

    expect(malformed.status).toBeGreaterThanOrEqual(400);
    expect(malformed.status).toBeLessThan(500);
    expect(unknownEvent.status).toBe(200);
    expect(unknownAction.status).toBe(200);
    expect(orphan.status).toBeLessThan(500);
    await waitFor(
      () => app.jsonLogs().some((l) => l.delivery === orphan.id && Number(l.level) >= 40),
      {
        what: "a logged reason for the scan without installation",
      },
    );
    expect(reviewsOn(fake, noInstallation)).toEqual([]);
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
    expect(app.child.exitCode).toBeNull();
  });
});

describe("the rule docs", () => {
  it("are served under /docs for self-hosted installs", async () => {
    const page = await fetch(`${app.url}/docs/model-signal-receiver`);

    expect(page.status).toBe(200);
    expect(await page.text()).toContain('id="model-signal-receiver"');
  });
});

describe("health and readiness", () => {
  it("answers /health and /ready with 200 JSON while GitHub answers", async () => {
    const health = await fetch(`${app.url}/health`);
    const ready = await fetch(`${app.url}/ready`);

    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: "ready",
      github: "reachable",
      queue: { saturated: false },
    });
  });
});

describe("logs", () => {
  it("never contain the webhook secret, the private key or a token, even when GitHub echoes them", async () => {
    const [token] = fake.issuedTokens();
    expect(token).toBeDefined();
    const keyLines = key.privateKey
      .split("\n")
      .filter((line) => line.length > 20 && !line.startsWith("-----"));
    // An error message quoting every secret: the app logs it with the failed scan.
    const scenario = pullRequestAdding(fake, signalsModule(["leaky_receiver", "Book"]));
    fake.inject({
      method: "GET",
      path: `/repos/acme/${scenario.repo.name}/pulls/1/files`,
      status: 404,
      body: { message: `Not Found for ${token} ${app.webhookSecret} ${keyLines.join(" ")}` },
    });
    const reply = await deliver(pullRequestEvent(fake, scenario.pr, "opened"));
    await waitFor(
      () => app.jsonLogs().some((l) => l.delivery === reply.id && l.msg === "scan failed"),
      { what: "the failed scan's log line" },
    );
    const failure = app.logs.find((l) => l.includes(reply.id) && l.includes("scan failed"));
    const text = app.logs.join("\n");

    expect(app.jsonLogs().length).toBe(app.logs.length);
    expect(failure).toContain("Not Found for [REDACTED]");
    expect(text).not.toContain(app.webhookSecret);
    for (const line of keyLines) expect(text).not.toContain(line);
    for (const issued of fake.issuedTokens()) expect(text).not.toContain(issued);
  });
});
