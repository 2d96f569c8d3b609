// SIGTERM / SIGINT: stop accepting webhooks, start no waiting scan, let the running ones finish
// within a grace period, then exit: 0 when everything finished; 1 when the grace period ran out,
// after the check runs of the scans cut off are completed as interrupted (the last part of the
// grace is kept for that). A second signal exits at once.
import type { Logger } from "pino";

export interface ShutdownDeps {
  log: Logger;
  /** Closes the HTTP server (no new connections). */
  stopAccepting: () => Promise<void>;
  /** Resolves when this process's scans are done. */
  drain: () => Promise<void>;
  graceMs: number;
  /** Completes the check runs of the scans still running as interrupted. */
  interrupt: () => Promise<void>;
  exit: (code: number) => void;
}

// The end of the grace kept for telling GitHub which scans were cut off.
const MAX_INTERRUPT_MS = 3_000;

const GRACE_EXPIRED = Symbol("grace expired");

function graceTimer(ms: number): { expired: Promise<typeof GRACE_EXPIRED>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<typeof GRACE_EXPIRED>((resolve) => {
    timer = setTimeout(() => resolve(GRACE_EXPIRED), ms);
  });
  return { expired, cancel: () => clearTimeout(timer) };
}

export async function shutDown(deps: ShutdownDeps, signal: string): Promise<void> {
  deps.log.info(
    { signal, graceMs: deps.graceMs },
    "shutting down: no new webhooks, finishing running scans",
  );
  const interruptMs = Math.min(MAX_INTERRUPT_MS, deps.graceMs / 5);
  const grace = graceTimer(deps.graceMs - interruptMs);
  const finished = Promise.all([deps.stopAccepting(), deps.drain()]);
  try {
    const outcome = await Promise.race([finished, grace.expired]);
    if (outcome === GRACE_EXPIRED) {
      deps.log.error(
        { graceMs: deps.graceMs },
        "grace period over with scans still running: completing their check runs as interrupted, then exiting",
      );
      const left = graceTimer(interruptMs);
      await Promise.race([deps.interrupt(), left.expired]);
      left.cancel();
      deps.exit(1);
      return;
    }
    deps.log.info("all scans finished: exiting");
    deps.exit(0);
  } catch (error) {
    deps.log.error({ err: error }, "shutdown failed");
    deps.exit(1);
  } finally {
    grace.cancel();
  }
}

export function exitOnSignals(deps: ShutdownDeps): void {
  let shuttingDown = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      deps.log.warn({ signal }, "second signal: exiting now");
      deps.exit(1);
      return;
    }
    shuttingDown = true;
    void shutDown(deps, signal);
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
