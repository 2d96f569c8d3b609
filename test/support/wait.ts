import { setTimeout as sleep } from "node:timers/promises";

/**
 * Polls until `condition` holds: the app answers webhooks before its scan finishes, so tests
 * wait for the effect (a completed check run, a review) rather than for the delivery.
 */
export async function waitFor(
  condition: () => boolean,
  { timeoutMs = 10_000, intervalMs = 25, what = "condition" } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}
