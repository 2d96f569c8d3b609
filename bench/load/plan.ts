// The work of the load benchmark: one repository per pull request, each PR opened, pushed to twice
// and its last push redelivered twice (same delivery id), so most deliveries must coalesce. One PR
// in five adds a signal receiver. Bodies and signatures are made here, before any clock starts.
import { randomUUID } from "node:crypto";
import {
  pullRequestEvent,
  signWebhook,
  type FakeGitHub,
  type WebhookEvent,
} from "../../test/support/index.js";
import type { PreparedDelivery } from "./protocol.js";

export const DELIVERIES_PER_PR = 5;
const RECEIVER_EVERY = 5;

const MODELS = `from django.db import models


class Book(models.Model):
    title = models.CharField(max_length=100)
`;
const RECEIVER = `from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Book


@receiver(post_save, sender=Book)
def touch_book(sender, instance, **kwargs):
    instance.save()
`;
const plain = (version: number) => `def price(book):\n    return ${version}\n`;

export interface PlannedPull {
  addsReceiver: boolean;
  events: (WebhookEvent & { id?: string })[];
}

/** One repository per PR; head moves twice; the last event is redelivered twice (same id). */
function planPull(fake: FakeGitHub, index: number): PlannedPull {
  const repo = fake.state.createRepo({ owner: "load", name: `repo${index}`, installationId: 7 });
  const addsReceiver = index % RECEIVER_EVERY === 0;
  const base = repo.pushCommit({ "shop/models.py": MODELS, "shop/price.py": plain(0) });
  const push = (version: number, parent?: string) =>
    repo.commitChanges(
      {
        "shop/price.py": plain(version),
        ...(addsReceiver ? { "shop/signals.py": RECEIVER + `# v${version}\n` } : {}),
      },
      { branch: "feature", ...(parent === undefined ? {} : { parent }) },
    );
  const first = push(1, base.sha);
  const pr = fake.state.openPullRequest({
    base: repo,
    head: repo,
    headSha: first.sha,
    headBranch: "feature",
    author: "dev",
  });
  const opened = pullRequestEvent(fake, pr, "opened");
  fake.state.updatePullRequestHead(pr, push(2).sha);
  const secondPush = pullRequestEvent(fake, pr, "synchronize");
  fake.state.updatePullRequestHead(pr, push(3).sha);
  const lastPush = { ...pullRequestEvent(fake, pr, "synchronize"), id: `redelivery-${index}` };
  const events = [opened, secondPush, lastPush, lastPush, lastPush];
  return { addsReceiver, events: events.slice(0, DELIVERIES_PER_PR) };
}

/** GitHub's request for one event: its headers, signature included, and the exact body. */
function prepare(event: WebhookEvent & { id?: string }, secret: string): PreparedDelivery {
  const body = JSON.stringify(event.payload);
  return {
    body,
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/fake",
      "x-github-event": event.name,
      "x-github-delivery": event.id ?? randomUUID(),
      "x-github-hook-id": "1",
      "x-hub-signature-256": signWebhook(secret, body),
    },
  };
}

/** PRs `first` to `first + count - 1`, and their deliveries round-robin (a burst from many repos). */
export function planPulls(
  fake: FakeGitHub,
  first: number,
  count: number,
  secret: string,
): { pulls: PlannedPull[]; deliveries: PreparedDelivery[] } {
  const pulls = Array.from({ length: count }, (_, i) => planPull(fake, first + i));
  const deliveries = Array.from({ length: DELIVERIES_PER_PR }, (_, round) =>
    pulls.flatMap((p) => p.events.slice(round, round + 1)),
  )
    .flat()
    .map((event) => prepare(event, secret));
  return { pulls, deliveries };
}

/** The calls one scan of a final head needs at least, for the PRs of this benchmark. */
export function minimumCalls(pull: PlannedPull): number {
  const config = 2; // the repository's file, then the org's `.github` fallback (Probot's context.config)
  const listFiles = 1;
  const headMoved = 1; // re-read the PR before posting
  const checkRun = 2; // created in progress, then completed
  const archive = 1; // the base commit's, for the project index (cached after the first scan)
  // The head's project index needs every changed Python file: price.py, and signals.py if added.
  const changedFiles = pull.addsReceiver ? 2 : 1;
  const review = pull.addsReceiver ? 2 : 0; // our earlier comments, then the review
  return config + listFiles + headMoved + checkRun + archive + changedFiles + review;
}
