// The deployed server reading the whole project: the base commit's archive from the fake GitHub
// (a real gzip tar behind the redirect), cached per commit, the PR's changes laid over it; and
// each way the archive can fail, after which the review goes on with the changed files alone.
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { faults, waitFor } from "../support/index.js";
import type { FakeGitHub, FaultRule, Repo, RunningApp } from "../support/index.js";
import { tarOf } from "../support/fake-github/tarball.js";
import { deliverOpened, startServers } from "./scenario.js";
import type { Scenario } from "./scenario.js";

const MODELS = `from django.db import models


class Order(models.Model):
    total = models.IntegerField(default=0)
    stock_checked = models.BooleanField(default=False)
`;

const HANDLERS = `def update_stock(sender, instance, created, **kwargs):
    instance.stock_checked = True
    instance.save()
`;

const TASKS = `from .models import Order


def close_day():
    Order.objects.filter(total=0).update(stock_checked=True)
`;

const APPS = `from django.apps import AppConfig


class ShopConfig(AppConfig):
    name = "shop"
`;

const APPS_CONNECTING = `from django.apps import AppConfig
from django.db.models.signals import post_save


class ShopConfig(AppConfig):
    name = "shop"

    def ready(self):
        from . import handlers
        from .models import Order

        post_save.connect(handlers.update_stock, sender=Order)
`;

const PROJECT = {
  "shop/__init__.py": "",
  "shop/models.py": MODELS,
  "shop/handlers.py": HANDLERS,
  "shop/tasks.py": TASKS,
  "shop/apps.py": APPS,
};

let fake: FakeGitHub;
let servers: RunningApp[] = [];
let repoCounter = 0;
let nextServer = 0;

beforeAll(async () => {
  ({ fake, servers } = await startServers(2, {
    ARCHIVE_MAX_MB: "1",
    ARCHIVE_TIMEOUT_MS: "3000",
    LOG_LEVEL: "debug",
  }));
});

afterAll(async () => {
  const exits = await Promise.all(servers.map((server) => server.stop()));
  await fake?.close();
  expect(exits.map((exit) => exit.code)).toEqual([0, 0]);
});

/** A fresh repository holding the shop project, and a PR connecting `update_stock` in apps.py. */
function connectingPullRequest(base: Record<string, string> = PROJECT): Scenario {
  repoCounter += 1;
  const repo = fake.state.createRepo({
    owner: "acme",
    name: `project${repoCounter}`,
    installationId: 7,
  });
  return connectingOn(repo, repo.pushCommit(base).sha, "feature");
}

/** A PR whose branch, made from `baseSha`, connects `update_stock` in apps.py. */
function connectingOn(repo: Repo, baseSha: string, branch: string): Scenario {
  const head = repo.pushCommit(
    { ...repo.commits.get(baseSha)?.tree, "shop/apps.py": APPS_CONNECTING },
    { branch, parent: baseSha },
  );
  const pr = fake.state.openPullRequest({
    base: repo,
    head: repo,
    headSha: head.sha,
    headBranch: branch,
    author: "dev",
  });
  return { repo, pr };
}

/** Another PR on the same base commit of the scenario's repository. */
function siblingPullRequest({ repo, pr }: Scenario): Scenario {
  return connectingOn(repo, pr.baseSha, "sibling");
}

async function scan(scenario: Scenario, server = servers[nextServer++ % servers.length]) {
  const reply = await deliverOpened(fake, server as RunningApp, scenario);
  expect(reply.status).toBe(200);
  const finished = () =>
    (server as RunningApp)
      .jsonLogs()
      .find((line) => line.delivery === reply.id && line.msg === "scan finished");
  await waitFor(() => finished() !== undefined, { timeoutMs: 30_000, what: "the scan" });
  const run = fake.state.checkRunsFor(scenario.repo, scenario.pr.headSha).at(-1);
  const comments = fake.state.reviewCommentsOf(scenario.pr);
  return { run, comments, apiCalls: Number(finished()?.apiCalls), server: server as RunningApp };
}

function archiveRequests(scenario: Scenario) {
  return fake.requestsTo("GET", new RegExp(`^/repos/acme/${scenario.repo.name}/tarball/`));
}

