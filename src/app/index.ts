// Registers the app's webhook handlers. What is not deterministic (the queue, sleeping) is
// injected, so tests drive the real handlers and wait for the queue to go idle.
import type { Probot } from "probot";
import type { Sleep } from "../github/client.js";
import { onPullRequest, PULL_REQUEST_ACTIONS } from "./pull-request.js";
import { createInProcessQueue } from "./queue.js";
import type { JobQueue } from "./queue.js";

export interface AppDeps {
  queue?: JobQueue;
  sleep?: Sleep;
}

const SCANS_AT_ONCE = 4;

const realSleep: Sleep = (milliseconds) =>
  new Promise((resolve) => setTimeout(resolve, milliseconds));

export function createApp(deps: AppDeps = {}) {
  return (app: Probot): void => {
    const queue =
      deps.queue ??
      createInProcessQueue({
        concurrency: SCANS_AT_ONCE,
        onError: (key, error) => app.log.error({ err: error, pull: key }, "scan failed"),
      });
    const sleep = deps.sleep ?? realSleep;
    app.on([...PULL_REQUEST_ACTIONS], onPullRequest({ queue, sleep }));
  };
}
