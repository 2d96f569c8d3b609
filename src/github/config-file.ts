// Reads `.github/django-signals.yml` as text. Probot's `context.config()` would parse it for us,
// but it returns plain data: the line numbers an error message needs are lost. So this follows
// the same lookup (the repository's default branch, then the owner's `.github` repository) and
// src/config.ts parses the text.
import { CONFIG_FILE_PATH } from "../config.js";
import { getFileTextAtRef } from "./contents.js";
import type { Octokit, RepoRef } from "./client.js";

export interface ConfigFile {
  text: string;
  /** Where it was read, for messages: `owner/repo:.github/django-signals.yml`. */
  source: string;
}

export async function fetchConfigFile(octokit: Octokit, repo: RepoRef): Promise<ConfigFile | null> {
  const candidates = [repo, { owner: repo.owner, repo: ".github" }];
  for (const candidate of candidates) {
    const text = await getFileTextAtRef(octokit, candidate, CONFIG_FILE_PATH);
    if (text !== null)
      return { text, source: `${candidate.owner}/${candidate.repo}:${CONFIG_FILE_PATH}` };
  }
  return null;
}
