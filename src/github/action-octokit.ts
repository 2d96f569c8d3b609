// The Action's client: @octokit/rest with the workflow's token, paced by the throttling plugin and
// retried on server errors by the retry plugin, as Probot does for the app. Unlike Probot 14 it
// also retries secondary rate limits, which would otherwise lose a review.
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit as RestOctokit } from "@octokit/rest";
import type { Logger, Octokit } from "./client.js";

const ActionOctokit = RestOctokit.plugin(throttling, retry);

const RATE_LIMIT_RETRIES = 2;

export interface ActionClientOptions {
  token: string;
  /** `GITHUB_API_URL`: api.github.com, a GitHub Enterprise Server's /api/v3, or a test's fake. */
  baseUrl: string;
  userAgent: string;
  log: Logger;
}

export function createActionOctokit(options: ActionClientOptions): Octokit {
  const { log } = options;
  const onLimit =
    (kind: string) =>
    (
      retryAfter: number,
      request: { method: string; url: string },
      _: unknown,
      retryCount: number,
    ) => {
      const retrying = retryCount < RATE_LIMIT_RETRIES;
      log.warn(
        { method: request.method, url: request.url, retryAfter, retrying },
        `${kind} rate limit reached`,
      );
      return retrying;
    };
  return new ActionOctokit({
    auth: options.token,
    baseUrl: options.baseUrl,
    userAgent: options.userAgent,
    // Octokit's debug entries carry request options (headers included): they are not printed.
    // Its info entries, one per request, show with step debugging.
    log: {
      debug: () => undefined,
      info: (message: string) => log.debug(message),
      warn: (message: string) => log.warn(message),
      error: (message: string) => log.error(message),
    },
    throttle: { onRateLimit: onLimit("primary"), onSecondaryRateLimit: onLimit("secondary") },
  });
}
