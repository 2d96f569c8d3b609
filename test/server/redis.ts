// The Redis the Redis-mode tests run against: REDIS_URL, which test/global-setup.ts sets to a
// private redis-server unless the caller gave one. Unreachable Redis fails the tests (it is part
// of what they test), with what to do about it.
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";

function redisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url)
    throw new Error("REDIS_URL is not set: run the tests through vitest (test/global-setup.ts)");
  return url;
}

export const REDIS_URL = redisUrl();

export async function requireRedis(): Promise<void> {
  const client = new Redis(REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(
      `Redis is not reachable at ${REDIS_URL} (${String(error)}): start it, or unset ` +
        "REDIS_URL so the tests start their own redis-server",
      { cause: error },
    );
  } finally {
    client.disconnect();
  }
}

/** A key prefix of its own per test, so tests sharing one Redis never see each other's jobs. */
export function uniquePrefix(): string {
  return `test-${randomUUID()}`;
}

/** Deletes every key under `prefix` (BullMQ's and the queue's own). */
export async function deleteKeys(prefix: string): Promise<void> {
  const client = new Redis(REDIS_URL);
  try {
    const keys = await client.keys(`${prefix}:*`);
    if (keys.length > 0) await client.del(...keys);
  } finally {
    client.disconnect();
  }
}
