// The Redis the Redis-mode tests run against: REDIS_URL, or the one `.ci/run` starts on port 6399.
// Unreachable Redis fails the tests (it is part of what they test), with what to do about it.
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";

export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6399";

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
      `Redis is not reachable at ${REDIS_URL} (${String(error)}): run ` +
        "`redis-server --port 6399 --daemonize yes --save ''` or set REDIS_URL",
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
