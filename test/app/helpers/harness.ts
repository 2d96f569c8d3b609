// A real Probot instance with the app loaded, GitHub faked by nock, logs captured, and the
// queue and sleep injected so a test waits for the scan and never for a clock.
import { Writable } from "node:stream";
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import { createApp } from "../../../src/app/index.js";
import { createInProcessScanQueue } from "../../../src/app/queue/queue.js";
import type { ScanQueue } from "../../../src/app/queue/scan-queue.js";
import type { ProjectContextSettings } from "../../../src/app/scan/project-context.js";
import openedPayload from "../../fixtures/payloads/pull_request.opened.json" with { type: "json" };
import { APP_ID, BASE_SHA, BOT, HEAD_SHA } from "./github-mock.js";

export interface LogEntry {
  level: number;
  msg: string;
  [key: string]: unknown;
}

const ERROR_LEVEL = 50;

export type EventName = "pull_request" | "issue_comment" | "check_run" | "check_suite";

export interface Harness {
  /** Delivers one webhook and waits until every scan it queued is done. */
  deliver(payload: object, name?: EventName): Promise<void>;
  /** Delivers one webhook; its scans may still be queued or running. */
  receive(payload: object, name?: EventName): Promise<void>;
  /** Resolves when the queue has nothing running or waiting. */
  idle(): Promise<void>;
  /** Makes every sleep wait until the returned function is called (a scan held at its start). */
  holdSleeps(): () => void;
  logs: LogEntry[];
  sleeps: number[];
  errors(): LogEntry[];
  /** The errors logged so far, removed from the log: a test that expects them takes them. */
  takeErrors(): LogEntry[];
}

export interface HarnessOptions {
  /** The app-wide docs base (`DOCS_BASE_URL` in production). */
  docsBaseUrl?: string;
  /** Off unless a test gives it: these tests name every request, and the archive is one more. */
  projectContext?: ProjectContextSettings | false;
}

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const logs: LogEntry[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(JSON.parse(chunk.toString()) as LogEntry);
      done();
    },
  });
  const sleeps: number[] = [];
  let queue: ScanQueue | undefined;
  const probot = new Probot({
    githubToken: "test-token",
    log: pino({ level: "debug" }, stream),
    // The function form: Probot's own defaults would otherwise override a plain `throttle` option.
    Octokit: ProbotOctokit.defaults((options: object) => ({
      ...options,
      retry: { enabled: false },
      throttle: { enabled: false },
    })),
  });
  let held: Promise<void> | undefined;
  await probot.load(
    createApp({
      createQueue: (run) =>
        (queue = createInProcessScanQueue({
          concurrency: 2,
          run,
          onError: (_key, error) => logs.push({ level: ERROR_LEVEL, msg: String(error) }),
        })),
      appId: APP_ID,
      botLogin: BOT.login,
      projectContext: false,
      ...options,
      sleep: async (milliseconds) => {
        sleeps.push(milliseconds);
        await held;
      },
    }),
  );
  const idle = () => queue?.onIdle() ?? Promise.resolve();
  let deliveries = 0;
  async function receive(payload: object, name: EventName = "pull_request"): Promise<void> {
    deliveries++;
    await probot.receive({ id: `delivery-${deliveries}`, name, payload } as Parameters<
      Probot["receive"]
    >[0]);
  }
  const isError = (entry: LogEntry) => entry.level >= ERROR_LEVEL;
  return {
    async deliver(payload, name) {
      await receive(payload, name);
      await idle();
    },
    receive,
    idle,
    holdSleeps() {
      let release: (() => void) | undefined;
      held = new Promise<void>((resolve) => {
        release = resolve;
      });
      return () => {
        held = undefined;
        release?.();
      };
    },
    logs,
    sleeps,
    errors: () => logs.filter(isError),
    takeErrors() {
      const errors = logs.filter(isError);
      const rest = logs.filter((entry) => !isError(entry));
      logs.splice(0, logs.length, ...rest);
      return errors;
    },
  };
}

type Payload = typeof openedPayload;

export interface PullRequestOptions {
  action?: string;
  headSha?: string;
  state?: string;
  /** The head repository of a fork PR. */
  fork?: { owner: string; repo: string };
}

/** GitHub's `pull_request.opened` example with this test's action, SHAs and head repository. */
export function pullRequestPayload(options: PullRequestOptions = {}): Payload {
  const payload = structuredClone(openedPayload);
  payload.action = options.action ?? "opened";
  payload.pull_request.state = options.state ?? "open";
  payload.pull_request.head.sha = options.headSha ?? HEAD_SHA;
  payload.pull_request.base.sha = BASE_SHA;
  if (options.fork) {
    const head = payload.pull_request.head;
    head.repo.owner.login = options.fork.owner;
    head.repo.name = options.fork.repo;
    head.repo.full_name = `${options.fork.owner}/${options.fork.repo}`;
    head.repo.fork = true;
    head.label = `${options.fork.owner}:${head.ref}`;
  }
  return payload;
}
