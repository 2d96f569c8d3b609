// GET /health (liveness: the process answers) and GET /ready (readiness: GitHub answers and the
// queue has room). Readiness is cached so an orchestrator polling it costs GitHub at most one
// request per `cacheMs`; concurrent checks share one probe.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";

export interface ReadinessDeps {
  /** Resolves when GitHub answered; rejects with the reason otherwise. */
  probeGitHub: () => Promise<void>;
  queueDepth: () => Promise<number>;
  maxQueueDepth: number;
  cacheMs: number;
  /** Told, in one line, why /ready answers 503. */
  log: Pick<Logger, "warn">;
  now?: () => number;
}

interface GitHubStatus {
  reachable: boolean;
  reason?: string;
  checkedAt: number;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

function cachedGitHubStatus(deps: ReadinessDeps): () => Promise<GitHubStatus> {
  const now = deps.now ?? Date.now;
  let last: GitHubStatus | undefined;
  let inFlight: Promise<GitHubStatus> | undefined;
  return () => {
    if (last !== undefined && now() - last.checkedAt < deps.cacheMs) return Promise.resolve(last);
    inFlight ??= deps
      .probeGitHub()
      .then(
        (): GitHubStatus => ({ reachable: true, checkedAt: now() }),
        (error: unknown): GitHubStatus => ({
          reachable: false,
          reason: error instanceof Error ? error.message : String(error),
          checkedAt: now(),
        }),
      )
      .then((status) => {
        last = status;
        inFlight = undefined;
        return status;
      });
    return inFlight;
  };
}

type QueueStatus =
  { reachable: true; depth: number; saturated: boolean } | { reachable: false; reason: string };

/** The queue's depth, or why it could not be counted (Redis lost): then the app is not ready. */
async function queueStatus(deps: ReadinessDeps): Promise<QueueStatus> {
  try {
    const depth = await deps.queueDepth();
    return { reachable: true, depth, saturated: depth >= deps.maxQueueDepth };
  } catch (error) {
    return { reachable: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** A handler for Probot's `addHandler`: answers its two paths and lets every other request pass. */
export function healthRoutes(deps: ReadinessDeps) {
  const githubStatus = cachedGitHubStatus(deps);
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/health") {
      sendJson(res, 200, { status: "ok" });
      return true;
    }
    if (path !== "/ready") return false;
    const [github, queue] = await Promise.all([githubStatus(), queueStatus(deps)]);
    const ready = github.reachable && queue.reachable && !queue.saturated;
    const status = {
      status: ready ? "ready" : "not ready",
      github: github.reachable ? "reachable" : `unreachable: ${github.reason ?? "unknown"}`,
      queue: queue.reachable
        ? { depth: queue.depth, max: deps.maxQueueDepth, saturated: queue.saturated }
        : `unreachable: ${queue.reason}`,
    };
    if (!ready)
      deps.log.warn({ github: status.github, queue: status.queue }, "not ready (/ready 503)");
    sendJson(res, ready ? 200 : 503, status);
    return true;
  };
}
