// Registers the app's webhook handlers and the runner of the scans they queue. What is not
// deterministic (the queue, sleeping) is injected, so tests drive the real handlers and wait for
// the queue to go idle.
import type { Logger, Probot } from "probot";
import { appBotLogin } from "../github/app.js";
import type { Octokit, Sleep } from "../github/client.js";
import { retryOnSecondaryRateLimit } from "../github/rate-limit.js";
import {
  CHECK_RUN_RERUN_ACTIONS,
  onCheckRunRerun,
  onCheckSuiteRerun,
} from "./handlers/check-rerun.js";
import { onIssueComment } from "./handlers/commands.js";
import { onPullRequest, PULL_REQUEST_ACTIONS } from "./handlers/pull-request.js";
import { createInProcessScanQueue } from "./queue/queue.js";
import { createScanRunner } from "./queue/queued-scan.js";
import { createProjectSource, DEFAULT_PROJECT_CONTEXT } from "./scan/project-context.js";
import type { ProjectContextSettings } from "./scan/project-context.js";
import type { QueueDeps } from "./queue/queued-scan.js";
import { QueueUnavailable } from "./queue/scan-queue.js";
import type { ScanQueue, ScanRunner } from "./queue/scan-queue.js";
import type { InterruptibleRuns } from "./scan/scan.js";

export interface AppDeps {
  /** Builds the queue that runs scan jobs with `run`; an in-process queue by default. */
  createQueue?: (run: ScanRunner) => ScanQueue;
  sleep?: Sleep;
  /** This GitHub App's id (check events of other apps are ignored); `APP_ID` by default. */
  appId?: number;
  /** Where docs links point when a repository's config does not say (`DOCS_BASE_URL`). */
  docsBaseUrl?: string;
  /** The login this app comments as; read from GitHub (`GET /app`) once when not given. */
  botLogin?: string;
  /** In-process mode: filled with the check runs to complete as interrupted at shutdown. */
  openRuns?: InterruptibleRuns;
  /** The project archive's limits and index cache; false: scans read the changed files only. */
  projectContext?: ProjectContextSettings | false;
}

const SCANS_AT_ONCE = 4;

const realSleep: Sleep = (milliseconds) =>
  new Promise((resolve) => setTimeout(resolve, milliseconds));

/** `read`'s first success, kept; a failure is not kept, so the next call asks again. */
function onceResolved<T>(read: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= read().catch((error: unknown) => {
      value = undefined;
      throw error;
    });
    return value;
  };
}

/** The log line of a scan that threw: the server's queues and the in-process one share it. */
export function logScanFailure(log: Logger): (key: string, error: unknown) => void {
  return (key, error) => log.error({ err: error, pull: key }, "scan failed");
}

function appIdFromEnvironment(): number | undefined {
  const appId = Number.parseInt(process.env.APP_ID ?? "", 10);
  return Number.isInteger(appId) ? appId : undefined;
}

export function createApp(deps: AppDeps = {}) {
  return (app: Probot): void => {
    const appId = deps.appId ?? appIdFromEnvironment();
    const sleep = deps.sleep ?? realSleep;
    const shared = {
      sleep,
      botLogin:
        deps.botLogin === undefined
          ? onceResolved(async () => appBotLogin(await app.auth()))
          : () => Promise.resolve(deps.botLogin as string),
      ...(appId === undefined ? {} : { appId }),
      ...(deps.docsBaseUrl === undefined ? {} : { docsBaseUrl: deps.docsBaseUrl }),
    };
    // The runner queues follow-up jobs on the queue built with it.
    const enqueueLater: { queue?: ScanQueue } = {};
    const projectContext = deps.projectContext ?? DEFAULT_PROJECT_CONTEXT;
    const run = createScanRunner({
      ...shared,
      ...(projectContext === false ? {} : { projects: createProjectSource(projectContext) }),
      auth: (installationId) => app.auth(installationId),
      log: app.log,
      ...(deps.openRuns === undefined ? {} : { openRuns: deps.openRuns }),
      enqueue: (job) => {
        enqueueLater.queue?.enqueue(job).catch((error: unknown) => {
          app.log.error(
            { err: error, delivery: job.deliveryId },
            "could not queue a follow-up scan",
          );
        });
      },
    });
    const queue =
      deps.createQueue?.(run) ??
      createInProcessScanQueue({
        concurrency: SCANS_AT_ONCE,
        run,
        onError: logScanFailure(app.log),
      });
    enqueueLater.queue = queue;
    const handlerDeps: QueueDeps = { ...shared, queue };
    const retrying = withRateLimitRetry(sleep);
    app.on([...PULL_REQUEST_ACTIONS], answerPublicly(retrying(onPullRequest(handlerDeps))));
    app.on([...CHECK_RUN_RERUN_ACTIONS], answerPublicly(retrying(onCheckRunRerun(handlerDeps))));
    app.on("check_suite.rerequested", answerPublicly(retrying(onCheckSuiteRerun(handlerDeps))));
    app.on("issue_comment.created", answerPublicly(retrying(onIssueComment(handlerDeps))));
  };
}

/** An error whose status and message Probot's middleware may send back to the sender. */
function publicError(status: number, message: string): Error {
  return Object.assign(new Error(message), { status });
}

/**
 * The webhook's answer never carries an internal error's text: the log has it (with the delivery
 * id). A payload missing what its event always has (a TypeError reading it) is the sender's
 * mistake, 400; a queue that cannot take the scan is 503; anything else is ours, 500. Either way
 * GitHub shows the delivery as failed, and it can be redelivered.
 */
function answerPublicly<C extends { id: string; name: string; log: Logger }>(
  handler: (context: C) => Promise<void>,
) {
  return async (context: C): Promise<void> => {
    try {
      await handler(context);
    } catch (error) {
      context.log.error({ err: error, delivery: context.id }, "webhook handler failed");
      if (error instanceof TypeError) throw publicError(400, `malformed ${context.name} payload`);
      if (error instanceof QueueUnavailable) {
        throw publicError(503, "the scan could not be queued: redeliver this delivery later");
      }
      throw publicError(500, `delivery ${context.id} failed: see the app's log`);
    }
  };
}

/** Every handler's requests wait out GitHub's secondary rate limits (the queued scans' do too). */
function withRateLimitRetry(sleep: Sleep) {
  return <C extends { octokit: Octokit; log: Logger }>(handler: (context: C) => Promise<void>) =>
    (context: C): Promise<void> => {
      retryOnSecondaryRateLimit(context.octokit, context.log, sleep);
      return handler(context);
    };
}
