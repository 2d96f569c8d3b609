// The check run of one commit: find ours, create it, update it. Outputs and annotations are
// rendered in src/report; this only carries them to GitHub.
import type { CheckRunAnnotation } from "../report/check-run-annotations.js";
import type { CheckConclusion, CheckRunOutput } from "../report/check-run.js";
import { repoParams } from "./client.js";
import type { Octokit, RepoRef } from "./client.js";

export interface ExistingCheckRun {
  id: number;
  status: string;
}

export interface CheckRunAction {
  label: string;
  description: string;
  identifier: string;
}

export interface CheckRunFields {
  status?: "in_progress" | "completed";
  conclusion?: CheckConclusion;
  details_url?: string;
  output?: CheckRunOutput & { annotations?: CheckRunAnnotation[] };
  actions?: CheckRunAction[];
}

/** The newest run of that name on the commit (of this app when its id is known), in one call. */
export async function findLatestCheckRun(
  octokit: Octokit,
  repo: RepoRef,
  headSha: string,
  name: string,
  appId?: number,
): Promise<ExistingCheckRun | undefined> {
  const { data } = await octokit.rest.checks.listForRef({
    ...repoParams(repo),
    ref: headSha,
    check_name: name,
    filter: "latest",
    ...(appId === undefined ? {} : { app_id: appId }),
  });
  const [latest] = data.check_runs;
  return latest ? { id: latest.id, status: latest.status } : undefined;
}

export async function createCheckRun(
  octokit: Octokit,
  repo: RepoRef,
  run: CheckRunFields & { name: string; head_sha: string },
): Promise<number> {
  const { data } = await octokit.rest.checks.create({ ...repoParams(repo), ...run });
  return data.id;
}

export async function updateCheckRun(
  octokit: Octokit,
  repo: RepoRef,
  checkRunId: number,
  fields: CheckRunFields,
): Promise<void> {
  await octokit.rest.checks.update({
    ...repoParams(repo),
    check_run_id: checkRunId,
    ...fields,
  });
}
