// app.yml is what GitHub registers the app from: its events must be exactly the ones the code
// handles, and its permissions exactly the least the features need.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { Probot } from "probot";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import appFunction from "../../src/index.js";
import { generateAppKey } from "../support/index.js";

interface Manifest {
  name?: string;
  description?: string;
  url?: string;
  default_events?: string[];
  default_permissions?: Record<string, string>;
}

const manifest = parse(
  readFileSync(fileURLToPath(new URL("../../app.yml", import.meta.url)), "utf8"),
) as Manifest;

/** What the real app function subscribes to, through a real Probot whose `on` is recorded. */
async function subscribedEvents(): Promise<{ events: string[]; onAny: number }> {
  const probot = new Probot({
    appId: 1,
    privateKey: generateAppKey().privateKey,
    secret: "manifest-test",
    log: pino({ level: "silent" }),
  });
  const events: string[] = [];
  let onAny = 0;
  const on = probot.on;
  probot.on = ((names: string | string[], handler: never) => {
    events.push(...(Array.isArray(names) ? names : [names]));
    on(names as never, handler);
  }) as typeof probot.on;
  const onAnyOriginal = probot.onAny;
  probot.onAny = ((handler: never) => {
    onAny++;
    onAnyOriginal(handler);
  }) as typeof probot.onAny;
  await probot.load(appFunction, { cwd: process.cwd(), addHandler: () => undefined });
  return { events, onAny };
}

describe("app.yml", () => {
  let subscribed: { events: string[]; onAny: number };
  beforeAll(async () => {
    subscribed = await subscribedEvents();
  });

  it("describes the app", () => {
    expect(manifest.name).toBe("Django signals");
    expect(manifest.description?.length ?? 0).toBeGreaterThan(20);
    expect(manifest.url).toMatch(/^https:\/\//);
  });

  it("lists every event the app subscribes to", () => {
    expect(subscribed.events.length).toBeGreaterThan(0);
    expect(subscribed.onAny, "onAny would need every event").toBe(0);
    const listed = new Set(manifest.default_events);
    const missing = subscribed.events.filter((name) => !listed.has(name.split(".")[0] ?? name));
    expect(missing, "handled in code but not in app.yml default_events").toEqual([]);
  });

  it("lists no event the app does not handle", () => {
    const handled = new Set(subscribed.events.map((name) => name.split(".")[0]));
    const unused = (manifest.default_events ?? []).filter((event) => !handled.has(event));
    expect(unused, "in app.yml default_events but never handled").toEqual([]);
    expect(new Set(manifest.default_events).size).toBe(manifest.default_events?.length);
  });

  it("asks for exactly the least privilege the features need", () => {
    expect(manifest.default_permissions).toStrictEqual({
      pull_requests: "write",
      checks: "write",
      contents: "read",
      metadata: "read",
      issues: "write",
    });
  });
});
