import type { Octokit, PullRef } from "./client.js";

export interface PullState {
  state: string;
  headSha: string;
}

/** Re-read before posting: a result for an old head SHA or a closed PR is dropped. */
export async function getPullState(octokit: Octokit, pull: PullRef): Promise<PullState> {
  const { data } = await octokit.rest.pulls.get({
    owner: pull.owner,
    repo: pull.repo,
    pull_number: pull.pullNumber,
  });
  return { state: data.state, headSha: data.head.sha };
}
