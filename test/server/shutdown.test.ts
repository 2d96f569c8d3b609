import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { shutDown } from "../../src/server/shutdown.js";

const log = pino({ level: "silent" });

describe("shutDown", () => {
  it("stops accepting, waits for the running scans, then exits 0", async () => {
    const events: string[] = [];
    let finishScan!: () => void;
    const scanDone = new Promise<void>((resolve) => (finishScan = resolve));

    const done = shutDown(
      {
        log,
        stopAccepting: async () => void events.push("stopped accepting"),
        drain: () => scanDone.then(() => void events.push("drained")),
        graceMs: 1_000,
        interrupt: async () => void events.push("interrupted"),
        exit: (code) => void events.push(`exit ${code}`),
      },
      "SIGTERM",
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events).toEqual(["stopped accepting"]);
    finishScan();
    await done;

    expect(events).toEqual(["stopped accepting", "drained", "exit 0"]);
  });

  it("completes the cut-off scans' check runs as interrupted, then exits 1", async () => {
    const events: string[] = [];

    await shutDown(
      {
        log,
        stopAccepting: async () => undefined,
        drain: () => new Promise(() => undefined),
        graceMs: 100,
        interrupt: async () => void events.push("interrupted"),
        exit: (code) => void events.push(`exit ${code}`),
      },
      "SIGINT",
    );

    expect(events).toEqual(["interrupted", "exit 1"]);
  });

  it("exits at the end of the grace even when interrupting hangs", async () => {
    const codes: number[] = [];

    await shutDown(
      {
        log,
        stopAccepting: async () => undefined,
        drain: () => new Promise(() => undefined),
        graceMs: 50,
        interrupt: () => new Promise(() => undefined),
        exit: (code) => void codes.push(code),
      },
      "SIGINT",
    );

    expect(codes).toEqual([1]);
  });
});
