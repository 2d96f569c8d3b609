// `/django-signals` commands in a pull request's conversation (`issue_comment.created` only:
// an edited or deleted comment never runs anything). Bots are ignored, so no loops; a re-scan
// is for people who may write to the repository and for the PR's author.
import type { Context } from "probot";
import { createIssueComment, listIssueComments } from "../../github/issue-comments.js";
import { canWrite } from "../../github/permissions.js";
import type { PullRef } from "../../github/client.js";
import { refusalMarker, renderHelp, renderRefusal } from "../../report/help.js";
import { acknowledge } from "./acknowledge.js";
import { parseCommands } from "./commands-parse.js";
import type { Logger } from "probot";
import type { Octokit } from "../../github/client.js";
import { enqueueScan } from "../queue/queued-scan.js";
import type { QueueDeps } from "../queue/queued-scan.js";
import { installationIdOf, scanKey } from "../queue/scan-queue.js";

type CommentContext = Context<"issue_comment.created">;

/** The delivery's client and log. */
interface Requester {
  octokit: Octokit;
  log: Logger;
}

interface Author {
  login: string;
  type?: string;
}

function isBot(user: Author): boolean {
  return user.type === "Bot" || user.login.endsWith("[bot]");
}

async function mayRescan(
  requester: Requester,
  pull: PullRef,
  user: string,
  pullAuthor: string | undefined,
): Promise<boolean> {
  if (pullAuthor !== undefined && user.toLowerCase() === pullAuthor.toLowerCase()) return true;
  return canWrite(requester.octokit, pull, user);
}

const REFUSAL_QUIET_MS = 60 * 60 * 1000;

/** Whether this app told `user` no on this PR within the hour (its comment carries the marker). */
async function refusedRecently(
  deps: QueueDeps,
  requester: Requester,
  pull: PullRef,
  user: string,
): Promise<boolean> {
  const botLogin = await deps.botLogin();
  const marker = refusalMarker(user);
  const comments = await listIssueComments(requester.octokit, pull);
  return comments.some(
    (comment) =>
      comment.author === botLogin &&
      comment.body.includes(marker) &&
      Date.now() - Date.parse(comment.createdAt) < REFUSAL_QUIET_MS,
  );
}

/** One refusal comment per person per PR per hour; the reaction says no every time. */
async function refuse(
  deps: QueueDeps,
  requester: Requester,
  pull: PullRef,
  user: string,
): Promise<void> {
  if (await refusedRecently(deps, requester, pull, user)) {
    requester.log.info({ user }, "refusing the re-scan again: told within the hour, no comment");
    return;
  }
  requester.log.info(
    { user },
    "refusing the re-scan: no write access and not the pull request's author",
  );
  await createIssueComment(requester.octokit, pull, renderRefusal(user));
}

async function requestRescan(
  deps: QueueDeps,
  requester: Requester,
  context: CommentContext,
  pull: PullRef,
  user: string,
): Promise<void> {
  const { comment, issue } = context.payload;
  const waiting = { repo: pull, commentId: comment.id };
  if (!(await mayRescan(requester, pull, user, issue.user?.login))) {
    await refuse(deps, requester, pull, user);
    await acknowledge(requester, [waiting], "confused");
    return;
  }
  const installationId = installationIdOf(context.payload);
  if (installationId === undefined) {
    requester.log.warn("not re-scanning: the delivery names no installation of the app");
    await acknowledge(requester, [waiting], "confused");
    return;
  }
  await acknowledge(requester, [waiting], "eyes");
  await enqueueScan(
    deps,
    { installationId, deliveryId: context.id },
    { kind: "current-head", pull },
    [comment.id],
  );
  requester.log.info({ user }, "re-scan queued");
}

export function onIssueComment(deps: QueueDeps) {
  return async (context: CommentContext): Promise<void> => {
    const { comment, issue, repository } = context.payload;
    const commands = parseCommands(comment.body);
    if (commands.length === 0) return; // most comments: nothing to do, nothing worth a log line
    const pull = { owner: repository.owner.login, repo: repository.name, pullNumber: issue.number };
    const log = context.log.child({
      pull: scanKey(pull),
      comment: comment.id,
      delivery: context.id,
    });
    if (!issue.pull_request) {
      log.info("ignoring the command: it is on an issue, not on a pull request");
      return;
    }
    const user = comment.user;
    if (user === null || isBot(user)) {
      log.info(
        { user: user?.login },
        "ignoring the command: a bot (or a deleted account) wrote it",
      );
      return;
    }
    const requester = { octokit: context.octokit, log };
    for (const command of commands) {
      if (command.name === "rescan") {
        await requestRescan(deps, requester, context, pull, user.login);
      } else {
        log.info({ unknown: command.unknown }, "answering with the help");
        await createIssueComment(context.octokit, pull, renderHelp(command.unknown));
      }
    }
  };
}
