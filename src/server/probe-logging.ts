// Orchestrators poll /health and /ready every few seconds. Probot's request log (pino-http) would
// write a line per probe at info, and for a 503 an error with a stack trace; Probot 14's Server
// drops the pino-http options that could change that, so a logger hook does it: the request lines
// of probes go to debug, without the error. A /ready that answers 503 says why in one line of its
// own (health.ts).
import { ServerResponse } from "node:http";
import type { LogFn, Logger } from "pino";

const PROBE_PATHS = new Set(["/health", "/ready"]);
const PROBE_LEVEL = "debug";

function isProbeRequestLine(fields: unknown): fields is { res: ServerResponse; err?: unknown } {
  if (typeof fields !== "object" || fields === null) return false;
  const { res } = fields as { res?: unknown };
  if (!(res instanceof ServerResponse)) return false;
  return PROBE_PATHS.has((res.req.url ?? "").split("?")[0] ?? "");
}

/** pino's `hooks.logMethod`: a probe's request line at debug and without `err`, others unchanged. */
export function probesAtDebug(
  this: Logger,
  args: Parameters<LogFn>,
  method: LogFn,
  level: number,
): void {
  const [fields, ...rest] = args as unknown[];
  if (!isProbeRequestLine(fields)) return method.apply(this, args);
  const withoutError: Record<string, unknown> = { ...fields };
  delete withoutError.err;
  const line = [withoutError, ...rest] as Parameters<LogFn>;
  // Re-entered through this[PROBE_LEVEL], which lands in the first branch below.
  if (level === this.levels.values[PROBE_LEVEL]) return method.apply(this, line);
  this[PROBE_LEVEL](...line);
}
