// The app's own endpoint, asked with the app's JWT: the server's /ready uses it to learn that GitHub
// answers and still accepts the app's credentials, and scans to learn which comments are ours.
import type { Octokit } from "./client.js";

/** Resolves when `GET /app` succeeds within `timeoutMs`, without retries; throws otherwise. */
export async function pingAsApp(octokit: Octokit, timeoutMs: number): Promise<void> {
  await octokit.request("GET /app", {
    request: { retries: 0, signal: AbortSignal.timeout(timeoutMs) },
  });
}

/** The login this app writes comments as (`<slug>[bot]`), read with the app's JWT. */
export async function appBotLogin(octokit: Octokit): Promise<string> {
  const { data } = await octokit.rest.apps.getAuthenticated();
  if (!data?.slug) throw new Error("GitHub did not name this app's slug");
  return `${data.slug}[bot]`;
}
