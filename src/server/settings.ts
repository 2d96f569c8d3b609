// The server's settings, read from Probot's standard environment variables. A missing or
// malformed value becomes one SettingsError naming the variable, so start-up fails with one line.
import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { DEFAULT_ARCHIVE_LIMITS } from "../github/archive.js";
import { DEFAULT_PROJECT_CACHE_MB } from "../app/scan/project-context.js";
import { MB } from "../github/archive.js";
import type { ProjectContextSettings } from "../app/scan/project-context.js";

export class SettingsError extends Error {}

const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogSettings {
  level: LogLevel;
  format: "json" | "pretty";
  levelInString: boolean;
  messageKey: string | undefined;
  sentryDsn: string | undefined;
}

export interface ServerSettings {
  mode: "app";
  appId: number;
  privateKey: string;
  /** "development" only when NODE_ENV=development and WEBHOOK_SECRET is unset. */
  webhookSecret: string;
  /** What the logs must never show: the key and the operator's webhook secret (not the placeholder). */
  secrets: string[];
  host: string | undefined;
  port: number;
  webhookPath: string | undefined;
  webhookProxyUrl: string | undefined;
  baseUrl: string;
  redisUrl: string | undefined;
  /** Prefix of the queue's Redis keys: replicas of one app share it. */
  redisKeyPrefix: string;
  /** Redis mode: a replica silent this long loses its job (and its PR's lock) to another one. */
  queueLockMs: number;
  /** Where docs links point when a repository's config does not say (`DOCS_BASE_URL`). */
  docsBaseUrl: string | undefined;
  shutdownGraceMs: number;
  /** A GitHub request unanswered this long is aborted (and retried like a 5xx). */
  githubTimeoutMs: number;
  /** Scans this process runs at once. */
  scanConcurrency: number;
  /** /ready answers 503 from this many jobs waiting or running. */
  readyMaxQueued: number;
  /** The project archive's limits and this replica's cache of project indexes. */
  projectContext: ProjectContextSettings;
  log: LogSettings;
}

/** No credentials at all: Probot's setup flow registers the app from app.yml. */
export interface SetupSettings {
  mode: "setup";
  host: string | undefined;
  port: number;
  log: LogSettings;
}

type Env = Record<string, string | undefined>;

const DEFAULT_PORT = 3000;
const DEFAULT_SHUTDOWN_GRACE_MS = 25_000;
const DEFAULT_SCAN_CONCURRENCY = 4;
const DEFAULT_GITHUB_TIMEOUT_MS = 30_000;
const DEFAULT_READY_MAX_QUEUED = 500;
const DEFAULT_QUEUE_LOCK_MS = 30_000;
const DEVELOPMENT_SECRET = "development";

