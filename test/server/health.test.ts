import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { healthRoutes } from "../../src/server/health.js";
import type { ReadinessDeps } from "../../src/server/health.js";

let close: (() => void) | undefined;
const silent = { warn: () => undefined };

afterEach(() => close?.());

async function serve(deps: ReadinessDeps): Promise<string> {
  const routes = healthRoutes(deps);
  const server = createServer((req, res) => {
    void routes(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  close = () => server.close();
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("healthRoutes", () => {
  it("answers /health without asking GitHub, and lets other paths through", async () => {
    let probes = 0;
    const url = await serve({
      probeGitHub: async () => void probes++,
      queueDepth: async () => 0,
      maxQueueDepth: 10,
      cacheMs: 1000,
      log: silent,
    });

    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect((await fetch(`${url}/elsewhere`)).status).toBe(404);
    expect(probes).toBe(0);
  });

  it("probes GitHub once per cache period, sharing one probe between concurrent checks", async () => {
    let probes = 0;
    let now = 0;
    const url = await serve({
      probeGitHub: async () => void probes++,
      queueDepth: async () => 0,
      maxQueueDepth: 10,
      cacheMs: 1000,
      log: silent,
      now: () => now,
    });

    await Promise.all([1, 2, 3].map(() => fetch(`${url}/ready`)));
    now = 999;
    await fetch(`${url}/ready`);
    now = 1000;
    const last = await fetch(`${url}/ready`);

    expect(probes).toBe(2);
    expect(last.status).toBe(200);
  });

  it("answers 503 when GitHub fails or the queue is full, and says why in one log line", async () => {
    const warnings: unknown[][] = [];
    const log = { warn: (...args: unknown[]) => void warnings.push(args) };
    let depth = 0;
    let failing = true;
    let now = 0;
    const url = await serve({
      probeGitHub: async () => {
        if (failing) throw new Error("connect ECONNREFUSED");
      },
      queueDepth: async () => depth,
      maxQueueDepth: 3,
      cacheMs: 10,
      log,
      now: () => now,
    });

    const down = await fetch(`${url}/ready`);
    failing = false;
    now = 20;
    depth = 3;
    const full = await fetch(`${url}/ready`);

    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ github: "unreachable: connect ECONNREFUSED" });
    expect(full.status).toBe(503);
    expect(await full.json()).toMatchObject({
      github: "reachable",
      queue: { depth: 3, max: 3, saturated: true },
    });
    expect(warnings).toEqual([
      [
        {
          github: "unreachable: connect ECONNREFUSED",
          queue: { depth: 0, max: 3, saturated: false },
        },
        "not ready (/ready 503)",
      ],
      [
        { github: "reachable", queue: { depth: 3, max: 3, saturated: true } },
        "not ready (/ready 503)",
      ],
    ]);
  });
});
