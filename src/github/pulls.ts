import { pullParams, repoParams } from "./client.js";
import type { Octokit, PullRef, RepoRef } from "./client.js";

export interface PullState {
  state: string;
  headSha: string;
  /** The base repository's web address (`html_url`): links to lines point there. */
  repoUrl: string;
  /** How many review comments the PR has (anyone's); unknown when GitHub leaves it out. */
  reviewComments?: number;
}

/** What a scan needs to know about a PR it was not handed by a `pull_request` webhook. */
export interface PullHead extends PullState {
  pullNumber: number;
  baseSha: string;
  /** The fork of a fork PR; null when it was deleted. */
  headRepo: RepoRef | null;
}

interface PullData {
  number: number;
  state: string;
  head: { sha: string; repo: { name: string; owner: { login: string } } | null };
  base: { sha: string; repo: { html_url: string } };
  review_comments?: number;
}

function pullHead(data: PullData): PullHead {
  const repo = data.head.repo;
  return {
    pullNumber: data.number,
    state: data.state,
    headSha: data.head.sha,
    repoUrl: data.base.repo.html_url,
    baseSha: data.base.sha,
    headRepo: repo ? { owner: repo.owner.login, repo: repo.name } : null,
    ...(typeof data.review_comments === "number" ? { reviewComments: data.review_comments } : {}),
  };
}

/** The PR as GitHub has it now: to scan it, or to drop a result for an old head SHA or a closed PR. */
export async function getPull(octokit: Octokit, pull: PullRef): Promise<PullHead> {
  const { data } = await octokit.rest.pulls.get(pullParams(pull));
  return pullHead(data);
}

/** Open PRs whose head is `headSha`, all pages (check events of fork PRs do not name them). */
export async function listOpenPullsWithHead(
  octokit: Octokit,
  repo: RepoRef,
  headSha: string,
): Promise<PullHead[]> {
  const pulls = await octokit.paginate(octokit.rest.pulls.list, {
    ...repoParams(repo),
    state: "open",
    per_page: 100,
  });
  return pulls.filter((pull) => pull.head.sha === headSha).map(pullHead);
}
