/** A fault to inject on matching requests: an error answer, a delay, or a reset socket. */
export interface FaultRule {
  method?: string;
  /** API-relative path (`/repos/o/r/pulls/1`, `/graphql`), exact string or RegExp. */
  path?: string | RegExp;
  /** How many matching requests it hits; default 1. */
  times?: number;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Sent as is instead of a JSON body: a broken archive. */
  bytes?: Buffer;
  delayMs?: number;
  /** Destroy the connection without an answer. */
  reset?: boolean;
}

export interface FiredFault {
  method: string;
  path: string;
  rule: FaultRule;
}

export class FaultInjector {
  private readonly rules: { rule: FaultRule; left: number }[] = [];
  readonly fired: FiredFault[] = [];

  add(rule: FaultRule): void {
    this.rules.push({ rule, left: rule.times ?? 1 });
  }

  /** The first live rule matching the request, consumed once. */
  take(method: string, path: string): FaultRule | undefined {
    const entry = this.rules.find(
      ({ rule, left }) =>
        left > 0 &&
        (rule.method === undefined || rule.method.toUpperCase() === method) &&
        (rule.path === undefined ||
          (typeof rule.path === "string" ? rule.path === path : rule.path.test(path))),
    );
    if (!entry) return undefined;
    entry.left -= 1;
    this.fired.push({ method, path, rule: entry.rule });
    return entry.rule;
  }

  pending(): FaultRule[] {
    return this.rules.filter((r) => r.left > 0).map((r) => r.rule);
  }
}

/** Ready-made faults shaped like GitHub's answers; spread them into `fake.inject({...})`. */
export const faults = {
  serverError: (status: 500 | 502 | 503 = 500): FaultRule => ({
    status,
    body: { message: status === 502 ? "Server Error" : "Internal Server Error" },
  }),
  secondaryRateLimit: (retryAfterSeconds = 1): FaultRule => ({
    status: 403,
    headers: { "retry-after": String(retryAfterSeconds) },
    body: {
      message:
        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
      documentation_url:
        "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
    },
  }),
  primaryRateLimit: (resetInSeconds = 1): FaultRule => ({
    status: 403,
    headers: {
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-used": "5000",
      "x-ratelimit-reset": String(Math.ceil(Date.now() / 1000) + resetInSeconds),
    },
    body: { message: "API rate limit exceeded for installation." },
  }),
  tooManyRequests: (retryAfterSeconds = 1): FaultRule => ({
    status: 429,
    headers: { "retry-after": String(retryAfterSeconds) },
    body: { message: "Too Many Requests" },
  }),
  notFound: (): FaultRule => ({ status: 404, body: { message: "Not Found" } }),
  unprocessable: (message = "Validation Failed"): FaultRule => ({
    status: 422,
    body: { message: "Unprocessable Entity", errors: [message] },
  }),
  connectionReset: (): FaultRule => ({ reset: true }),
  slow: (delayMs: number): FaultRule => ({ delayMs }),
};
