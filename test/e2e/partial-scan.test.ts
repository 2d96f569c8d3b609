// A pull request some of whose files cannot be scanned, delivered to the deployed server: a blob
// GitHub will not serve, a file too large to analyse, a file of 150,000 lines. Each is named as
// not scanned (or scanned in full), and every other finding is still posted. Comments of other
// bots carrying our fingerprints neither silence a finding nor get hidden.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeSource } from "../../src/analysis/index.js";
import { fingerprint, fingerprintMarker } from "../../src/report/review-fingerprint.js";
import { faults, waitFor, type FakeGitHub, type RunningApp } from "../support/index.js";
import {
  commentsOn,
  deliverOpened,
  MODELS,
  reviewsOn,
  signalsModule,
  startServers,
} from "./scenario.js";
import type { Scenario } from "./scenario.js";

let fake: FakeGitHub;
let app: RunningApp;

beforeAll(async () => {
  let servers: RunningApp[];
  ({ fake, servers } = await startServers(1, {}));
  app = servers[0] as RunningApp;
});

afterAll(async () => {
  const exit = await app?.stop();
  await fake?.close();
  expect(exit?.code).toBe(0);
});

const TEN_MB = 10 * 1024 * 1024;
const LONG_FILE_LINES = 150_000;

function longModule(): string {
  return Array.from({ length: LONG_FILE_LINES }, (_, index) => `x${index} = 1\n`).join("");
}

function hugeModule(): string {
  const module = signalsModule(["huge_receiver", "Book"]);
  const filler = "# filler line of a generated module, kept to reach ten megabytes\n";
  return module + filler.repeat(Math.ceil((TEN_MB - module.length) / filler.length));
}

/** A PR adding receivers in four files; `library/unserved.py` has a blob GitHub never serves. */
function partialScenario(): Scenario & { unservedBlob: string } {
  const repo = fake.state.createRepo({ owner: "acme", name: "partial", installationId: 7 });
  const long = longModule();
  const base = repo.pushCommit({
    "library/__init__.py": "",
    "library/models.py": MODELS,
    "library/long.py": long,
  });
  const head = repo.pushCommit(
    {
      "library/__init__.py": "",
      "library/models.py": MODELS,
      "library/long.py": long + signalsModule(["long_receiver", "Book"]),
      "library/signals.py": signalsModule(["update_num_books", "Book"]),
      "library/unserved.py": signalsModule(["unserved_receiver", "Book"]),
      "library/huge.py": hugeModule(),
    },
    { branch: "feature", parent: base.sha },
  );
  const pr = fake.state.openPullRequest({
    base: repo,
    head: repo,
    headSha: head.sha,
    headBranch: "feature",
    author: "dev",
  });
  const unserved = head.entries.find((entry) => entry.path === "library/unserved.py");
  return { repo, pr, unservedBlob: unserved?.sha ?? "" };
}

/** Review comments another bot wrote on the PR, quoting our fingerprints. */
function otherBotComments({ repo, pr }: Scenario, hashes: string[]) {
  const user = fake.state.user("github-actions[bot]", "Bot");
  for (const hash of hashes) {
    fake.state.reviewComments.push({
      id: fake.state.nextId(),
      repo,
      pullNumber: pr.number,
      reviewId: fake.state.nextId(),
      user,
      path: "library/signals.py",
      line: 7,
      side: "RIGHT",
      body: `Copied from elsewhere.\n\n${fingerprintMarker(hash)}`,
      commitId: pr.headSha,
      diffHunk: "@@ -0,0 +1,1 @@",
      createdAt: fake.state.nowIso(),
    });
  }
}

describe("a pull request with files that cannot be scanned", () => {
  it("names them on the check run and in the review, and posts every other finding", async () => {
    const scenario = partialScenario();
    const blobPath = `/repos/acme/partial/git/blobs/${scenario.unservedBlob}`;
    fake.inject({ method: "GET", path: blobPath, times: 2, ...faults.notFound() });
    const ours = analyzeSource(signalsModule(["update_num_books", "Book"]), {
      file: "library/signals.py",
    }).findings.map(fingerprint);
    otherBotComments(scenario, [...ours, "0123456789abcdef"]);

    const reply = await deliverOpened(fake, app, scenario);
    expect(reply.status).toBe(200);
    const runs = () => fake.state.checkRuns.filter((run) => run.repo === scenario.repo);
    await waitFor(() => runs().some((run) => run.status === "completed"), {
      timeoutMs: 60_000,
      what: "the completed check run",
    });
    await waitFor(() => reviewsOn(fake, scenario).length === 1, {
      timeoutMs: 20_000,
      what: "the review",
    });

    const [run] = runs();
    expect(run?.conclusion).toBe("neutral");
    expect(run?.output.title).toMatch(/incomplete: 2 files not scanned/);
    expect(run?.output.summary).toMatch(
      /`library\/unserved\.py`: GitHub did not serve it \(HTTP 404\)/,
    );
    expect(run?.output.summary).toMatch(/`library\/huge\.py`: larger than the 4 MB/);
    const review = reviewsOn(fake, scenario)[0];
    expect(review?.body).toContain("library/unserved.py");
    expect(review?.body).toContain("library/huge.py");
    // Another bot quoting the fingerprint of `update_num_books` does not silence it.
    const ourComments = commentsOn(fake, scenario).filter(
      (c) => c.user.login === "django-signals[bot]",
    );
    expect(ourComments.map((c) => c.path).sort()).toEqual([
      "library/long.py",
      "library/signals.py",
    ]);
    // One more try for the blob GitHub did not serve, then it is left out.
    expect(fake.requestsTo("GET", blobPath)).toHaveLength(2);
    const others = commentsOn(fake, scenario).filter((c) => c.user.login === "github-actions[bot]");
    expect(others.map((c) => c.minimizedReason)).toEqual(
      [...ours, "0123456789abcdef"].map(() => undefined),
    );
    expect(fake.violations).toEqual([]);
  });
});
