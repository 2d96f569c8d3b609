// What publishing needs, and nothing of Probot: the app hands it an installation's client and its
// logger, the Action an @octokit/rest client with the workflow's token and the workflow log.
import type { Logger, Octokit, PullRef, Sleep } from "../github/client.js";

export interface PublishDeps {
  octokit: Octokit;
  log: Logger;
  sleep: Sleep;
  /** This GitHub App's id: finds our check run among other apps' runs of the same name. */
  appId?: number;
  /** Where docs links point when the repository's config does not say (`DOCS_BASE_URL`). */
  docsBaseUrl?: string;
  /** The login this app comments as: only its comments carry fingerprints that count. */
  botLogin: () => Promise<string>;
}

/** The pull request head a result is about. */
export interface PublishTarget {
  pull: PullRef;
  headSha: string;
}
