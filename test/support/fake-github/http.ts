import type { FakeState, Repo, User } from "./state.js";
import type { Urls } from "./json.js";

export interface Reply {
  status: number;
  body?: unknown;
  /** Sent as is (text/plain) instead of JSON: raw file contents. */
  text?: string;
  /** Sent as is, with the headers given: an archive. */
  bytes?: Buffer;
  headers?: Record<string, string>;
}

export interface Caller {
  /** `workflow`: a workflow's GITHUB_TOKEN, scoped to the repository that runs the workflow. */
  kind: "app" | "installation" | "workflow";
  installationId?: number;
  /** A workflow token's repository (`owner/name`) and whether it may write (not for forks' PRs). */
  repo?: string;
  canWrite?: boolean;
}

export const NOT_ACCESSIBLE = "Resource not accessible by integration";

/** Who a write acts as: an installation token acts as the app's bot, a workflow token as github-actions[bot]. */
export function actingUser(ctx: HandlerContext): User {
  if (ctx.caller.kind === "installation") return ctx.state.app.bot;
  if (ctx.caller.kind === "workflow") return ctx.state.user("github-actions[bot]", "Bot");
  throw new HttpError(403, NOT_ACCESSIBLE);
}

export interface FakeOptionsResolved {
  maxFiles: number;
  maxPatchLines: number;
  maxPatchBytes: number;
}

export interface HandlerContext {
  state: FakeState;
  urls: Urls;
  options: FakeOptionsResolved;
  /** API-relative path without query, e.g. /repos/o/r/pulls/1/files. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  accept: string;
  caller: Caller;
}

export type Handler = (ctx: HandlerContext) => Reply;

/** Thrown by handlers; answered with GitHub's error body shape. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: unknown[],
  ) {
    super(message);
  }
}

export function notFound(): HttpError {
  return new HttpError(404, "Not Found");
}

export function unprocessable(...errors: unknown[]): HttpError {
  return new HttpError(422, "Unprocessable Entity", errors);
}

export function errorBody(error: HttpError): Record<string, unknown> {
  return {
    message: error.message,
    ...(error.errors ? { errors: error.errors } : {}),
    documentation_url: "https://docs.github.com/rest",
    status: String(error.status),
  };
}

/** The repository of a /repos/{owner}/{repo}/... route, if the caller's installation may see it. */
export function requireRepo(ctx: HandlerContext): Repo {
  const repo = ctx.state.repo(ctx.params.owner ?? "", ctx.params.repo ?? "");
  if (!repo) throw notFound();
  const { caller } = ctx;
  const visible =
    caller.kind === "app" ||
    !repo.isPrivate ||
    (caller.installationId !== undefined && repo.installationId === caller.installationId) ||
    repo.fullName === caller.repo;
  if (!visible) throw notFound();
  return repo;
}

export function intParam(ctx: HandlerContext, name: string): number {
  const value = Number(ctx.params[name]);
  if (!Number.isInteger(value)) throw notFound();
  return value;
}

export function bodyObject(ctx: HandlerContext): Record<string, unknown> {
  return typeof ctx.body === "object" && ctx.body !== null
    ? (ctx.body as Record<string, unknown>)
    : {};
}

/** The `page` and `per_page` query parameters, with GitHub's defaults and its 100-item cap. */
export function pageParams(ctx: HandlerContext): { page: number; perPage: number } {
  const perPage = Math.min(100, Math.max(1, Number(ctx.query.get("per_page") ?? "30") || 30));
  const page = Math.max(1, Number(ctx.query.get("page") ?? "1") || 1);
  return { page, perPage };
}

/** GitHub's page/per_page slicing with a `Link` header (first/prev/next/last). */
export function paginate<T>(
  ctx: HandlerContext,
  items: readonly T[],
  map: (item: T) => unknown,
): Reply {
  const { page, perPage } = pageParams(ctx);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const pageUrl = (n: number): string => {
    const query = new URLSearchParams(ctx.query);
    query.set("page", String(n));
    query.set("per_page", String(perPage));
    return `<${ctx.urls.api}${ctx.path}?${query.toString()}>`;
  };
  const links: string[] = [];
  if (page < lastPage)
    links.push(`${pageUrl(page + 1)}; rel="next"`, `${pageUrl(lastPage)}; rel="last"`);
  if (page > 1) links.push(`${pageUrl(1)}; rel="first"`, `${pageUrl(page - 1)}; rel="prev"`);
  return {
    status: 200,
    body: items.slice((page - 1) * perPage, page * perPage).map(map),
    headers: links.length > 0 ? { link: links.join(", ") } : {},
  };
}
