import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { TokenAuthority } from "./auth.js";
import { FaultInjector, type FaultRule } from "./faults.js";
import {
  errorBody,
  type Caller,
  type Handler,
  HttpError,
  NOT_ACCESSIBLE,
  type Reply,
} from "./http.js";
import { loadOpenApiCatalog } from "./openapi.js";
import { FakeState, type Repo } from "./state.js";
import { appRoutes } from "./routes/apps.js";
import { ArchiveDownloads, archiveRoutes, DOWNLOAD_PREFIX } from "./routes/archives.js";
import { checkRoutes } from "./routes/checks.js";
import { gitRoutes } from "./routes/git.js";
import { handleGraphql } from "./routes/graphql.js";
import { issueRoutes } from "./routes/issues.js";
import { pullRoutes } from "./routes/pulls.js";
import { reviewRoutes } from "./routes/reviews.js";

export interface FakeGitHubOptions {
  appId?: number;
  appSlug?: string;
  /** PEM of the app's public key: JWTs are then verified, not only decoded. */
  appPublicKey?: string;
  /** Added to every answer (the load benchmark uses 50 ms). */
  latencyMs?: number;
  maxFiles?: number;
  /** A file's `patch` is left out above these sizes, like GitHub does for large diffs. */
  maxPatchLines?: number;
  maxPatchBytes?: number;
  /**
   * Check the fake's own JSON answers against the documented response schemas and record
   * departures as `invalid-response` violations (a self-check of the fake; costs compile time).
   */
  validateResponses?: boolean;
}

export interface RecordedRequest {
  method: string;
  /** API-relative: `/repos/o/r/pulls/1` for REST, `/graphql` for GraphQL. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** Request headers without `authorization`. */
  headers: Record<string, string | string[] | undefined>;
  operationId?: string;
  status?: number;
}

export type ViolationKind =
  | "unknown-endpoint"
  | "invalid-body"
  | "unknown-query-parameter"
  | "not-implemented"
  | "unsupported-graphql"
  | "invalid-response"
  | "credentials-sent-to-download";

export interface Violation {
  kind: ViolationKind;
  method: string;
  path: string;
  operationId?: string;
  details: string[];
}

export interface FakeGitHub {
  url: string;
  host: string;
  apiUrl: string;
  state: FakeState;
  requests: RecordedRequest[];
  violations: Violation[];
  faults: FaultInjector;
  inject(rule: FaultRule): void;
  requestsTo(method: string, path: string | RegExp): RecordedRequest[];
  /** An installation token, for tests that call the fake directly. */
  installationToken(installationId: number): string;
  /** The GITHUB_TOKEN of a workflow run in `repo`; `read` is what a fork's pull request gets. */
  workflowToken(repo: Repo, permission: "read" | "write"): string;
  /** Every installation token the fake has handed out. */
  issuedTokens(): string[];
  close(): Promise<void>;
}

const REST_PREFIX = "/api/v3";
const GRAPHQL_PATH = "/api/graphql";

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = {
    "x-github-media-type": "github.v3; format=json",
    "x-ratelimit-limit": "5000",
    "x-ratelimit-remaining": "4999",
    "x-ratelimit-used": "1",
    "x-ratelimit-reset": String(Math.ceil(Date.now() / 1000) + 3600),
    "x-ratelimit-resource": "core",
    ...reply.headers,
  };
  if (reply.bytes !== undefined) {
    res.writeHead(reply.status, { "content-length": String(reply.bytes.length), ...headers });
    res.end(reply.bytes);
    return;
  }
  if (reply.text !== undefined) {
    res.writeHead(reply.status, { "content-type": "text/plain; charset=utf-8", ...headers });
    res.end(reply.text);
    return;
  }
  const payload = reply.body === undefined ? "" : JSON.stringify(reply.body);
  res.writeHead(reply.status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(payload);
}

