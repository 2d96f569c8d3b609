import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import type { FakeGitHub } from "./fake-github/server.js";

const REPO_ROOT = resolve(fileURLToPath(import.meta.url), "../../..");

export interface StartAppOptions {
  fake: FakeGitHub;
  privateKey: string;
  webhookSecret?: string;
  /** Extra or overriding environment (LOG_LEVEL, REDIS_URL, NODE_ENV, ...). */
  env?: Record<string, string>;
  /**
   * A Probot app file to run with `probot run` instead of the server (`dist/server.js`, what
   * `npm start` runs): the fake's self-tests use a probe app.
   */
  appPath?: string;
  /** Files written into the child's (otherwise empty) working directory, e.g. `.env`. */
  files?: Record<string, string>;
  /** A server entry run as `node <serverEntry>`, such as an installed package's `dist/server.js`. */
  serverEntry?: string;
  /**
   * A program and its arguments run instead of node, such as `docker run ... <image>`; it gets the
   * environment below, to pass on (`docker run -e NAME`).
   */
  command?: string[];
  readyTimeoutMs?: number;
}

export interface RunningApp {
  url: string;
  port: number;
  webhookSecret: string;
  /** stdout and stderr lines, in arrival order. */
  logs: string[];
  /** Parsed pino JSON lines (non-JSON lines are skipped). */
  jsonLogs(): Record<string, unknown>[];
  /** SIGTERM, then waits for the exit (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  child: ChildProcess;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function collectLines(stream: NodeJS.ReadableStream | null, into: string[]): void {
  let rest = "";
  stream?.on("data", (chunk: Buffer) => {
    const lines = (rest + chunk.toString("utf8")).split("\n");
    rest = lines.pop() ?? "";
    into.push(...lines.filter((l) => l !== ""));
  });
  stream?.on("end", () => {
    if (rest !== "") into.push(rest);
  });
}

async function waitUntilListening(
  url: string,
  child: ChildProcess,
  logs: string[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `app exited (${child.exitCode ?? child.signalCode}) before listening:\n${logs.join("\n")}`,
      );
    }
    try {
      // Any HTTP answer means the server listens; /health itself is the app's business.
      await fetch(`${url}/health`, { signal: AbortSignal.timeout(500) });
      return;
    } catch {
      await sleep(50);
    }
  }
  throw new Error(`app did not listen within ${timeoutMs} ms:\n${logs.join("\n")}`);
}

/** The child's arguments: a server entry, `probot run <appPath>`, or this repository's server. */
function commandLine(options: { appPath?: string; serverEntry?: string }): string[] {
  if (options.serverEntry !== undefined) return [resolve(REPO_ROOT, options.serverEntry)];
  if (options.appPath === undefined) return [join(REPO_ROOT, "dist/server.js")];
  const probotBin = join(REPO_ROOT, "node_modules/probot/bin/probot.js");
  return [probotBin, "run", resolve(REPO_ROOT, options.appPath)];
}

function temporaryCwd(files: Record<string, string> = {}): string {
  const cwd = mkdtempSync(join(tmpdir(), "django-signals-e2e-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(cwd, name), content);
  return cwd;
}

/**
 * Runs the real server, `node dist/server.js` (what `npm start` does), against the fake.
 * The working directory is an empty temporary one so a developer's `.env` (which the server, like
 * `probot run`, copies over the environment) cannot leak into tests; the environment is minimal
 * for the same reason.
 */
export async function startApp(options: StartAppOptions): Promise<RunningApp> {
  const port = await freePort();
  const webhookSecret = options.webhookSecret ?? "e2e-webhook-secret";
  const cwd = temporaryCwd(options.files);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    APP_ID: String(options.fake.state.app.id),
    PRIVATE_KEY: options.privateKey,
    WEBHOOK_SECRET: webhookSecret,
    PORT: String(port),
    HOST: "127.0.0.1",
    GHE_HOST: options.fake.host,
    GHE_PROTOCOL: "http",
    LOG_LEVEL: "info",
    LOG_FORMAT: "json",
    ...options.env,
  };
  const [program = process.execPath, ...args] = options.command ?? [
    process.execPath,
    ...commandLine(options),
  ];
  const child = spawn(program, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  const logs: string[] = [];
  collectLines(child.stdout, logs);
  collectLines(child.stderr, logs);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
    (resolveExit) => {
      child.once("exit", (code, signal) => {
        rmSync(cwd, { recursive: true, force: true });
        resolveExit({ code, signal });
      });
    },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilListening(url, child, logs, options.readyTimeoutMs ?? 15_000);
  } catch (error) {
    child.kill("SIGKILL");
    await exited;
    throw error;
  }
  return {
    url,
    port,
    webhookSecret,
    logs,
    child,
    jsonLogs: () =>
      logs.flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      }),
    stop: async (graceMs = 10_000) => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}

export interface ExitedServer {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `dist/server.js` with exactly `env` (plus PATH) and waits for it to exit (start-up errors). */
export async function runServerToExit(
  env: Record<string, string>,
  { timeoutMs = 10_000, files }: { timeoutMs?: number; files?: Record<string, string> } = {},
): Promise<ExitedServer> {
  const cwd = temporaryCwd(files);
  const child = spawn(process.execPath, commandLine({}), {
    cwd,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const code = await new Promise<number | null>((resolveExit) => child.once("exit", resolveExit));
  clearTimeout(timer);
  rmSync(cwd, { recursive: true, force: true });
  return { code, stdout, stderr };
}
