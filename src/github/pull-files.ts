import { pullParams } from "./client.js";
import type { Octokit, PullRef } from "./client.js";

export interface PullFile {
  filename: string;
  previousFilename?: string;
  status: string;
  /** Added plus removed lines. */
  changes: number;
  /** Blob SHA of the head version; null for a removed file. */
  sha: string | null;
  /** Missing when GitHub finds the file's diff too large to show. */
  patch?: string;
}

/** Every changed file, all pages (GitHub lists 3,000 at most). */
export async function listPullFiles(octokit: Octokit, pull: PullRef): Promise<PullFile[]> {
  const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
    ...pullParams(pull),
    per_page: 100,
  });
  return files.map((file) => ({
    filename: file.filename,
    ...(file.previous_filename === undefined ? {} : { previousFilename: file.previous_filename }),
    status: file.status,
    changes: file.changes,
    sha: file.sha,
    ...(file.patch === undefined ? {} : { patch: file.patch }),
  }));
}
