// What every GitHub call needs: an Octokit, the repository or PR it is about, a logger, and a
// sleep function that tests replace so waiting for a rate limit takes no time.
import type { Octokit as RestOctokit } from "@octokit/rest";

/** The parts of a client our calls use: the app's ProbotOctokit and the Action's Octokit both fit. */
export type Octokit = Pick<RestOctokit, "rest" | "paginate" | "graphql" | "request" | "hook">;

type LogMethod = {
  (fields: object, message: string): void;
  (message: string): void;
};

/** A pino-style logger (Probot's, or the Action's workflow log). */
export interface Logger {
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
}

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface PullRef extends RepoRef {
  pullNumber: number;
}

export type Sleep = (milliseconds: number) => Promise<void>;

/** The route parameters `{owner}/{repo}`, and nothing more: a PullRef's own fields would be sent. */
export function repoParams(repo: RepoRef): { owner: string; repo: string } {
  return { owner: repo.owner, repo: repo.repo };
}

/** The route parameters of a pull request's endpoints (`/repos/{owner}/{repo}/pulls/{number}`). */
export function pullParams(pull: PullRef): { owner: string; repo: string; pull_number: number } {
  return { ...repoParams(pull), pull_number: pull.pullNumber };
}

/** The route parameters of a pull request's conversation (`/repos/{owner}/{repo}/issues/{number}`). */
export function issueParams(pull: PullRef): { owner: string; repo: string; issue_number: number } {
  return { ...repoParams(pull), issue_number: pull.pullNumber };
}

export function httpStatus(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null || !("status" in error)) return undefined;
  return typeof error.status === "number" ? error.status : undefined;
}

export function responseHeader(error: unknown, name: string): string | undefined {
  if (typeof error !== "object" || error === null || !("response" in error)) return undefined;
  const response = error.response as { headers?: Record<string, unknown> } | undefined;
  const value = response?.headers?.[name];
  return value === undefined ? undefined : String(value);
}

/**
 * GitHub refused a write the token may not make: REST answers 403 "Resource not accessible by
 * integration", GraphQL an error of type FORBIDDEN. A rate limit (also 403) is not one.
 */
export function isForbiddenWrite(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  if (httpStatus(error) === 403) {
    return !/rate limit/i.test(error instanceof Error ? error.message : "");
  }
  const errors =
    "errors" in error && Array.isArray(error.errors) ? (error.errors as unknown[]) : [];
  return errors.some(
    (entry) =>
      typeof entry === "object" && entry !== null && "type" in entry && entry.type === "FORBIDDEN",
  );
}

/** null when GitHub answers 404 (a file or repository that is not there); other errors propagate. */
export async function nullIfNotFound<T>(request: Promise<T>): Promise<T | null> {
  try {
    return await request;
  } catch (error) {
    if (httpStatus(error) === 404) return null;
    throw error;
  }
}
