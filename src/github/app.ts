// The app's own endpoint, asked with the app's JWT: the server's /ready uses it to learn that GitHub
// answers and still accepts the app's credentials.
import type { Octokit } from "./client.js";

/** Resolves when `GET /app` succeeds within `timeoutMs`, without retries; throws otherwise. */
export async function pingAsApp(octokit: Octokit, timeoutMs: number): Promise<void> {
  await octokit.request("GET /app", {
    request: { retries: 0, signal: AbortSignal.timeout(timeoutMs) },
  });
}
