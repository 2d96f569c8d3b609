// Repository archives as GitHub serves them: the API answers `302` with a short-lived download URL
// (GitHub Enterprise's own host under `/_codeload/`, like codeload.github.com), and the download
// is a real gzipped tar of the commit's tree. The download needs the URL's token, never the
// installation's: a request carrying an `Authorization` header is recorded as a violation.
import { randomBytes } from "node:crypto";
import { type Handler, notFound, requireRepo, type Reply } from "../http.js";
import type { Commit, Repo } from "../state.js";
import { githubTarball } from "../tarball.js";

export const DOWNLOAD_PREFIX = "/_codeload/";

interface Download {
  repo: Repo;
  commit: Commit;
}

export class ArchiveDownloads {
  private readonly byToken = new Map<string, Download>();
  private readonly gzipped = new Map<string, Buffer>();

  issue(download: Download): string {
    const token = randomBytes(12).toString("hex");
    this.byToken.set(token, download);
    return token;
  }

  /** The download of `/_codeload/<owner>/<repo>/legacy.tar.gz/<sha>?token=...`. */
  serve(url: URL): Reply {
    const download = this.byToken.get(url.searchParams.get("token") ?? "");
    const expected = download && this.pathOf(download);
    if (!download || url.pathname !== expected) return { status: 404, text: "Not Found" };
    const { repo, commit } = download;
    let bytes = this.gzipped.get(commit.sha);
    if (!bytes) {
      const top = `${repo.owner.login}-${repo.name}-${commit.sha.slice(0, 7)}`;
      bytes = githubTarball(commit.tree, top, commit.sha);
      this.gzipped.set(commit.sha, bytes);
    }
    return {
      status: 200,
      bytes,
      headers: {
        "content-type": "application/x-gzip",
        "content-disposition": `attachment; filename=${repo.owner.login}-${repo.name}-${commit.sha.slice(0, 7)}.tar.gz`,
      },
    };
  }

  pathOf({ repo, commit }: Download): string {
    return `${DOWNLOAD_PREFIX}${repo.owner.login}/${repo.name}/legacy.tar.gz/${commit.sha}`;
  }
}

export function archiveRoutes(downloads: ArchiveDownloads): Record<string, Handler> {
  return {
    "repos/download-tarball-archive": (ctx) => {
      const repo = requireRepo(ctx);
      const commit = ctx.state.resolveRef(repo, ctx.params.ref ?? repo.defaultBranch);
      // GitHub has no archive of an empty repository.
      if (!commit || Object.keys(commit.tree).length === 0) throw notFound();
      const download = { repo, commit };
      const token = downloads.issue(download);
      return {
        status: 302,
        headers: { location: `${ctx.urls.web}${downloads.pathOf(download)}?token=${token}` },
      };
    },
  };
}
