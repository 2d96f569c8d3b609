import { pino } from "pino";
import { ProbotOctokit } from "probot";
import type { Octokit } from "../../src/github/client.js";

export const silentLog = pino({ level: "silent" });

/** An authenticated Octokit as Probot builds it, minus its own retries and throttling. */
export function testOctokit(): Octokit {
  return new ProbotOctokit({
    auth: { token: "test-token" },
    retry: { enabled: false },
    throttle: { enabled: false },
  });
}