function value(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === "" ? undefined : raw;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const parsed = Number(raw);
  if (!/^\d+$/.test(raw) || parsed < min || parsed > max) {
    throw new SettingsError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return parsed;
}

function url(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const raw = value(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new SettingsError(`${name} is not a URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new SettingsError(
      `${name} must start with ${protocols.map((p) => `${p}//`).join(" or ")}`,
    );
  }
  return raw;
}

function logSettings(env: Env): LogSettings {
  const level = (value(env, "LOG_LEVEL") ?? "info").toLowerCase();
  if (!LOG_LEVELS.includes(level as LogLevel)) {
    throw new SettingsError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got "${level}"`);
  }
  const format = value(env, "LOG_FORMAT") ?? (env.NODE_ENV === "production" ? "json" : "pretty");
  if (format !== "json" && format !== "pretty") {
    throw new SettingsError(`LOG_FORMAT must be json or pretty, got "${format}"`);
  }
  return {
    level: level as LogLevel,
    format,
    levelInString: env.LOG_LEVEL_IN_STRING === "true",
    messageKey: value(env, "LOG_MESSAGE_KEY"),
    sentryDsn: value(env, "SENTRY_DSN"),
  };
}

// Like Probot: a PEM, the same with literal "\n", or base64 of the PEM.
function decodePrivateKey(raw: string): string {
  const pem = raw.includes("-----BEGIN") ? raw : Buffer.from(raw, "base64").toString("utf8");
  return pem.replace(/\\n/g, "\n");
}

function privateKey(env: Env, cwd: string): string | undefined {
  const inline = value(env, "PRIVATE_KEY");
  const path = value(env, "PRIVATE_KEY_PATH");
  let pem: string;
  let name: string;
  if (inline !== undefined) {
    pem = decodePrivateKey(inline);
    name = "PRIVATE_KEY";
  } else if (path !== undefined) {
    try {
      pem = readFileSync(resolve(cwd, path), "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
      throw new SettingsError(`PRIVATE_KEY_PATH: cannot read ${path} (${code})`);
    }
    name = "PRIVATE_KEY_PATH";
  } else {
    return undefined;
  }
  try {
    createPrivateKey(pem);
  } catch {
    throw new SettingsError(`${name} does not hold a valid PEM private key (PKCS#1 or PKCS#8)`);
  }
  return pem;
}

function appId(env: Env): number | undefined {
  const raw = value(env, "APP_ID");
  if (raw === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(raw))
    throw new SettingsError(`APP_ID must be a positive integer, got "${raw}"`);
  return Number(raw);
}

function baseUrl(env: Env): string {
  const host = value(env, "GHE_HOST");
  const protocol = value(env, "GHE_PROTOCOL") ?? "https";
  if (protocol !== "https" && protocol !== "http") {
    throw new SettingsError(`GHE_PROTOCOL must be https or http, got "${protocol}"`);
  }
  if (host === undefined) return "https://api.github.com";
  if (!/^[\w.-]+(:\d+)?$/.test(host)) {
    throw new SettingsError(`GHE_HOST must be a host name (and port) without protocol or path`);
  }
  return `${protocol}://${host}/api/v3`;
}

function projectContext(env: Env): ProjectContextSettings {
  const limits = DEFAULT_ARCHIVE_LIMITS;
  return {
    archive: {
      maxArchiveBytes: integer(env, "ARCHIVE_MAX_MB", limits.maxArchiveBytes / MB, 1, 10_000) * MB,
      maxPythonBytes:
        integer(env, "ARCHIVE_PYTHON_MAX_MB", limits.maxPythonBytes / MB, 1, 10_000) * MB,
      maxFileBytes:
        integer(env, "ARCHIVE_FILE_MAX_KB", limits.maxFileBytes / 1024, 1, 102_400) * 1024,
      timeoutMs: integer(env, "ARCHIVE_TIMEOUT_MS", limits.timeoutMs, 100, 3_600_000),
    },
    cacheBytes: integer(env, "PROJECT_CACHE_MB", DEFAULT_PROJECT_CACHE_MB, 0, 100_000) * MB,
  };
}

function webhookSecret(env: Env): string {
  const secret = value(env, "WEBHOOK_SECRET");
  if (secret !== undefined) return secret;
  if (env.NODE_ENV === "development") return DEVELOPMENT_SECRET;
  throw new SettingsError(
    "WEBHOOK_SECRET is missing: set it to the app's webhook secret (only NODE_ENV=development runs without one)",
  );
}

export function readSettings(env: Env, cwd = process.cwd()): ServerSettings | SetupSettings {
  const log = logSettings(env);
  const port = integer(env, "PORT", DEFAULT_PORT, 0, 65_535);
  const host = value(env, "HOST");
  const id = appId(env);
  const key = privateKey(env, cwd);
  if (id === undefined && key === undefined) {
    if (env.NODE_ENV === "production") {
      throw new SettingsError(
        "APP_ID is missing: set APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH)",
      );
    }
    return { mode: "setup", host, port, log };
  }
  if (id === undefined) throw new SettingsError("APP_ID is missing: set it to the GitHub App's ID");
  if (key === undefined) {
    throw new SettingsError("PRIVATE_KEY is missing: set PRIVATE_KEY or PRIVATE_KEY_PATH");
  }
  const secret = webhookSecret(env);
  return {
    mode: "app",
    appId: id,
    privateKey: key,
    webhookSecret: secret,
    // The placeholder of development is no secret; a secret the operator set always is.
    secrets: value(env, "WEBHOOK_SECRET") === undefined ? [key] : [key, secret],
    host,
    port,
    webhookPath: value(env, "WEBHOOK_PATH"),
    webhookProxyUrl: url(env, "WEBHOOK_PROXY_URL", ["https:", "http:"]),
    baseUrl: baseUrl(env),
    redisUrl: url(env, "REDIS_URL", ["redis:", "rediss:"]),
    redisKeyPrefix: value(env, "REDIS_KEY_PREFIX") ?? "django-signals",
    queueLockMs: integer(env, "QUEUE_LOCK_MS", DEFAULT_QUEUE_LOCK_MS, 1_000, 600_000),
    docsBaseUrl: url(env, "DOCS_BASE_URL", ["https:", "http:"]),
    shutdownGraceMs: integer(env, "SHUTDOWN_GRACE_MS", DEFAULT_SHUTDOWN_GRACE_MS, 0, 3_600_000),
    githubTimeoutMs: integer(
      env,
      "GITHUB_REQUEST_TIMEOUT_MS",
      DEFAULT_GITHUB_TIMEOUT_MS,
      100,
      600_000,
    ),
    scanConcurrency: integer(env, "SCAN_CONCURRENCY", DEFAULT_SCAN_CONCURRENCY, 1, 64),
    readyMaxQueued: integer(env, "READY_MAX_QUEUED", DEFAULT_READY_MAX_QUEUED, 1, 1_000_000),
    projectContext: projectContext(env),
    log,
  };
}
