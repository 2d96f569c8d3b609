import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readSettings, SettingsError } from "../../src/server/settings.js";

const pem = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
}).privateKey;

const base = { APP_ID: "42", PRIVATE_KEY: pem, WEBHOOK_SECRET: "s3cret" };

function errorOf(env: Record<string, string>): string {
  try {
    readSettings(env);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as Error).message;
  }
  throw new Error("expected a SettingsError");
}

describe("readSettings", () => {
  it("reads Probot's variables with their defaults", () => {
    const settings = readSettings(base);

    expect(settings).toMatchObject({
      mode: "app",
      appId: 42,
      privateKey: pem.trim(),
      webhookSecret: "s3cret",
      secrets: [pem.trim(), "s3cret"],
      port: 3000,
      baseUrl: "https://api.github.com",
      redisUrl: undefined,
      shutdownGraceMs: 25_000,
      log: { level: "info", format: "pretty" },
    });
  });

  it("logs JSON in production and points GHE_HOST at /api/v3", () => {
    const settings = readSettings({
      ...base,
      NODE_ENV: "production",
      GHE_HOST: "127.0.0.1:8080",
      GHE_PROTOCOL: "http",
    });

    expect(settings).toMatchObject({
      baseUrl: "http://127.0.0.1:8080/api/v3",
      log: { format: "json" },
    });
  });

  it("accepts the key base64-encoded, with escaped newlines, or from PRIVATE_KEY_PATH", () => {
    const dir = mkdtempSync(join(tmpdir(), "settings-"));
    writeFileSync(join(dir, "app.pem"), pem);

    const fromBase64 = readSettings({ ...base, PRIVATE_KEY: Buffer.from(pem).toString("base64") });
    const fromEscaped = readSettings({ ...base, PRIVATE_KEY: pem.replace(/\n/g, "\\n") });
    const fromPath = readSettings(
      { APP_ID: "42", WEBHOOK_SECRET: "s", PRIVATE_KEY_PATH: "app.pem" },
      dir,
    );

    for (const settings of [fromBase64, fromEscaped, fromPath]) {
      expect(settings.mode === "app" && settings.privateKey.trim()).toBe(pem.trim());
    }
  });

  it("names the variable that is missing or malformed", () => {
    expect(errorOf({ ...base, APP_ID: "" })).toMatch(/^APP_ID is missing/);
    expect(errorOf({ ...base, APP_ID: "0x2a" })).toMatch(/^APP_ID must be a positive integer/);
    expect(errorOf({ ...base, PRIVATE_KEY: "" })).toMatch(/^PRIVATE_KEY is missing/);
    expect(errorOf({ ...base, PRIVATE_KEY: "not a key" })).toMatch(/^PRIVATE_KEY does not hold/);
    expect(
      errorOf({ APP_ID: "1", WEBHOOK_SECRET: "s", PRIVATE_KEY_PATH: "/nonexistent.pem" }),
    ).toMatch(/^PRIVATE_KEY_PATH: cannot read/);
    expect(errorOf({ ...base, PORT: "70000" })).toMatch(/^PORT must be an integer/);
    expect(errorOf({ ...base, LOG_LEVEL: "verbose" })).toMatch(/^LOG_LEVEL must be one of/);
    expect(errorOf({ ...base, LOG_FORMAT: "xml" })).toMatch(/^LOG_FORMAT must be json or pretty/);
    expect(errorOf({ ...base, GHE_HOST: "https://ghe.example.com" })).toMatch(
      /^GHE_HOST must be a host name/,
    );
    expect(errorOf({ ...base, GHE_PROTOCOL: "ftp" })).toMatch(
      /^GHE_PROTOCOL must be https or http/,
    );
    expect(errorOf({ ...base, REDIS_URL: "localhost:6379" })).toMatch(
      /^REDIS_URL must start with redis:\/\/ or rediss:\/\//,
    );
    expect(errorOf({ ...base, WEBHOOK_PROXY_URL: "smee" })).toMatch(
      /^WEBHOOK_PROXY_URL is not a URL/,
    );
    expect(errorOf({ ...base, SHUTDOWN_GRACE_MS: "-1" })).toMatch(
      /^SHUTDOWN_GRACE_MS must be an integer/,
    );
  });

  it("refuses to run without a webhook secret unless NODE_ENV=development", () => {
    expect(errorOf({ ...base, WEBHOOK_SECRET: "" })).toMatch(/^WEBHOOK_SECRET is missing/);
    expect(errorOf({ ...base, WEBHOOK_SECRET: "", NODE_ENV: "production" })).toMatch(
      /^WEBHOOK_SECRET is missing/,
    );
    expect(readSettings({ ...base, WEBHOOK_SECRET: "", NODE_ENV: "development" })).toMatchObject({
      webhookSecret: "development",
      // The placeholder is no secret: scrubbing it would redact the word from every log line.
      secrets: [pem.trim()],
    });
    expect(
      readSettings({ ...base, WEBHOOK_SECRET: "development", NODE_ENV: "development" }),
    ).toMatchObject({ secrets: [pem.trim(), "development"] });
  });

  it("without any credentials, goes to the setup flow, except in production", () => {
    expect(readSettings({ PORT: "4000" })).toEqual({
      mode: "setup",
      host: undefined,
      port: 4000,
      log: expect.objectContaining({ level: "info" }),
    });
    expect(errorOf({ NODE_ENV: "production" })).toMatch(/^APP_ID is missing/);
  });
});

