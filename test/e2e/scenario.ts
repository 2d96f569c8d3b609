// A small Django project on the fake GitHub, and a pull request adding signal receivers to it.
import { IMPORTS } from "../app/helpers/python.js";
import {
  deliverWebhook,
  generateAppKey,
  pullRequestEvent,
  startApp,
  startFakeGitHub,
} from "../support/index.js";
import type { FakeGitHub, PullRequest, Repo, RunningApp } from "../support/index.js";

export const MODELS = `from django.db import models


class Author(models.Model):
    name = models.CharField(max_length=100)
    num_books = models.IntegerField(default=0)


class Book(models.Model):
    title = models.CharField(max_length=100)
    author = models.ForeignKey(Author, related_name="books", on_delete=models.CASCADE)
`;

export function receiver(handler: string, sender: string): string {
  return `

@receiver(post_save, sender=${sender})
def ${handler}(sender, instance, created, **kwargs):
    instance.author.num_books = instance.author.books.count()
    instance.author.save()
`;
}

export function signalsModule(...receivers: [handler: string, sender: string][]): string {
  return IMPORTS + receivers.map(([handler, sender]) => receiver(handler, sender)).join("");
}

export interface Scenario {
  repo: Repo;
  pr: PullRequest;
}

let repoCounter = 0;

/** A fresh repository (unique name, installation 7) and a PR adding `signals` to `library/`. */
export function pullRequestAdding(
  fake: FakeGitHub,
  signals: string,
  /** `installationId: null`: a repository the app is not installed on. */
  options: { installationId?: number | null } = {},
): Scenario {
  repoCounter += 1;
  const installationId = options.installationId === undefined ? 7 : options.installationId;
  const repo = fake.state.createRepo({
    owner: "acme",
    name: `shop${repoCounter}`,
    ...(installationId === null ? {} : { installationId }),
  });
  const base = repo.pushCommit({ "library/__init__.py": "", "library/models.py": MODELS });
  const head = repo.pushCommit(
    { "library/__init__.py": "", "library/models.py": MODELS, "library/signals.py": signals },
    { branch: "feature", parent: base.sha },
  );
  const pr = fake.state.openPullRequest({
    base: repo,
    head: repo,
    headSha: head.sha,
    headBranch: "feature",
    author: "dev",
  });
  return { repo, pr };
}

/** Pushes a new head to the PR's branch with `signals` as the new signals module. */
export function pushSignals(fake: FakeGitHub, { repo, pr }: Scenario, signals: string): void {
  const commit = repo.commitChanges({ "library/signals.py": signals }, { branch: "feature" });
  fake.state.updatePullRequestHead(pr, commit.sha);
}

export function reviewsOn(fake: FakeGitHub, { repo, pr }: Scenario) {
  return fake.state.reviews.filter((r) => r.repo === repo && r.pullNumber === pr.number);
}

export function commentsOn(fake: FakeGitHub, { repo, pr }: Scenario) {
  return fake.state.reviewComments.filter((c) => c.repo === repo && c.pullNumber === pr.number);
}

/** A fake GitHub and `count` servers of the app on it, each started with `env`. */
export async function startServers(
  count: number,
  env: Record<string, string>,
): Promise<{ fake: FakeGitHub; servers: RunningApp[] }> {
  const key = generateAppKey();
  const fake = await startFakeGitHub({ appPublicKey: key.publicKey });
  const servers = await Promise.all(
    Array.from({ length: count }, () => startApp({ fake, privateKey: key.privateKey, env })),
  );
  return { fake, servers };
}

/** GitHub's signed `pull_request.opened` delivery for the scenario's PR, to one running app. */
export function deliverOpened(fake: FakeGitHub, app: RunningApp, { pr }: Scenario) {
  const event = pullRequestEvent(fake, pr, "opened");
  return deliverWebhook(app.url, { ...event, secret: app.webhookSecret });
}
