// Starts a private redis-server for the Redis-mode tests (the "redis" project of vitest.config.ts)
// when REDIS_URL is not set, so a fresh clone's `npm test` needs only the redis-server binary
// (Debian: `apt-get install redis-server`); the other tests need no Redis at all.
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { freePort } from "./support/start-app.js";

async function waitForPing(port: number, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) break;
    const ping = spawnSync("redis-cli", ["-p", String(port), "ping"], { encoding: "utf8" });
    if (ping.stdout?.trim() === "PONG") return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server did not answer on port ${port}`);
}

export default async function setup(): Promise<(() => void) | undefined> {
  if (process.env.REDIS_URL) return undefined;
  if (spawnSync("redis-server", ["--version"]).error) {
    throw new Error(
      "The Redis-mode tests need redis-server: install it (Debian/Ubuntu: apt-get install " +
        "redis-server) or set REDIS_URL to a Redis to use.",
    );
  }
  const port = await freePort();
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: "ignore" },
  );
  await waitForPing(port, child);
  process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
  return () => {
    child.kill("SIGTERM");
  };
}
