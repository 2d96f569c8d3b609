import { copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, request } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { Probot, Server as ProbotServer } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import { RULES } from "../../src/analysis/index.js";
import { docsRoute } from "../../src/app/handlers/docs-route.js";
import type { DocsRouteOptions } from "../../src/app/handlers/docs-route.js";
import { generateAppKey } from "../support/index.js";

const REPO_DOCS = fileURLToPath(new URL("../../docs/rules/", import.meta.url));
// What the test server answers when the route lets a request pass.
const NOT_HANDLED = 418;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

/** A real HTTP server on 127.0.0.1 that runs the route like Probot's Server does. */
async function serve(options: DocsRouteOptions = {}): Promise<number> {
  const handler = docsRoute(options);
  const server = createServer((req, res) => {
    handler(req, res).then(
      (handled) => {
        if (!handled) res.writeHead(NOT_HANDLED).end();
      },
      () => res.writeHead(500).end(),
    );
  });
  servers.push(server);
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  return (server.address() as AddressInfo).port;
}

/** node:http, not fetch: fetch would normalise `..` in the path before sending it. */
function get(port: number, path: string, method = "GET"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

describe("GET /docs", () => {
  it("lists every rule with its title and description, linked relative to the path", async () => {
    const port = await serve();
    const bare = await get(port, "/docs");
    const slashed = await get(port, "/docs/");
    expect(bare.status).toBe(200);
    expect(bare.headers["content-type"]).toBe("text/html; charset=utf-8");
    for (const rule of RULES) {
      expect(bare.body).toContain(`href="docs/${rule.id}"`);
      expect(slashed.body).toContain(`href="${rule.id}"`);
      expect(bare.body).toContain(rule.title.replace(/&/g, "&amp;"));
      expect(bare.body).toContain(rule.description.replace(/&/g, "&amp;").replace(/'/g, "&#39;"));
    }
  });
});

describe("GET /docs/<ruleId>", () => {
  it.each(RULES.map((rule) => rule.id))("renders %s with and without .md", async (id) => {
    const port = await serve();
    const page = await get(port, `/docs/${id}`);
    const md = await get(port, `/docs/${id}.md?utm=comment`);
    expect(page.status).toBe(200);
    expect(md.status).toBe(200);
    expect(md.body).toBe(page.body);
    expect(page.body).toContain(`<h1 id="${id}">${id}</h1>`);
    expect(page.body).toContain('<h2 id="use-instead">Use instead</h2>');
    expect(page.body).toMatch(/<pre><code class="language-python">/);
    expect(page.body).toContain('<a href="./">← All rules</a>');
    expect(page.headers["content-security-policy"]).toMatch(/default-src 'none'/);
    // Self-contained: no scripts, no external style sheets or images.
    expect(page.body).not.toMatch(/<script|<link|<img|@import/i);
  });

  it("answers HEAD with the headers and no body", async () => {
    const port = await serve();
    const head = await get(port, "/docs/signal-recursion", "HEAD");
    expect(head.status).toBe(200);
    expect(Number(head.headers["content-length"])).toBeGreaterThan(1000);
    expect(head.body).toBe("");
  });

  it.each([
    "/docs/nope",
    "/docs/nope.md",
    "/docs/../package.json",
    "/docs/..%2F..%2Fpackage.json",
    "/docs/%2e%2e/%2e%2e/app.yml",
    "/docs/model-signal-receiver/../../../package.json",
    "/docs/model-signal-receiver.md.md",
    "/docs/MODEL-SIGNAL-RECEIVER",
  ])("answers 404 for %s and reads no file", async (path) => {
    const port = await serve();
    const answer = await get(port, path);
    expect(answer.status).toBe(404);
    expect(answer.body).toContain("No such rule");
    expect(answer.body).not.toContain('django-signals-bot"'); // package.json's name
    expect(answer.body).not.toContain(path);
  });

  it("links back to the index from a deeper unknown path", async () => {
    const port = await serve();
    expect((await get(port, "/docs/a/b")).body).toContain('href="../"');
  });

  it.each([
    ["GET", "/health"],
    ["GET", "/documentation"],
    ["GET", "/docsfoo"],
    ["GET", "/"],
    ["POST", "/docs"],
    ["POST", "/docs/model-signal-receiver"],
  ])("lets %s %s pass to the next handler", async (method, path) => {
    const port = await serve();
    expect((await get(port, path, method)).status).toBe(NOT_HANDLED);
  });
});

describe("rendering cache", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it("renders a page once, and retries a page whose file was missing", async () => {
    dir = await mkdtemp(join(tmpdir(), "docs-route-"));
    const file = join(dir, "receiver-raises.md");
    await copyFile(join(REPO_DOCS, "receiver-raises.md"), file);
    const port = await serve({ docsDir: dir });

    const first = await get(port, "/docs/receiver-raises");
    await writeFile(file, "# changed on disk\n");
    expect((await get(port, "/docs/receiver-raises.md")).body).toBe(first.body);

    expect((await get(port, "/docs/signal-recursion")).status).toBe(500);
    await writeFile(join(dir, "signal-recursion.md"), "# signal-recursion\n\nNow here.\n");
    const retried = await get(port, "/docs/signal-recursion");
    expect(retried.status).toBe(200);
    expect(retried.body).toContain("<p>Now here.</p>");
  });
});

describe("inside Probot's server", () => {
  it("is reached through addHandler, after the webhooks, before Probot's 404", async () => {
    const server = new ProbotServer({
      host: "127.0.0.1",
      port: 0,
      log: pino({ level: "silent" }),
      Probot: Probot.defaults({ appId: 1, privateKey: generateAppKey().privateKey, secret: "s" }),
    });
    await server.load((_app, { addHandler }) => addHandler(docsRoute()));
    await server.start();
    try {
      const page = await get(server.port, "/docs/model-signal-receiver.md");
      expect(page.status).toBe(200);
      expect(page.body).toContain('<h1 id="model-signal-receiver">');
      expect((await get(server.port, "/docs")).status).toBe(200);
      expect((await get(server.port, "/elsewhere")).status).toBe(404);
    } finally {
      await server.stop();
    }
  });
});
