// Probot 14 only logs secondary rate limits ("You have exceeded a secondary rate limit"), so a
// review posted too quickly would be lost. This wraps every request of one Octokit: on a secondary
// limit it waits `retry-after` (or a minute, as GitHub's docs advise) and tries again.
import { httpStatus, responseHeader } from "./client.js";
import type { Logger, Octokit, Sleep } from "./client.js";

const DEFAULT_WAIT_SECONDS = 60;
const MAX_RETRIES = 3;

function secondaryLimitWaitSeconds(error: unknown): number | undefined {
  const status = httpStatus(error);
  if (status !== 403 && status !== 429) return undefined;
  const retryAfter = responseHeader(error, "retry-after");
  if (retryAfter !== undefined && Number.isFinite(Number(retryAfter))) return Number(retryAfter);
  const message = error instanceof Error ? error.message : "";
  return /secondary rate limit/i.test(message) ? DEFAULT_WAIT_SECONDS : undefined;
}

// Marks an Octokit already wrapped: Probot hands every event the same instance when it has no
// installation (a token), and nested wrappers would multiply the retries.
const WRAPPED = Symbol("retryOnSecondaryRateLimit");

export function retryOnSecondaryRateLimit(octokit: Octokit, log: Logger, sleep: Sleep): void {
  if (WRAPPED in octokit) return;
  Object.defineProperty(octokit, WRAPPED, { value: true });
  octokit.hook.wrap("request", async (request, options) => {
    for (let retries = 0; ; retries++) {
      try {
        return await request(options);
      } catch (error) {
        const waitSeconds = secondaryLimitWaitSeconds(error);
        if (waitSeconds === undefined || retries >= MAX_RETRIES) throw error;
        log.warn(
          { method: options.method, url: options.url, waitSeconds, retry: retries + 1 },
          "secondary rate limit: waiting before retrying",
        );
        await sleep(waitSeconds * 1000);
      }
    }
  });
}
