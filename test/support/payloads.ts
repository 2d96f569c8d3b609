import { createRequire } from "node:module";
import type { FakeGitHub } from "./fake-github/server.js";
import {
  checkRunJson,
  issueCommentJson,
  pullJson,
  repoJson,
  userJson,
  type Urls,
} from "./fake-github/json.js";
import type { CheckRun, IssueComment, PullRequest, Repo, User } from "./fake-github/state.js";

interface ExampleDefinition {
  name: string;
  examples: ({ action?: string } & Record<string, unknown>)[];
}

const examples = createRequire(import.meta.url)(
  "@octokit/webhooks-examples",
) as ExampleDefinition[];

/** A copy of GitHub's own example payload for the event and action: the base shape we fill in. */
function exampleOf(name: string, action: string): Record<string, unknown> {
  const definition = examples.find((d) => d.name === name);
  const example = definition?.examples.find((e) => e.action === action) ?? definition?.examples[0];
  if (!example) throw new Error(`no example payload for ${name}`);
  return structuredClone(example);
}

function urlsOf(fake: FakeGitHub): Urls {
  return { api: fake.apiUrl, web: fake.url };
}

function merge(base: unknown, ours: Record<string, unknown>): Record<string, unknown> {
  return { ...(base as Record<string, unknown>), ...ours };
}

function envelope(
  fake: FakeGitHub,
  repo: Repo,
  sender: User,
  example: Record<string, unknown>,
): Record<string, unknown> {
  const urls = urlsOf(fake);
  const installation =
    repo.installationId === undefined
      ? {}
      : {
          installation: {
            id: repo.installationId,
            node_id: Buffer.from(`0:Installation${repo.installationId}`).toString("base64"),
          },
        };
  return {
    repository: merge(example.repository, repoJson(repo, urls)),
    sender: merge(example.sender, userJson(sender, urls)),
    ...installation,
  };
}

export interface WebhookEvent {
  name: string;
  payload: Record<string, unknown>;
}

export function pullRequestEvent(
  fake: FakeGitHub,
  pr: PullRequest,
  action: "opened" | "reopened" | "synchronize" | "ready_for_review" | "closed" | "edited",
  options: { before?: string; sender?: string } = {},
): WebhookEvent {
  const example = exampleOf("pull_request", action);
  const sender = options.sender ? fake.state.user(options.sender) : pr.author;
  const payload: Record<string, unknown> = {
    action,
    number: pr.number,
    pull_request: merge(example.pull_request, pullJson(fake.state, pr, urlsOf(fake))),
    ...envelope(fake, pr.repo, sender, example),
  };
  if (action === "synchronize") {
    payload.before = options.before ?? pr.headHistory.at(-2) ?? pr.baseSha;
    payload.after = pr.headSha;
  }
  return { name: "pull_request", payload };
}

/** A comment on a PR conversation (or a plain issue); create it in state first. */
export function issueCommentEvent(
  fake: FakeGitHub,
  comment: IssueComment,
  action: "created" | "edited" | "deleted" = "created",
): WebhookEvent {
  const example = exampleOf("issue_comment", action);
  const urls = urlsOf(fake);
  const pr = fake.state.pull(comment.repo, comment.issueNumber);
  const issueBase = example.issue as Record<string, unknown>;
  const issueApi = `${urls.api}/repos/${comment.repo.fullName}/issues/${comment.issueNumber}`;
  const issue: Record<string, unknown> = {
    ...issueBase,
    url: issueApi,
    number: comment.issueNumber,
    title: pr?.title ?? "An issue",
    user: userJson(pr?.author ?? comment.user, urls),
    state: pr?.state ?? "open",
    comments_url: `${issueApi}/comments`,
    html_url: `${urls.web}/${comment.repo.fullName}/${pr ? "pull" : "issues"}/${comment.issueNumber}`,
  };
  if (pr) {
    issue.pull_request = {
      url: `${urls.api}/repos/${comment.repo.fullName}/pulls/${pr.number}`,
      html_url: `${urls.web}/${comment.repo.fullName}/pull/${pr.number}`,
      diff_url: `${urls.web}/${comment.repo.fullName}/pull/${pr.number}.diff`,
      patch_url: `${urls.web}/${comment.repo.fullName}/pull/${pr.number}.patch`,
      merged_at: null,
    };
  } else {
    delete issue.pull_request;
  }
  return {
    name: "issue_comment",
    payload: {
      action,
      issue,
      comment: merge(example.comment, issueCommentJson(fake.state, comment, urls)),
      ...(action === "edited" ? { changes: { body: { from: "(earlier text)" } } } : {}),
      ...envelope(fake, comment.repo, comment.user, example),
    },
  };
}

export function checkRunEvent(
  fake: FakeGitHub,
  run: CheckRun,
  action: "rerequested" | "requested_action",
  options: { sender?: string; requestedActionId?: string } = {},
): WebhookEvent {
  const example = exampleOf("check_run", action);
  const sender = fake.state.user(options.sender ?? run.repo.owner.login);
  return {
    name: "check_run",
    payload: {
      action,
      check_run: merge(example.check_run, checkRunJson(fake.state, run, urlsOf(fake))),
      ...(action === "requested_action"
        ? { requested_action: { identifier: options.requestedActionId ?? "rescan" } }
        : {}),
      ...envelope(fake, run.repo, sender, example),
    },
  };
}

/** `pull_requests` lists same-repository PRs only, as GitHub does (empty for fork heads). */
export function checkSuiteEvent(
  fake: FakeGitHub,
  repo: Repo,
  headSha: string,
  action: "rerequested" | "requested" = "rerequested",
  options: { sender?: string } = {},
): WebhookEvent {
  const example = exampleOf("check_suite", action);
  const urls = urlsOf(fake);
  const sender = fake.state.user(options.sender ?? repo.owner.login);
  const pulls = fake.state.pulls.filter(
    (p) => p.repo === repo && p.headSha === headSha && p.headRepo === repo && p.state === "open",
  );
  return {
    name: "check_suite",
    payload: {
      action,
      check_suite: merge(example.check_suite, {
        id: fake.state.nextId(),
        head_sha: headSha,
        head_branch: pulls[0]?.headRef ?? null,
        status: "completed",
        conclusion: "neutral",
        pull_requests: pulls.map((p) => ({
          id: p.id,
          number: p.number,
          url: `${urls.api}/repos/${repo.fullName}/pulls/${p.number}`,
          head: {
            ref: p.headRef,
            sha: p.headSha,
            repo: { id: repo.id, url: `${urls.api}/repos/${repo.fullName}`, name: repo.name },
          },
          base: {
            ref: p.baseRef,
            sha: p.baseSha,
            repo: { id: repo.id, url: `${urls.api}/repos/${repo.fullName}`, name: repo.name },
          },
        })),
      }),
      ...envelope(fake, repo, sender, example),
    },
  };
}
