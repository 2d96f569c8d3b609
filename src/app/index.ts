// Registers the app's webhook handlers. What is not deterministic (the queue, sleeping) is
// injected, so tests drive the real handlers and wait for the queue to go idle.
import type { Probot } from "probot";
import type { Sleep } from "../github/client.js";
import { CHECK_RUN_RERUN_ACTIONS, onCheckRunRerun, onCheckSuiteRerun } from "./check-rerun.js";
import { createCommandWaitlist } from "./command-waitlist.js";
import { onIssueComment } from "./commands.js";
import { onPullRequest, PULL_REQUEST_ACTIONS } from "./pull-request.js";
import { createInProcessQueue } from "./queue.js";
import type { JobQueue } from "./queue.js";
import type { QueueDeps } from "./queued-scan.js";

export interface AppDeps {
  queue?: JobQueue;
  sleep?: Sleep;
  /** This GitHub App's id (check events of other apps are ignored); `APP_ID` by default. */
  appId?: number;
}

const SCANS_AT_ONCE = 4;

const realSleep: Sleep = (milliseconds) =>
  new Promise((resolve) => setTimeout(resolve, milliseconds));

function appIdFromEnvironment(): number | undefined {
  const appId = Number.parseInt(process.env.APP_ID ?? "", 10);
  return Number.isInteger(appId) ? appId : undefined;
}

export function createApp(deps: AppDeps = {}) {
  return (app: Probot): void => {
    const queue =
      deps.queue ??
      createInProcessQueue({
        concurrency: SCANS_AT_ONCE,
        onError: (key, error) => app.log.error({ err: error, pull: key }, "scan failed"),
      });
    const appId = deps.appId ?? appIdFromEnvironment();
    const handlerDeps: QueueDeps = {
      queue,
      sleep: deps.sleep ?? realSleep,
      waitlist: createCommandWaitlist(),
      ...(appId === undefined ? {} : { appId }),
    };
    app.on([...PULL_REQUEST_ACTIONS], onPullRequest(handlerDeps));
    app.on([...CHECK_RUN_RERUN_ACTIONS], onCheckRunRerun(handlerDeps));
    app.on("check_suite.rerequested", onCheckSuiteRerun(handlerDeps));
    app.on("issue_comment.created", onIssueComment(handlerDeps));
  };
}