describe("DOCS_BASE_URL and QUEUE_LOCK_MS", () => {
  it("default to none and 30 s, and are read when set", () => {
    expect(readSettings(base)).toMatchObject({ docsBaseUrl: undefined, queueLockMs: 30_000 });
    expect(
      readSettings({
        ...base,
        DOCS_BASE_URL: "https://docs.example/signals",
        QUEUE_LOCK_MS: "2000",
      }),
    ).toMatchObject({ docsBaseUrl: "https://docs.example/signals", queueLockMs: 2_000 });
  });

  it("refuse a DOCS_BASE_URL that is not an http(s) URL, in one line naming it", () => {
    expect(errorOf({ ...base, DOCS_BASE_URL: "docs.example" })).toBe("DOCS_BASE_URL is not a URL");
    expect(errorOf({ ...base, DOCS_BASE_URL: "ftp://docs.example" })).toBe(
      "DOCS_BASE_URL must start with https:// or http://",
    );
    expect(errorOf({ ...base, QUEUE_LOCK_MS: "10" })).toMatch(/^QUEUE_LOCK_MS must be an integer/);
  });
});

describe("the project archive and its cache", () => {
  const MB = 1024 * 1024;

  it("default to 200 MB, 300 MB of Python, 2 MB a file, 60 s and a 64 MB cache", () => {
    expect(readSettings(base)).toMatchObject({
      projectContext: {
        archive: {
          maxArchiveBytes: 200 * MB,
          maxPythonBytes: 300 * MB,
          maxFileBytes: 2 * MB,
          timeoutMs: 60_000,
        },
        cacheBytes: 64 * MB,
      },
    });
  });

  it("are read when set, and a wrong value is named", () => {
    const settings = readSettings({
      ...base,
      ARCHIVE_MAX_MB: "50",
      ARCHIVE_PYTHON_MAX_MB: "80",
      ARCHIVE_FILE_MAX_KB: "512",
      ARCHIVE_TIMEOUT_MS: "5000",
      PROJECT_CACHE_MB: "0",
    });

    expect(settings).toMatchObject({
      projectContext: {
        archive: {
          maxArchiveBytes: 50 * MB,
          maxPythonBytes: 80 * MB,
          maxFileBytes: 512 * 1024,
          timeoutMs: 5_000,
        },
        cacheBytes: 0,
      },
    });
    expect(errorOf({ ...base, ARCHIVE_MAX_MB: "0" })).toMatch(/^ARCHIVE_MAX_MB must be an integer/);
    expect(errorOf({ ...base, PROJECT_CACHE_MB: "lots" })).toMatch(
      /^PROJECT_CACHE_MB must be an integer/,
    );
  });
});