describe.concurrent("with the project's archive", () => {
  it("reads the handler in handlers.py for the receiver connected in apps.py: signal-recursion", async () => {
    const scenario = connectingPullRequest();

    const { run, comments } = await scan(scenario);

    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({ path: "shop/apps.py", line: 12 });
    expect(comments[0]?.body).toContain("signal-recursion");
    expect(comments[0]?.body).toContain("instance.save()");
    // Each place links to its line at the head commit, on the fake's own host (like GHE).
    const blob = `${fake.url}/acme/${scenario.repo.name}/blob/${scenario.pr.headSha}`;
    expect(comments[0]?.body).toContain(
      `The handler is defined at [\`shop/handlers.py:1\`](${blob}/shop/handlers.py#L1).`,
    );
    expect(comments[0]?.body).toContain(
      `- [\`shop/tasks.py:5\`](${blob}/shop/tasks.py#L5) \`Order.objects.filter(total=0).update(stock_checked=True)\``,
    );
    expect(run?.output.summary).toContain("| Already bypassed |");
    expect(run?.output.summary).toContain(
      `| [\`shop/apps.py:12\`](${blob}/shop/apps.py#L12) | \`handlers.update_stock\` | \`post_save\` | \`Order\` | 1 |`,
    );
    expect(run?.output.summary).toContain("signal-recursion");
    expect(run?.output.summary).not.toContain("project context: not loaded");
    expect(archiveRequests(scenario).map((r) => r.status)).toEqual([302]);
  });

  it("costs one API call more than the changed files alone on a miss, none on a hit", async () => {
    const server = servers[0] as RunningApp;
    const configured = (on: boolean) => ({
      ...PROJECT,
      ".github/django-signals.yml": `project_context: ${on}\n`,
    });
    // The first scan of a replica also fetches the installation's token: warm it up first.
    await scan(connectingPullRequest(configured(false)), server);
    const alone = await scan(connectingPullRequest(configured(false)), server);
    const missing = connectingPullRequest(configured(true));
    const miss = await scan(missing, server);
    const hit = await scan(siblingPullRequest(missing), server);

    expect(alone.run?.output.summary).not.toContain("project context");
    expect(miss.apiCalls).toBe(alone.apiCalls + 1);
    expect(hit.apiCalls).toBe(alone.apiCalls);
    expect(hit.comments).toHaveLength(1);
    expect(archiveRequests(missing)).toHaveLength(1);
  });
});

describe("a pull request changing many Python files", () => {
  it("reads its head files from one archive of the head commit, not one blob each", async () => {
    const modules = Object.fromEntries(
      Array.from({ length: 40 }, (_, n) => [
        `shop/views_${n}.py`,
        `def view_${n}(request):\n    return ${n}\n`,
      ]),
    );
    const scenario = connectingPullRequest();
    const { repo, pr } = scenario;
    const head = repo.commitChanges(modules, { branch: "feature" });
    fake.state.updatePullRequestHead(pr, head.sha);

    const { comments, apiCalls } = await scan(scenario);

    const path = (kind: string) => new RegExp(`^/repos/acme/${repo.name}/${kind}`);
    expect(fake.requestsTo("GET", path("git/blobs"))).toEqual([]);
    expect(fake.requestsTo("GET", path("contents/shop"))).toEqual([]);
    // The base commit's archive for the project index, the head commit's for the 41 files.
    expect(archiveRequests(scenario).map((r) => r.path.split("/").pop())).toEqual(
      expect.arrayContaining([pr.baseSha, head.sha]),
    );
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain("signal-recursion");
    expect(apiCalls).toBeLessThan(15);
  });
});

const downloadOf = (s: Scenario) => new RegExp(`^/_codeload/acme/${s.repo.name}/`);

describe.concurrent(
  "when the archive cannot be had, the review goes on and the summary says why",
  () => {
    const zeros = gzipSync(
      tarOf([{ path: "top/zeros.bin", content: Buffer.alloc(80 * 1024 * 1024) }], "0".repeat(40)),
    );
    const whole = gzipSync(tarOf([{ path: "top/a.py", content: "a = 1\n".repeat(50_000) }]));
    const cases: [string, (scenario: Scenario) => FaultRule, string][] = [
      [
        "404",
        (s) => ({ path: new RegExp(`^/repos/acme/${s.repo.name}/tarball/`), ...faults.notFound() }),
        "archive not found (404)",
      ],
      [
        "5xx after retries",
        (s) => ({ path: downloadOf(s), times: 3, ...faults.serverError(502) }),
        "download answered 502",
      ],
      [
        "an archive over the limit",
        (s) => ({ path: downloadOf(s), status: 200, bytes: Buffer.alloc(2 * 1024 * 1024, 1) }),
        "archive over 1 MB",
      ],
      [
        "a corrupt gzip",
        (s) => ({ path: downloadOf(s), status: 200, bytes: Buffer.from("not a gzip") }),
        "archive is truncated or corrupt",
      ],
      [
        "a truncated gzip",
        (s) => ({ path: downloadOf(s), status: 200, bytes: whole.subarray(0, whole.length >> 1) }),
        "archive is truncated or corrupt",
      ],
      [
        "a decompression bomb",
        (s) => ({ path: downloadOf(s), status: 200, bytes: zeros }),
        "archive expands too much (a decompression bomb)",
      ],
      ["a timeout", (s) => ({ path: downloadOf(s), ...faults.slow(5_000) }), "download timed out"],
    ];

    it.each(cases)("%s", async (_name, fault, reason) => {
      const scenario = connectingPullRequest();
      fake.inject(fault(scenario));

      const { run, comments } = await scan(scenario);

      expect(comments).toHaveLength(1);
      expect(comments[0]?.body).toContain("model-signal-receiver");
      expect(comments[0]?.body).not.toContain("signal-recursion");
      expect(run?.status).toBe("completed");
      expect(run?.output.summary).toContain(`project context: not loaded, ${reason}`);
    });
  },
);

describe("after all scans", () => {
  it("GitHub saw only documented requests, and no token went to the download host", () => {
    expect(fake.violations).toEqual([]);
  });
});
