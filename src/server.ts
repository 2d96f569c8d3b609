// `npm start`: the app as a production server. Probot's Server with the app, /health, /ready, /docs,
// a job queue (in-process, or shared through Redis with REDIS_URL), redacted logs and a graceful
// shutdown. Settings come from Probot's environment variables (and `.env`, like `probot run`).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { Probot, Server, run as runProbot } from "probot";
import type { Logger } from "pino";
import { createApp, logScanFailure } from "./app/index.js";
import { docsRoute } from "./app/handlers/docs-route.js";
import { createRedisQueue } from "./app/queue/queue-redis.js";
import { jobKey } from "./app/queue/scan-queue.js";
import type { ScanRunner } from "./app/queue/scan-queue.js";
import type { InterruptibleRuns } from "./app/scan/scan.js";
import { pingAsApp } from "./github/app.js";
import { healthRoutes } from "./server/health.js";
import { createLogger } from "./server/logger.js";
import { createMeteredQueue } from "./server/metered-queue.js";
import type { ServedQueue } from "./server/served-queue.js";
import { readSettings, SettingsError } from "./server/settings.js";
import type { ServerSettings, SetupSettings } from "./server/settings.js";
import { exitOnSignals } from "./server/shutdown.js";
import { guardRequests, webhookGuard } from "./server/webhook-guard.js";

const READY_CACHE_MS = 10_000;
// Probot's (and @octokit/webhooks') default when WEBHOOK_PATH is not set.
const DEFAULT_WEBHOOK_PATH = "/api/github/webhooks";
const GITHUB_PROBE_TIMEOUT_MS = 3_000;
// Lets the last log lines through the formatting streams before the process ends.
const EXIT_DELAY_MS = 100;

/** Like `probot run`: a `.env` in the working directory overrides the environment. */
function applyDotEnv(cwd: string): void {
  let text: string;
  try {
    text = readFileSync(join(cwd, ".env"), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw new SettingsError(`.env: cannot read it (${(error as NodeJS.ErrnoException).code})`);
  }
  Object.assign(process.env, parseEnv(text));
}

function exitSoon(code: number): void {
  setTimeout(() => process.exit(code), EXIT_DELAY_MS);
}

function servedQueue(settings: ServerSettings, app: Probot, run: ScanRunner): ServedQueue {
  if (settings.redisUrl === undefined) {
    return createMeteredQueue({
      concurrency: settings.scanConcurrency,
      run,
      onError: logScanFailure(app.log),
      onNotStarted: (job) =>
        app.log.warn(
          { pull: jobKey(job), delivery: job.deliveryId },
          "scan not started: the server is shutting down (redeliver the webhook to scan)",
        ),
    });
  }
  const queue = createRedisQueue({
    redisUrl: settings.redisUrl,
    concurrency: settings.scanConcurrency,
    run,
    log: app.log,
    prefix: settings.redisKeyPrefix,
    lockMs: settings.queueLockMs,
  });
  return { queue, depth: () => queue.depth(), close: () => queue.close() };
}

/**
 * GitHub answers the app's own JWT request (also proves the credentials are accepted) within the
 * probe's time, whatever holds it up: with REDIS_URL, Probot paces requests through Redis, and a
 * lost Redis would hold the request before it is sent.
 */
async function probeGitHub(app: Probot): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${GITHUB_PROBE_TIMEOUT_MS} ms`)),
      GITHUB_PROBE_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([
      app.auth().then((octokit) => pingAsApp(octokit, GITHUB_PROBE_TIMEOUT_MS)),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Octokit has no request timeout: a connection GitHub never answers would hold a scan forever. */
function fetchWithTimeout(timeoutMs: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return fetch(input, { ...init, signal });
  };
}

async function startServer(settings: ServerSettings, log: Logger): Promise<void> {
  const server = new Server({
    host: settings.host,
    port: settings.port,
    webhookPath: settings.webhookPath,
    webhookProxy: settings.webhookProxyUrl,
    log,
    Probot: Probot.defaults({
      appId: settings.appId,
      privateKey: settings.privateKey,
      secret: settings.webhookSecret,
      baseUrl: settings.baseUrl,
      redisConfig: settings.redisUrl,
      request: { fetch: fetchWithTimeout(settings.githubTimeoutMs) },
      log,
    }),
  });
  let served: ServedQueue | undefined;
  // In Redis mode a scan cut off by shutdown is retried by another replica, which reuses its run.
  const openRuns: InterruptibleRuns | undefined =
    settings.redisUrl === undefined ? new Set() : undefined;
  await server.load((app, { addHandler }) => {
    createApp({
      appId: settings.appId,
      ...(openRuns === undefined ? {} : { openRuns }),
      ...(settings.docsBaseUrl === undefined ? {} : { docsBaseUrl: settings.docsBaseUrl }),
      projectContext: settings.projectContext,
      createQueue: (run) => {
        served = servedQueue(settings, app, run);
        return served.queue;
      },
    })(app);
    addHandler(
      healthRoutes({
        probeGitHub: () => probeGitHub(app),
        queueDepth: () => served?.depth() ?? Promise.resolve(0),
        maxQueueDepth: settings.readyMaxQueued,
        cacheMs: READY_CACHE_MS,
        log,
      }),
    );
    // The rule pages every comment links to, for self-hosted installs (DOCS_BASE_URL).
    addHandler(docsRoute());
  });
  const httpServer = await server.start();
  guardRequests(
    httpServer,
    webhookGuard({
      path: settings.webhookPath ?? DEFAULT_WEBHOOK_PATH,
      secret: settings.webhookSecret,
      log,
    }),
  );
  log.info(
    {
      queue: settings.redisUrl === undefined ? "in-process" : "redis",
      concurrency: settings.scanConcurrency,
    },
    "django-signals-bot ready for webhooks",
  );
  exitOnSignals({
    log,
    stopAccepting: () => server.stop(),
    drain: () => served?.close() ?? Promise.resolve(),
    graceMs: settings.shutdownGraceMs,
    interrupt: async () => {
      await Promise.all([...(openRuns ?? [])].map((interrupt) => interrupt()));
    },
    exit: exitSoon,
  });
}

/** No credentials: Probot's setup flow registers the app from app.yml and writes `.env`. */
async function startSetup(settings: SetupSettings): Promise<void> {
  await runProbot(() => undefined);
  const where = `http://${settings.host ?? "localhost"}:${settings.port}`;
  console.log(
    `django-signals-bot: no APP_ID / PRIVATE_KEY yet. Open ${where} to register the GitHub App ` +
      `from app.yml; GitHub's answer is saved to .env. Then stop this process and run npm start ` +
      `again (or set APP_ID, PRIVATE_KEY and WEBHOOK_SECRET yourself).`,
  );
}

async function main(): Promise<void> {
  applyDotEnv(process.cwd());
  const settings = readSettings(process.env);
  if (settings.mode === "setup") return startSetup(settings);
  const log = await createLogger(settings.log, settings.secrets);
  process.on("unhandledRejection", (reason) => log.error({ err: reason }, "unhandled rejection"));
  await startServer(settings, log);
}

main().catch((error: unknown) => {
  // Start-up failures are one line: the setting, or the reason (a port in use, ...), no stack.
  const message = error instanceof Error ? error.message : String(error);
  console.error(`django-signals-bot: ${message}`);
  process.exit(1);
});