function withoutAuth(headers: IncomingMessage["headers"]): RecordedRequest["headers"] {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name !== "authorization"));
}

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const catalog = loadOpenApiCatalog();
  const appId = options.appId ?? 1;
  const state = new FakeState({ id: appId, slug: options.appSlug ?? "django-signals" });
  const tokens = new TokenAuthority(appId, options.appPublicKey);
  const faultInjector = new FaultInjector();
  const requests: RecordedRequest[] = [];
  const violations: Violation[] = [];
  const downloads = new ArchiveDownloads();
  const handlers: Record<string, Handler> = {
    ...appRoutes(tokens),
    ...archiveRoutes(downloads),
    ...pullRoutes,
    ...reviewRoutes,
    ...gitRoutes,
    ...checkRoutes,
    ...issueRoutes,
  };
  const resolved = {
    maxFiles: options.maxFiles ?? 3000,
    maxPatchLines: options.maxPatchLines ?? 3000,
    maxPatchBytes: options.maxPatchBytes ?? 100 * 1024,
  };
  let urls = { api: "", web: "" };

  function parseJson(text: string): unknown {
    if (text === "") return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new HttpError(400, "Problems parsing JSON");
    }
  }

  function handleRest(
    req: IncomingMessage,
    record: RecordedRequest,
    rawPath: string,
    query: URLSearchParams,
  ): Reply {
    const method = record.method;
    const matched = catalog.match(method, rawPath);
    if (!matched) {
      violations.push({
        kind: "unknown-endpoint",
        method,
        path: record.path,
        details: ["not in GitHub's OpenAPI description"],
      });
      throw new HttpError(404, "Not Found");
    }
    record.operationId = matched.operationId;
    const unknownQuery = [...query.keys()].filter((k) => !matched.queryParams.has(k));
    if (unknownQuery.length > 0) {
      violations.push({
        kind: "unknown-query-parameter",
        method,
        path: record.path,
        operationId: matched.operationId,
        details: unknownQuery,
      });
    }
    const errors = catalog.validateBody(matched, record.body);
    if (errors.length > 0) {
      violations.push({
        kind: "invalid-body",
        method,
        path: record.path,
        operationId: matched.operationId,
        details: errors,
      });
      throw new HttpError(422, "Invalid request", errors);
    }
    const handler = handlers[matched.operationId];
    if (!handler) {
      violations.push({
        kind: "not-implemented",
        method,
        path: record.path,
        operationId: matched.operationId,
        details: ["a real GitHub operation this fake does not serve"],
      });
      throw new HttpError(404, "Not Found");
    }
    const authorization = req.headers.authorization;
    const appEndpoint =
      matched.operationId.startsWith("apps/") &&
      matched.operationId !== "apps/list-repos-accessible-to-installation";
    const caller: Caller = appEndpoint
      ? tokens.verifyAppJwt(authorization)
      : tokens.verifyToken(authorization);
    // A read-only GITHUB_TOKEN reads; every write is refused before it reaches a handler.
    if (caller.kind === "workflow" && !caller.canWrite && method !== "GET") {
      throw new HttpError(403, NOT_ACCESSIBLE);
    }
    const reply = handler({
      state,
      urls,
      options: resolved,
      path: record.path,
      params: matched.pathParams,
      query,
      body: record.body,
      accept: String(req.headers.accept ?? ""),
      caller,
    });
    if (options.validateResponses && reply.body !== undefined) {
      const errors = catalog.validateResponse(matched, reply.status, reply.body);
      if (errors.length > 0) {
        violations.push({
          kind: "invalid-response",
          method,
          path: record.path,
          operationId: matched.operationId,
          details: errors,
        });
      }
    }
    return reply;
  }

  function handleGraphqlRequest(req: IncomingMessage, record: RecordedRequest): Reply {
    if (record.method !== "POST") throw new HttpError(404, "Not Found");
    const caller = tokens.verifyToken(req.headers.authorization);
    const reply = handleGraphql(
      state,
      record.body,
      caller.kind !== "workflow" || caller.canWrite === true,
    );
    if (reply.unsupported !== undefined) {
      violations.push({
        kind: "unsupported-graphql",
        method: "POST",
        path: "/graphql",
        details: [reply.unsupported],
      });
    }
    return reply;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    const method = (req.method ?? "GET").toUpperCase();
    const isGraphql = url.pathname === GRAPHQL_PATH;
    const rawPath = url.pathname.startsWith(`${REST_PREFIX}/`)
      ? url.pathname.slice(REST_PREFIX.length)
      : url.pathname;
    const record: RecordedRequest = {
      method,
      path: isGraphql ? "/graphql" : decodeURIComponent(rawPath),
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      headers: withoutAuth(req.headers),
    };
    requests.push(record);
    const text = await readBody(req);
    let reply: Reply;
    try {
      record.body = parseJson(text);
      const fault = faultInjector.take(method, record.path);
      const delay = (options.latencyMs ?? 0) + (fault?.delayMs ?? 0);
      if (delay > 0) await sleep(delay);
      if (fault?.reset) {
        record.status = 0;
        req.socket.destroy();
        return;
      }
      if (fault?.status !== undefined) {
        reply = {
          status: fault.status,
          ...(fault.bytes
            ? { bytes: fault.bytes }
            : { body: fault.body ?? { message: "Injected fault" } }),
          headers: fault.headers ?? {},
        };
      } else if (url.pathname.startsWith(DOWNLOAD_PREFIX)) {
        if (req.headers.authorization !== undefined) {
          violations.push({
            kind: "credentials-sent-to-download",
            method,
            path: url.pathname,
            details: ["the download URL carries its own token"],
          });
        }
        reply = downloads.serve(url);
      } else if (isGraphql) {
        reply = handleGraphqlRequest(req, record);
      } else if (!url.pathname.startsWith(`${REST_PREFIX}/`)) {
        violations.push({
          kind: "unknown-endpoint",
          method,
          path: url.pathname,
          details: ["outside /api/v3 and /api/graphql"],
        });
        throw new HttpError(404, "Not Found");
      } else {
        reply = handleRest(req, record, rawPath, url.searchParams);
      }
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      reply = { status: error.status, body: errorBody(error) };
    }
    record.status = reply.status;
    send(res, reply);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      send(res, { status: 500, body: { message: `fake GitHub crashed: ${String(error)}` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const host = `127.0.0.1:${port}`;
  urls = { api: `http://${host}${REST_PREFIX}`, web: `http://${host}` };

  return {
    url: urls.web,
    host,
    apiUrl: urls.api,
    state,
    requests,
    violations,
    faults: faultInjector,
    inject: (rule) => faultInjector.add(rule),
    requestsTo: (method, path) =>
      requests.filter(
        (r) =>
          r.method === method.toUpperCase() &&
          (typeof path === "string" ? r.path === path : path.test(r.path)),
      ),
    installationToken: (installationId) => tokens.issue(installationId).token,
    workflowToken: (repo, permission) =>
      tokens.issueWorkflowToken(repo.fullName, permission === "write"),
    issuedTokens: () => tokens.issuedTokens(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
